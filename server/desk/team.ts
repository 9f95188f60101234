// What the Atendentes screen reads and every change to a user checks: the user as the screen shows
// them, and that the provider never loses its last active administrator.
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { users, userSectors } from '../db/schema.js';
import { AppError } from '../errors.js';
import { ofProvider, type AgentScope, type ProviderScope } from '../tenancy/scope.js';

const memberView = {
  id: users.id, name: users.name, email: users.email, role: users.role, active: users.active,
  maxConcurrent: users.maxConcurrent, mustChangePassword: users.mustChangePassword,
  sectorIds: sql<(number | string)[]>`COALESCE(array_agg(${userSectors.sectorId}) FILTER (WHERE ${userSectors.sectorId} IS NOT NULL), '{}')`,
};

/** The provider's users for the Atendentes screen, or one of them; sectors as ids. */
export async function listTeam(scope: ProviderScope & { db: AgentScope['db'] }, only?: { userId: number; tx?: Tx }) {
  const rows = await (only?.tx ?? scope.db)
    .select(memberView)
    .from(users)
    .leftJoin(userSectors, and(eq(userSectors.userId, users.id), eq(userSectors.providerId, users.providerId)))
    .where(and(ofProvider(scope, users.providerId), only ? eq(users.id, only.userId) : undefined))
    .groupBy(users.id, users.providerId)
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, sectorIds: r.sectorIds.map(Number).sort((a, b) => a - b) }));
}

/** Refuses a change that would leave the provider with no active administrator to run the desk. */
export async function requireAnotherAdministrator(tx: Tx, scope: ProviderScope, userId: number) {
  // Taken in order, so two administrators demoting each other at once cannot both succeed.
  const admins = await tx.select({ id: users.id }).from(users)
    .where(and(ofProvider(scope, users.providerId), eq(users.role, 'administrador'), eq(users.active, true), ne(users.id, userId)))
    .orderBy(asc(users.id))
    .for('update');
  if (admins.length === 0) {
    throw new AppError('forbidden', 'O provedor precisa de pelo menos um administrador ativo: promova outra pessoa antes.');
  }
}

/** Replaces a user's sectors with these (already checked to be the provider's). */
export async function setSectors(tx: Tx, scope: ProviderScope, userId: number, sectorIds: number[]) {
  await tx.delete(userSectors).where(and(ofProvider(scope, userSectors.providerId), eq(userSectors.userId, userId)));
  if (sectorIds.length > 0) {
    await tx.insert(userSectors).values(sectorIds.map((sectorId) => ({ providerId: scope.providerId, userId, sectorId })));
  }
}
