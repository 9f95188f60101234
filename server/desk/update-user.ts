// Editar atendente: name, role, sectors, maximum of simultaneous conversations, active. Deactivating
// ends the person's sessions and sockets at once; the last active administrator stays one.
import { and, eq } from 'drizzle-orm';
import { sessions, users } from '../db/schema.js';
import { notFound } from '../errors.js';
import { ofProvider, requireRole, type AgentScope, type Role, sameRow } from '../tenancy/scope.js';
import { requireChanges, requireSectors } from './catalog-rules.js';
import { listTeam, requireAnotherAdministrator, setSectors } from './team.js';

export interface UpdateUserInput {
  id: number;
  name?: string;
  role?: Role;
  sectorIds?: number[];
  maxConcurrent?: number;
  active?: boolean;
}

export async function updateUser(scope: AgentScope, input: UpdateUserInput) {
  requireRole(scope.actor, 'administrador');
  const { id, sectorIds, ...changes } = input;
  requireChanges({ ...changes, sectorIds });
  const ended = await scope.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(and(ofProvider(scope, users.providerId), eq(users.id, id))).for('update');
    if (!user) throw notFound('Usuário');
    const stopsBeingAdmin = user.role === 'administrador' && user.active
      && ((changes.role !== undefined && changes.role !== 'administrador') || changes.active === false);
    if (stopsBeingAdmin) await requireAnotherAdministrator(tx, scope, user.id);
    if (Object.values(changes).some((value) => value !== undefined)) {
      await tx.update(users).set(changes).where(sameRow(users, user));
    }
    if (sectorIds) await setSectors(tx, scope, user.id, await requireSectors(tx, scope, sectorIds));
    const deactivated = user.active && changes.active === false;
    if (deactivated) await tx.delete(sessions).where(and(ofProvider(scope, sessions.providerId), eq(sessions.userId, user.id)));
    return deactivated || changes.role !== undefined || sectorIds !== undefined;
  });
  // A deactivated person, or one whose role or sectors changed, reconnects to see only what they now may.
  if (ended) scope.bus.endSessions({ providerId: scope.providerId, userId: id });
  const [user] = await listTeam(scope, { userId: id });
  return user;
}
