// Finished jobs and old live events are of no use after a while: a sweep deletes them every hour,
// on each instance (a sweep that finds nothing costs one index probe).
import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type Executor } from '../db/connection.js';

/**
 * Deletes finished jobs (and refused webhook items) and live events older than their retention, in
 * batches so that no sweep holds many locks at once. Answers how many rows of each went.
 */
export async function sweepRetention(db: Executor, options: { jobsOlderThanDays: number; feedOlderThanDays: number; batch?: number }) {
  const batch = options.batch ?? 5_000;
  const olderThan = (column: SQL, days: number) => sql`${column} < now() - make_interval(days => ${days})`;
  return {
    jobs: await deleteInBatches(db, sql`jobs`, sql`done_at IS NOT NULL AND ${olderThan(sql`done_at`, options.jobsOlderThanDays)}`, batch),
    feed: await deleteInBatches(db, sql`feed`, olderThan(sql`created_at`, options.feedOlderThanDays), batch),
    // Refused webhook items are the operator's to read for as long as finished jobs are kept.
    rejections: await deleteInBatches(db, sql`webhook_rejections`, olderThan(sql`created_at`, options.jobsOlderThanDays), batch),
  };
}

/** DELETE ... WHERE `condition`, `batch` rows at a time until none is left; answers how many went. */
async function deleteInBatches(db: Executor, table: SQL, condition: SQL, batch: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await selectRows(db, sql`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${condition} LIMIT ${batch}) RETURNING id`);
    deleted += rows.length;
    if (rows.length < batch) return deleted;
  }
}

export interface RetentionOptions {
  jobsOlderThanDays: number;
  feedOlderThanDays: number;
  everyMs?: number;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export function startRetentionSweep(db: Executor, options: RetentionOptions): { stop(): void } {
  const sweep = async () => {
    try {
      const swept = await sweepRetention(db, options);
      if (swept.jobs + swept.feed + swept.rejections > 0) options.log?.info(swept, 'retention sweep');
    } catch (error) {
      options.log?.error({ err: error }, 'retention sweep failed');
    }
  };
  const first = setTimeout(() => void sweep(), 60_000);
  const timer = setInterval(() => void sweep(), options.everyMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
