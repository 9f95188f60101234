// Trocar senha: the person proves the current password and chooses a new one (a temporary one given
// by an administrator must be replaced this way before anything else). Other sessions of the
// account end; the one changing it stays.
import { verify } from '@node-rs/argon2';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { sessions, users } from '../db/schema.js';
import type { Bus } from '../events/bus.js';
import { AppError } from '../errors.js';
import { hashPassword } from './passwords.js';
import { hashToken, type Session } from './sessions.js';

export interface ChangePasswordInput {
  session: Session;
  token: string;
  currentPassword: string;
  newPassword: string;
}

export async function changePassword(db: Db, bus: Bus, input: ChangePasswordInput) {
  const { session } = input;
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, session.actor.userId));
  if (!user || !(await verify(user.passwordHash, input.currentPassword).catch(() => false))) {
    throw new AppError('validation_failed', 'A senha atual não confere.');
  }
  if (input.newPassword === input.currentPassword) throw new AppError('validation_failed', 'A nova senha precisa ser diferente da atual.');
  const passwordHash = await hashPassword(input.newPassword);
  const current = hashToken(input.token);
  const ended = await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, session.actor.userId));
    return tx.delete(sessions)
      .where(and(eq(sessions.userId, session.actor.userId), ne(sessions.tokenHash, current)))
      .returning({ tokenHash: sessions.tokenHash });
  });
  for (const { tokenHash } of ended) bus.endSessions({ tokenHash });
}
