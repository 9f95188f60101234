// Finished jobs and old live events are of no use after a while: a sweep deletes them every hour,
// on each instance (a sweep that finds nothing costs one index probe).
import { sql } from 'drizzle-orm';
import { selectRows, type Executor } from '../db/connection.js';

/**
 * Deletes finished jobs (and refused webhook items) and live events older than their retention, in batches so that no sweep
 * holds many locks at once. Answers how many rows of each went.
 */
export async function sweepRetention(db: Executor, options: { jobsOlderThanDays: number; feedOlderThanDays: number; batch?: number }) {
  const batch = options.batch ?? 5_000;
  const swept = { jobs: 0, feed: 0, rejections: 0 };
  for (;;) {
    const rows = await selectRows(db, sql`
      DELETE FROM jobs WHERE id IN (
        SELECT id FROM jobs WHERE done_at IS NOT NULL AND done_at < now() - make_interval(days => ${options.jobsOlderThanDays})
         LIMIT ${batch})
      RETURNING id`);
    swept.jobs += rows.length;
    if (rows.length < batch) break;
  }
  for (;;) {
    const rows = await selectRows(db, sql`
      DELETE FROM feed WHERE id IN (
        SELECT id FROM feed WHERE created_at < now() - make_interval(days => ${options.feedOlderThanDays})
         LIMIT ${batch})
      RETURNING id`);
    swept.feed += rows.length;
    if (rows.length < batch) break;
  }
  // Refused webhook items are the operator's to read for as long as finished jobs are kept.
  for (;;) {
    const rows = await selectRows(db, sql`
      DELETE FROM webhook_rejections WHERE id IN (
        SELECT id FROM webhook_rejections WHERE created_at < now() - make_interval(days => ${options.jobsOlderThanDays})
         LIMIT ${batch})
      RETURNING id`);
    swept.rejections += rows.length;
    if (rows.length < batch) break;
  }
  return swept;
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
