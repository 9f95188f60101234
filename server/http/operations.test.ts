// What the people running Prosa scrape and probe: /metrics behind its token, /api/ready telling the
// database, Redis and the queue apart, and the figures moving as requests, jobs and failures happen.
import { afterAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { messages } from '../db/schema.js';
import { content, whatsappTestbed } from '../../test/support/whatsapp-testbed.js';
import { buildApp } from './app.js';

const t = await whatsappTestbed();
const { h } = t;
const TOKEN = 'token-de-metricas-de-teste-0123';
const withMetrics: FastifyInstance = await buildApp({ db: h.database.db, bus: h.bus, config: { ...h.app.deps.config, METRICS_TOKEN: TOKEN } });
await withMetrics.ready();
afterAll(() => withMetrics.close());

const scrape = async () => {
  const response = await withMetrics.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.body;
};
/** One sample's value, by its name and labels as Prometheus prints them. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('does not exist without METRICS_TOKEN, and asks for the token when it does', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const none = await withMetrics.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
    const wrong = await withMetrics.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    // Not part of the API's documentation (nor of its route × role matrix): it is for Prometheus.
    const doc = withMetrics.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });

  it('times requests by route pattern and status, never by the ids in the path', async () => {
    const p = await h.provider();
    const carla = await h.login(p.users.supervisor);
    await carla.get('/api/v1/conversations?tab=fila');
    expect((await carla.get('/api/v1/conversations/999999999')).status).toBe(404);
    // The requests went through the first app: the histogram is the process's.
    const text = await scrape();
    expect(sample(text, 'prosa_http_request_duration_seconds_count{method="GET",route="/api/v1/conversations",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'prosa_http_request_duration_seconds_count{method="GET",route="/api/v1/conversations/:id",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('999999999');
  });

  it('counts the queue by kind and how late its oldest job is, and failed deliveries by channel and reason', async () => {
    const p = await t.provider();
    const waId = '5511977001122';
    await t.contactSends(p.channels.whatsapp, { waId, name: 'Contato' }, content.text('oi'));
    const [first] = await h.database.db.select().from(messages).where(and(eq(messages.channelId, p.channels.whatsapp), eq(messages.direction, 'in'))).limit(1);
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
    // The protocol message waits in the queue, an hour late.
    await h.database.db.execute(sql`UPDATE jobs SET run_at = now() - interval '1 hour' WHERE done_at IS NULL AND kind = 'deliver_message'`);
    const queued = await scrape();
    expect(sample(queued, 'prosa_jobs_due{kind="deliver_message"}')).toBeGreaterThanOrEqual(1);
    expect(sample(queued, 'prosa_jobs_oldest_due_seconds{kind="deliver_message"}')).toBeGreaterThan(3500);
    const ready = await withMetrics.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.json().queue).toMatchObject({ state: 'late', oldestDueSeconds: expect.any(Number) });

    const before = sample(queued, 'prosa_delivery_failures_total{channel="whatsapp",reason="131047"}') ?? 0;
    t.graph.failNext(1, { code: 131047 });
    await t.run();
    const after = await scrape();
    expect(sample(after, 'prosa_jobs_due{kind="deliver_message"}') ?? 0).toBe(0);
    expect(sample(after, 'prosa_delivery_failures_total{channel="whatsapp",reason="131047"}')).toBe(before + 1);
  });
});

describe('/api/ready', () => {
  it('tells the database, Redis and the queue apart, and is ready without Redis configured', async () => {
    const response = await withMetrics.inject({ method: 'GET', url: '/api/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ready: true, database: 'ok', redis: 'not_configured', queue: { state: expect.stringMatching(/^(ok|late)$/) } });
  });

  it('is not ready, with 503, while Redis is configured and down', async () => {
    const app = await buildApp({ db: h.database.db, bus: h.bus, config: h.app.deps.config, redisState: () => 'down' });
    await app.ready();
    const response = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ ready: false, database: 'ok', redis: 'down' });
    await app.close();
  });
});
