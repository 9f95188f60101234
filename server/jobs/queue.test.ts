import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { feed, jobs } from '../db/schema.js';
import { createHarness } from '../../test/support/harness.js';
import { enqueue, JobFailed } from './queue.js';
import { composeJobHandlers } from './registry.js';
import { readFeed } from '../events/feed.js';
import { sweepRetention } from './retention.js';
import { runUntilIdle, startWorker } from './worker.js';

const h = await createHarness();
const db = h.database.db;

describe('the job queue', () => {
  it('queues a job with a dedupe key once, however often it is asked', async () => {
    const p = await h.provider();
    const first = await enqueue(db, { providerId: p.providerId, kind: 'test_once', payload: { n: 1 }, dedupeKey: `once:${p.providerId}` });
    const again = await enqueue(db, { providerId: p.providerId, kind: 'test_once', payload: { n: 2 }, dedupeKey: `once:${p.providerId}` });
    expect(first?.id).toBeGreaterThan(0);
    expect(again).toBeUndefined();
    const rows = await db.select().from(jobs).where(eq(jobs.dedupeKey, `once:${p.providerId}`));
    expect(rows.map((r) => r.payload)).toEqual([{ n: 1 }]);
  });

  it('keeps no job of a transaction that rolled back', async () => {
    const p = await h.provider();
    await expect(db.transaction(async (tx) => {
      await enqueue(tx, { providerId: p.providerId, kind: 'test_rollback', payload: {} });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await db.select().from(jobs).where(eq(jobs.kind, 'test_rollback'))).toEqual([]);
  });

  it('wakes the worker when the transaction that queued a job commits, not at the next poll', async () => {
    const p = await h.provider();
    const ran: number[] = [];
    let committedAt = 0;
    const worker = await startWorker({
      db,
      listen: h.database.listen,
      // Only a notification can make it run within the test.
      pollMs: 600_000,
      handlers: { test_wake: { run: async (job) => void ran.push(Date.now() - committedAt, job.id) } },
    });
    try {
      // Its first pass runs at start; wait for it to go to sleep.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await db.transaction(async (tx) => {
        await enqueue(tx, { providerId: p.providerId, kind: 'test_wake', payload: {} });
        // Not before the commit: the job is not visible to the worker yet.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(ran).toEqual([]);
      });
      committedAt = Date.now();
      await expect.poll(() => ran.length, { timeout: 5_000 }).toBe(2);
      expect(ran[0]).toBeLessThan(5_000);
    } finally {
      await worker.stop();
    }
  });

  it('composes one registry from every module and refuses a kind claimed twice', () => {
    const handler = { run: async () => {} };
    expect(Object.keys(composeJobHandlers({ channels: { a: handler }, isp: { b: handler } }))).toEqual(['a', 'b']);
    expect(() => composeJobHandlers({ channels: { a: handler }, isp: { a: handler } })).toThrow('"a" is registered by both channels and isp');
  });
});

describe('the worker', () => {
  it('retries a failed job after the wait the other side asked for, instead of its backoff', async () => {
    const p = await h.provider();
    const job = await enqueue(db, { providerId: p.providerId, kind: 'test_retry_after', payload: {} });
    const before = Date.now();
    await runUntilIdle({ db, handlers: { test_retry_after: { run: async () => { throw new JobFailed('Too Many Requests', true, 45_000); } } } });
    const [row] = await db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(row).toMatchObject({ attempts: 1, doneAt: null, lastError: 'Too Many Requests' });
    expect(row.runAt.getTime() - before).toBeGreaterThanOrEqual(44_000);
    expect(row.runAt.getTime() - before).toBeLessThan(47_000);
  });
});

describe('the retention sweep', () => {
  it('deletes finished jobs and live events older than their retention, and nothing else', async () => {
    const p = await h.provider();
    const kind = `test_sweep_${p.providerId}`;
    const old = await enqueue(db, { providerId: p.providerId, kind, payload: { age: 'old' } });
    const recent = await enqueue(db, { providerId: p.providerId, kind, payload: { age: 'recent' } });
    const waiting = await enqueue(db, { providerId: p.providerId, kind, payload: { age: 'old, not done' } });
    await runUntilIdle({ db, handlers: { [kind]: { run: async (job) => { if (job.id === waiting!.id) throw new Error('not yet'); } } } });
    await db.execute(sql`UPDATE jobs SET done_at = now() - interval '31 days', created_at = now() - interval '31 days' WHERE id = ${old!.id}`);
    await db.execute(sql`UPDATE jobs SET created_at = now() - interval '31 days' WHERE id = ${waiting!.id}`);
    const [oldEvent, recentEvent] = await db.insert(feed).values([
      { providerId: p.providerId, type: 'counts.changed', payload: {}, createdAt: new Date(Date.now() - 8 * 86_400_000) },
      { providerId: p.providerId, type: 'counts.changed', payload: {}, createdAt: new Date() },
    ]).returning({ id: feed.id });

    const swept = await sweepRetention(db, { jobsOlderThanDays: 30, feedOlderThanDays: 7, batch: 1 });
    expect(swept.jobs).toBeGreaterThanOrEqual(1);
    expect(swept.feed).toBeGreaterThanOrEqual(1);
    const left = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, kind));
    expect(left.map((r) => r.id).sort()).toEqual([recent!.id, waiting!.id].sort());
    const events = await db.select({ id: feed.id }).from(feed).where(eq(feed.providerId, p.providerId));
    expect(events.map((e) => e.id)).toContain(recentEvent.id);
    expect(events.map((e) => e.id)).not.toContain(oldEvent.id);
  });

  it('tells a client whose last seen event was swept to load again instead of replaying', async () => {
    const p = await h.provider();
    const scope = h.scopeOf(p, p.users.supervisor, 'supervisor', []);
    const [seen, after] = await db.insert(feed).values([
      { providerId: p.providerId, type: 'counts.changed', payload: {}, createdAt: new Date(Date.now() - 8 * 86_400_000) },
      { providerId: p.providerId, type: 'counts.changed', payload: {}, createdAt: new Date() },
    ]).returning({ id: feed.id });
    expect(await readFeed(scope, seen.id)).toMatchObject({ events: [{ id: after.id }], more: false });
    await sweepRetention(db, { jobsOlderThanDays: 30, feedOlderThanDays: 7 });
    expect(await readFeed(scope, seen.id)).toEqual({ events: [], more: true });
    expect(await readFeed(scope, after.id)).toEqual({ events: [], more: false });
  });
});
