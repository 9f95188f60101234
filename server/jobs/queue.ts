// Durable work on the same database: a job is a row, taken with FOR UPDATE SKIP LOCKED and held
// by a lease, so that a worker that dies lets another instance take its job after the lease.
import { sql } from 'drizzle-orm';
import { selectRows, type Executor } from '../db/connection.js';
import { jobs } from '../db/schema.js';

export type JobRow = typeof jobs.$inferSelect;

/**
 * A job failed; `retryable` says whether another attempt may succeed (timeouts, 5xx) or not (4xx),
 * and `retryAfterMs`, when the other side said so, how long to wait before it (not the backoff).
 */
export class JobFailed extends Error {
  constructor(message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'JobFailed';
  }
}

export const LEASE_SECONDS = 60;

/** PostgreSQL delivers a NOTIFY on commit, to every instance listening: the workers wake then. */
export const JOBS_CHANNEL = 'prosa_jobs';

export interface NewJob {
  providerId: number;
  kind: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs with the same key run one after another, in the order queued. */
  orderingKey?: string;
  /** A job that must exist once: queueing another with the same key does nothing. */
  dedupeKey?: string;
}

/**
 * The one way to queue work. Pass the transaction that makes the work necessary, so that both
 * are kept or neither; the workers are woken when it commits. Answers the job, or nothing when
 * one with the same dedupe key was already queued.
 */
export async function enqueue(db: Executor, job: NewJob): Promise<JobRow | undefined> {
  const [row] = await db.insert(jobs).values(job).onConflictDoNothing({ target: [jobs.providerId, jobs.dedupeKey] }).returning();
  if (row) await db.execute(sql`SELECT pg_notify(${JOBS_CHANNEL}, ${job.kind})`);
  return row;
}

/** Takes up to `limit` due jobs for this worker, counting the attempt, for `leaseSeconds`. */
export async function claimJobs(db: Executor, limit: number, kinds: string[], leaseSeconds = LEASE_SECONDS): Promise<JobRow[]> {
  if (kinds.length === 0) return [];
  const rows = await selectRows<Record<string, unknown>>(db, sql`
    UPDATE jobs SET locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM jobs
        WHERE done_at IS NULL AND run_at <= now() AND (locked_until IS NULL OR locked_until < now())
          AND kind IN (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
          -- Not before an earlier job of the same key that is due or running (its retries wait aside).
          AND (ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM jobs earlier
             WHERE earlier.ordering_key = jobs.ordering_key AND earlier.id < jobs.id
               AND earlier.done_at IS NULL AND earlier.ordering_key IS NOT NULL
               AND (earlier.run_at <= now() OR earlier.locked_until >= now())))
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, provider_id, kind, payload, run_at, attempts, max_attempts, locked_until, last_error, ordering_key, dedupe_key, done_at, created_at`);
  return rows.map((r) => ({
    id: Number(r.id),
    providerId: Number(r.provider_id),
    kind: r.kind as string,
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    runAt: new Date(r.run_at as string),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    lockedUntil: r.locked_until ? new Date(r.locked_until as string) : null,
    lastError: (r.last_error as string | null) ?? null,
    orderingKey: (r.ordering_key as string | null) ?? null,
    dedupeKey: (r.dedupe_key as string | null) ?? null,
    doneAt: null,
    createdAt: new Date(r.created_at as string),
  }));
}

export async function completeJob(db: Executor, id: number, error?: string) {
  await db.execute(sql`UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = ${error ?? null} WHERE id = ${id}`);
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s... up to 10 minutes. */
export function backoffMs(attempt: number, random = Math.random()): number {
  const base = Math.min(2_000 * 2 ** (attempt - 1), 600_000);
  return Math.round(base * (0.8 + 0.4 * random));
}

export async function retryJobLater(db: Executor, id: number, delayMs: number, error: string) {
  await db.execute(sql`
    UPDATE jobs SET locked_until = NULL, last_error = ${error}, run_at = now() + make_interval(secs => ${delayMs / 1000})
     WHERE id = ${id}`);
}
