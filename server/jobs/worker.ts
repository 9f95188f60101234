// Runs due jobs with their handlers: success completes a job; a retryable failure comes back
// later with backoff (or after the wait the other side asked for); a final one (4xx, or attempts used up) completes it and tells the handler.
import type { Database, Db } from '../db/connection.js';
import { backoffMs, claimJobs, completeJob, JobFailed, JOBS_CHANNEL, retryJobLater, type JobRow } from './queue.js';

export interface JobHandler {
  run(job: JobRow): Promise<void>;
  /** Called once when the job will not be tried again. */
  giveUp?(job: JobRow, reason: string): Promise<void>;
}

export interface WorkerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  /** How the worker hears of jobs queued (by any instance): it wakes on each notification. */
  listen?: Database['listen'];
  /** How often to look for due jobs when nothing woke the worker (retries come due this way). */
  pollMs?: number;
  batch?: number;
  /** How long a claimed job is this worker's (default 60 s); past it another worker may take it. */
  leaseSeconds?: number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** One pass: takes what is due and runs it. Answers how many jobs it ran. */
export async function runDueJobs(options: WorkerOptions): Promise<number> {
  const jobs = await claimJobs(options.db, options.batch ?? 10, Object.keys(options.handlers), options.leaseSeconds);
  await Promise.all(jobs.map((job) => runOne(options, job)));
  return jobs.length;
}

/** Passes until nothing is due (a conversation's next reply becomes due when the one before it is done). */
export async function runUntilIdle(options: WorkerOptions): Promise<number> {
  let total = 0;
  for (let ran = await runDueJobs(options); ran > 0; ran = await runDueJobs(options)) total += ran;
  return total;
}

async function runOne(options: WorkerOptions, job: JobRow) {
  const handler = options.handlers[job.kind];
  try {
    await handler.run(job);
    await completeJob(options.db, job.id);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = error instanceof JobFailed ? error.retryable : true;
    if (retryable && job.attempts < job.maxAttempts) {
      options.log?.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, reason }, 'job failed; will retry');
      const asked = error instanceof JobFailed ? error.retryAfterMs : undefined;
      await retryJobLater(options.db, job.id, asked !== undefined && asked >= 0 ? asked : backoffMs(job.attempts), reason);
      return;
    }
    options.log?.error({ jobId: job.id, kind: job.kind, attempt: job.attempts, reason }, 'job failed for good');
    await handler.giveUp?.(job, reason);
    await completeJob(options.db, job.id, reason);
  }
}

export interface Worker {
  stop(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const loop = async () => {
    timer = undefined;
    try {
      // Keep going while there is work; then sleep until polled or woken.
      if (!stopped) await runUntilIdle(options);
    } catch (error) {
      options.log?.error({ err: error }, 'job worker pass failed');
    }
  };
  const schedule = (delay: number) => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      running = loop().finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule(0);
        } else schedule(options.pollMs ?? 1000);
      });
    }, delay);
  };
  schedule(0);

  const wake = () => {
    if (running) again = true;
    else if (timer) {
      clearTimeout(timer);
      timer = undefined;
      schedule(0);
    }
  };
  const unlisten = await options.listen?.(JOBS_CHANNEL, () => wake());

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await unlisten?.();
      await running;
    },
  };
}
