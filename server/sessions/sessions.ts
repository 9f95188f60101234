// Login sessions: a random token in an httpOnly cookie, stored only as its hash.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import { verify } from '@node-rs/argon2';
import type { Db, Executor } from '../db/connection.js';
import { logins, providers, sessions, users, userSectors } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Actor } from '../tenancy/scope.js';
import { clearLoginFailures, reserveLoginAttempt, type LockoutPolicy } from './login-lockout.js';

export const SESSION_COOKIE = 'prosa_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// A token is `<provider id>.<random>`: its session is found on its provider's shard under Citus
// (docs/citus.md). A token from before (no provider) is still looked up by its hash alone.
const sessionOf = (token: string) => {
  const providerId = Number(token.split('.', 1)[0]);
  const byHash = eq(sessions.tokenHash, hashToken(token));
  return token.includes('.') && Number.isSafeInteger(providerId) ? and(eq(sessions.providerId, providerId), byHash)! : byHash;
};

export interface Session {
  providerId: number;
  chatEnabled: boolean;
  /** Logged in with a first password an administrator gave: nothing but choosing one's own until then. */
  mustChangePassword: boolean;
  presence: { status: 'online' | 'pausa' | 'offline'; pauseReason: string | null };
  actor: Actor & { email: string };
}

// Verifying against a real hash when the email is unknown keeps both answers equally slow.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$k7hJNJJlzjp7UbTZBBgfLw$g4oMac5ow9eF0fKB67DLXP4bdG31AwHsD+moIEUv7qk';

/** Records the logins of users just added: each email opens its provider's desk (see logins in the schema). */
export async function addLogins(db: Executor, added: { id: number; providerId: number; email: string }[]) {
  if (added.length > 0) await db.insert(logins).values(added.map((u) => ({ email: u.email, providerId: u.providerId, userId: u.id })));
}

export async function login(db: Db, email: string, password: string, days: number, lockout: LockoutPolicy) {
  // Which provider first (any node answers it under Citus), then the user on their provider's shard.
  const [known] = await db
    .select({ providerId: logins.providerId, userId: logins.userId })
    .from(logins)
    .where(eq(sql`lower(${logins.email})`, email.trim().toLowerCase()));
  const [user] = known
    ? await db.select().from(users)
      .where(and(eq(users.providerId, known.providerId), eq(users.id, known.userId), eq(users.active, true)))
    : [];
  if (user) await reserveLoginAttempt(db, user, lockout);
  const ok = await verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
  if (!user || !ok) throw new AppError('invalid_credentials', 'E-mail ou senha incorretos.');
  await clearLoginFailures(db, user);
  const token = `${user.providerId}.${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await db.insert(sessions).values({ tokenHash: hashToken(token), providerId: user.providerId, userId: user.id, expiresAt });
  return { token, expiresAt };
}

export async function logout(db: Db, token: string) {
  const [ended] = await db.delete(sessions).where(sessionOf(token)).returning({ userId: sessions.userId, providerId: sessions.providerId });
  // Leaving the desk: no conversation is handed to them automatically any more.
  if (ended) {
    await db.update(users).set({ presence: 'offline', pauseReason: null, presenceChangedAt: new Date() })
      .where(and(eq(users.providerId, ended.providerId), eq(users.id, ended.userId), ne(users.presence, 'offline')));
  }
}

/** The session behind a cookie, with its user's sectors: one statement, as it runs before every request. */
export async function resolveSession(db: Db, token: string | undefined): Promise<Session | null> {
  if (!token) return null;
  const [row] = await db
    .select({
      userId: users.id, name: users.name, email: users.email, role: users.role,
      providerId: users.providerId, chatEnabled: providers.chatEnabled, mustChangePassword: users.mustChangePassword,
      presence: users.presence, pauseReason: users.pauseReason,
      sectorIds: sql<number[]>`ARRAY(SELECT ${userSectors.sectorId} FROM ${userSectors} WHERE ${userSectors.providerId} = ${users.providerId} AND ${userSectors.userId} = ${users.id} ORDER BY 1)`,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.providerId, sessions.providerId), eq(users.id, sessions.userId)))
    .innerJoin(providers, eq(providers.id, users.providerId))
    .where(and(sessionOf(token), gt(sessions.expiresAt, new Date()), eq(users.active, true)));
  if (!row) return null;
  return {
    providerId: row.providerId,
    chatEnabled: row.chatEnabled,
    mustChangePassword: row.mustChangePassword,
    presence: { status: row.presence, pauseReason: row.pauseReason },
    actor: { userId: row.userId, name: row.name, email: row.email, role: row.role, sectorIds: row.sectorIds.map(Number) },
  };
}
