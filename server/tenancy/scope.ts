// Who is acting, for which provider, and what they may touch. Every query is scoped through
// `ofProvider`, never by hand.
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/connection.js';
import type { Bus } from '../events/bus.js';
import { AppError } from '../errors.js';

export type Role = 'administrador' | 'supervisor' | 'atendente';

export interface Actor {
  userId: number;
  name: string;
  role: Role;
  sectorIds: number[];
}

/** A provider's desk, as seen by the system (inbound channels, jobs). */
export interface ProviderScope {
  db: Db;
  bus: Bus;
  providerId: number;
}

/** A provider's desk, as seen by a logged-in user. */
export interface AgentScope extends ProviderScope {
  actor: Actor;
}

export const ofProvider = (scope: { providerId: number }, column: PgColumn): SQL =>
  eq(column, scope.providerId);

/** A provider's row as its key names it, id and provider_id: one shard under Citus (docs/citus.md). */
export const sameRow = (table: { id: PgColumn; providerId: PgColumn }, row: { id: number; providerId: number }): SQL =>
  and(eq(table.providerId, row.providerId), eq(table.id, row.id))!;

export const seesEverySector = (actor: Actor) => actor.role !== 'atendente';

export interface ConversationAccess {
  sectorId: number | null;
  responsavelId: number | null;
}

/** Atendentes work their sectors' conversations, the ones with no sector, and their own. */
export function canSee(actor: Actor, conversation: ConversationAccess): boolean {
  if (seesEverySector(actor)) return true;
  if (conversation.responsavelId === actor.userId) return true;
  return conversation.sectorId === null || actor.sectorIds.includes(conversation.sectorId);
}

/**
 * Acting on an attended conversation is its responsável's job, or a supervisor's; one nobody
 * attends yet (Fila, bot) is open to every agent who sees it.
 */
export function requireResponsavel(actor: Actor, conversation: ConversationAccess): void {
  if (seesEverySector(actor) || conversation.responsavelId === null || conversation.responsavelId === actor.userId) return;
  throw new AppError('not_responsavel', 'Somente o responsável pela conversa ou um supervisor pode fazer isso.');
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new AppError('forbidden', 'Seu perfil não permite esta ação.');
  }
}
