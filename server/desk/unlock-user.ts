// A supervisor lets a locked account log in again at once (the agent is at their desk, identified).
import { and, eq } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { notFound } from '../errors.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';

export async function unlockUser(scope: AgentScope, { userId }: { userId: number }): Promise<void> {
  requireRole(scope.actor, 'supervisor', 'administrador');
  const updated = await scope.db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(and(ofProvider(scope, users.providerId), eq(users.id, userId)))
    .returning({ id: users.id });
  if (updated.length === 0) throw notFound('Usuário');
}
