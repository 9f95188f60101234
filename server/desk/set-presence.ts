// Online, pausa (with a reason) or offline: set by the agents themselves, seen by supervisors. Only
// online agents receive conversations automatically; going offline keeps one's conversations (a
// supervisor moves them if needed), coming online lets one's sectors hand out their Fila.
import { and, asc, eq, sql } from 'drizzle-orm';
import { conversations, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { autoSectorsOf, requestAssignment } from './auto-assign.js';

export type Presence = 'online' | 'pausa' | 'offline';

export async function setPresence(scope: AgentScope, input: { presence: Presence; pauseReason?: string | null }) {
  const pauseReason = input.presence === 'pausa' ? input.pauseReason?.trim() || null : null;
  if (input.presence === 'pausa' && !pauseReason) throw new AppError('validation_failed', 'Diga o motivo da pausa (almoço, reunião...).');
  return scope.db.transaction(async (tx) => {
    await tx.update(users).set({ presence: input.presence, pauseReason, presenceChangedAt: new Date() })
      .where(and(ofProvider(scope, users.providerId), eq(users.id, scope.actor.userId)));
    if (input.presence === 'online') await requestAssignment(tx, scope, await autoSectorsOf(tx, scope, scope.actor.userId));
    return { presence: input.presence, pauseReason };
  });
}

/** Everyone's status and load, for supervisors and administrators. */
export async function listPresence(scope: AgentScope) {
  requireRole(scope.actor, 'supervisor', 'administrador');
  const open = sql<number>`(SELECT count(*)::int FROM ${conversations} c
    WHERE c.provider_id = ${scope.providerId} AND c.responsavel_id = "users"."id" AND c.situacao = 'chat')`;
  const rows = await scope.db.select({
    id: users.id, name: users.name, presence: users.presence, pauseReason: users.pauseReason,
    since: users.presenceChangedAt, openConversations: open, maxConcurrent: users.maxConcurrent,
  }).from(users)
    .where(and(ofProvider(scope, users.providerId), eq(users.active, true)))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, since: r.since?.toISOString() ?? null, openConversations: Number(r.openConversations) }));
}
