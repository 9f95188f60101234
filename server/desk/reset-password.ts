// Redefinir senha: an administrator gives a person a new first password (shown once), to be replaced
// at their next login; their sessions end, and a lock from wrong passwords is lifted.
import { and, eq } from 'drizzle-orm';
import { sessions, users } from '../db/schema.js';
import { notFound } from '../errors.js';
import { hashPassword, temporaryPassword } from '../sessions/passwords.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';

export async function resetPassword(scope: AgentScope, { userId }: { userId: number }) {
  requireRole(scope.actor, 'administrador');
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await scope.db.transaction(async (tx) => {
    const [user] = await tx.update(users)
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null })
      .where(and(ofProvider(scope, users.providerId), eq(users.id, userId)))
      .returning({ id: users.id });
    if (!user) throw notFound('Usuário');
    await tx.delete(sessions).where(and(ofProvider(scope, sessions.providerId), eq(sessions.userId, userId)));
  });
  scope.bus.endSessions({ providerId: scope.providerId, userId });
  return { temporaryPassword: password };
}
