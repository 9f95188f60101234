// "Online" must mean someone is there: an agent who closed the browser (or lost the connection) and
// did not come back within a few minutes goes offline by themself, so that automatic assignment
// stops handing them conversations nobody would answer. The live gateway keeps last_seen_at fresh
// while the agent's app is connected; a sweep on every instance turns the absent ones offline.
import { and, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { users } from '../db/schema.js';

/** How long an agent's app may be gone before they count as offline. */
export const ABSENT_AFTER_MS = 3 * 60_000;
/** How often a connected app's presence is refreshed (well within ABSENT_AFTER_MS). */
export const SEEN_EVERY_MS = 60_000;

/** The agents whose app is connected now. */
export async function markSeen(db: Executor, userIds: number[]) {
  if (userIds.length === 0) return;
  await db.update(users).set({ lastSeenAt: sql`now()` }).where(inArray(users.id, userIds));
}

/** Online or in pausa, and not seen for ABSENT_AFTER_MS: offline now. Answers who. */
export async function markAbsentOffline(db: Executor, absentAfterMs = ABSENT_AFTER_MS) {
  return db.update(users)
    .set({ presence: 'offline', pauseReason: null, presenceChangedAt: sql`now()` })
    .where(and(
      ne(users.presence, 'offline'),
      sql`(${users.lastSeenAt} IS NULL OR ${users.lastSeenAt} < now() - make_interval(secs => ${absentAfterMs / 1000}))`,
    ))
    .returning({ id: users.id, providerId: users.providerId });
}

export function startPresenceSweep(db: Executor, options: { everyMs?: number; log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void } } = {}) {
  const timer = setInterval(() => {
    markAbsentOffline(db).then(
      (gone) => { if (gone.length > 0) options.log?.info({ users: gone.map((u) => u.id) }, 'absent agents set offline'); },
      (error) => options.log?.error({ err: error }, 'presence sweep failed'),
    );
  }, options.everyMs ?? SEEN_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
