// Account lockout: every login attempt on an account is counted before its password is checked,
// so that a burst of parallel guesses cannot slip in before the first failure is written; from the
// Nth failure on, the account refuses logins for a delay that doubles up to a cap. The right
// password after the delay works and clears the count: nobody is locked out for good. Counted in
// the database, so every instance sees the same count.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { selectRows } from '../db/connection.js';
import { users } from '../db/schema.js';
import { AppError } from '../errors.js';

export interface LockoutPolicy {
  /** Failures before the first delay. */
  after: number;
  /** The first delay; each further failure doubles it. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/** Counts an attempt on the account, or refuses it while the account is locked. */
export async function reserveLoginAttempt(db: Db, user: { id: number; providerId: number }, policy: LockoutPolicy): Promise<void> {
  const { after, firstDelaySeconds, maxDelaySeconds } = policy;
  // One statement: two instances counting the same account cannot both read the old count.
  const counted = await selectRows<{ failed_logins: number }>(db, sql`
    UPDATE users SET
      failed_logins = failed_logins + 1,
      locked_until = CASE WHEN failed_logins + 1 >= ${after}
        THEN now() + make_interval(secs => least(${firstDelaySeconds}::float8 * power(2, least(failed_logins + 1 - ${after}, 30)), ${maxDelaySeconds}::float8))
        ELSE NULL END
    WHERE provider_id = ${user.providerId} AND id = ${user.id} AND (locked_until IS NULL OR locked_until <= now())
    RETURNING failed_logins`);
  if (counted.length > 0) return;
  const [lock] = await selectRows<{ seconds: number }>(db, sql`
    SELECT greatest(1, ceil(extract(epoch FROM locked_until - now())))::int AS seconds FROM users WHERE provider_id = ${user.providerId} AND id = ${user.id}`);
  const seconds = lock?.seconds ?? 1;
  throw new AppError('account_locked', `Muitas tentativas com senha errada. Por segurança, esta conta só aceita um novo login ${inTime(seconds)}.`, {
    retryAfterSeconds: seconds,
  });
}

/** The right password: the count starts over. */
export async function clearLoginFailures(db: Db, user: { id: number; providerId: number }): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(and(eq(users.providerId, user.providerId), eq(users.id, user.id)));
}

function inTime(seconds: number): string {
  if (seconds < 60) return `daqui a ${seconds} segundo${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `daqui a ${minutes} minuto${minutes === 1 ? '' : 's'}`;
}
