// What the people running a provider's desk watch (Prometheus, through prom-client): how long each
// route takes, how long a subscriber's message takes to reach the agents' sockets, the job queue's
// depth and age by kind, deliveries that failed by channel and reason, connected sockets. One
// registry per process, as Prometheus scrapes processes; the queue is read when scraped.
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { selectRows, type Executor } from '../db/connection.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'prosa_' });

const SECONDS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const httpDuration = new Histogram({
  name: 'prosa_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route (its pattern, not its ids) and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const liveLatency = new Histogram({
  name: 'prosa_inbound_to_socket_seconds',
  help: "From a contact's message being stored to its event leaving for the agents' sockets.",
  buckets: SECONDS,
  registers: [registry],
});

export const deliveryFailures = new Counter({
  name: 'prosa_delivery_failures_total',
  help: 'Messages to contacts that failed for good, by channel kind and reason (the channel\'s error code).',
  labelNames: ['channel', 'reason'] as const,
  registers: [registry],
});

export const socketsConnected = new Gauge({
  name: 'prosa_sockets_connected',
  help: "Agents' app sockets connected to this instance.",
  registers: [registry],
});

const queueDepth = new Gauge({
  name: 'prosa_jobs_due',
  help: 'Jobs waiting to run (due now or later, not done), by kind.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

const queueAge = new Gauge({
  name: 'prosa_jobs_oldest_due_seconds',
  help: 'How long the oldest job due has waited past its run time, by kind (0 when none is late).',
  labelNames: ['kind'] as const,
  registers: [registry],
});

/** The queue as it is now; served by the jobs_due index (jobs not done). */
export async function queueState(db: Executor): Promise<{ kind: string; due: number; oldestSeconds: number }[]> {
  const rows = await selectRows<{ kind: string; due: number; oldest: number | null }>(db, sql`
    SELECT kind, count(*)::int AS due, EXTRACT(EPOCH FROM now() - min(run_at) FILTER (WHERE run_at <= now()))::float8 AS oldest
      FROM jobs WHERE done_at IS NULL GROUP BY kind`);
  return rows.map((r) => ({ kind: r.kind, due: Number(r.due), oldestSeconds: Math.max(0, Number(r.oldest ?? 0)) }));
}

/** The text Prometheus scrapes, with the queue read now. */
export async function scrape(db: Executor): Promise<{ contentType: string; body: string }> {
  queueDepth.reset();
  queueAge.reset();
  for (const { kind, due, oldestSeconds } of await queueState(db)) {
    queueDepth.set({ kind }, due);
    queueAge.set({ kind }, oldestSeconds);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * A reason Prometheus can count, never free text: Meta's error code ("(#131047) Re-engagement…" →
 * 131047), Telegram's kind of refusal ("Forbidden: bot was blocked by the user" → forbidden), else other.
 */
export function failureReason(error: string): string {
  const meta = /^\(#(\d+)\)/.exec(error)?.[1];
  if (meta) return meta;
  const telegram = /^(Bad Request|Forbidden|Unauthorized|Too Many Requests|Conflict|Not Found):/.exec(error)?.[1];
  return telegram ? telegram.toLowerCase().replaceAll(' ', '_') : 'other';
}
