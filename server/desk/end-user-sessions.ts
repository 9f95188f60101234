// A user loses their sessions: when they are deactivated, or their role or sectors change, the
// sessions (and the live sockets they opened, which keep the rooms of the old access) end at once.
// Whoever changes a user's access calls this in the same request; the user logs in again.
import { and, eq } from 'drizzle-orm';
import { sessions } from '../db/schema.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';

export async function endUserSessions(scope: ProviderScope, { userId }: { userId: number }): Promise<void> {
  await scope.db.delete(sessions).where(and(ofProvider(scope, sessions.providerId), eq(sessions.userId, userId)));
  scope.bus.endSessions({ providerId: scope.providerId, userId });
}
