// The accounts of the provider whose logins are refused right now after wrong passwords, for a
// supervisor to notice someone guessing (or an agent who forgot the password).
import { and, asc, gt, sql } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';

export async function listLockedUsers(scope: AgentScope) {
  requireRole(scope.actor, 'supervisor', 'administrador');
  const rows = await scope.db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, failedLogins: users.failedLogins, lockedUntil: users.lockedUntil })
    .from(users)
    .where(and(ofProvider(scope, users.providerId), gt(users.lockedUntil, sql`now()`)))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, lockedUntil: r.lockedUntil!.toISOString() }));
}
