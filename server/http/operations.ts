// What the people running Prosa look at, outside the agents' API: /api/health (the process answers
// and reaches its database: for a load balancer), /api/ready (each part's state told apart: the
// database, Redis, the job queue) and /metrics (Prometheus, with a bearer token).
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { httpDuration, queueState, scrape } from '../metrics/metrics.js';
import { AppError, notFound } from '../errors.js';
import type { AppDeps } from './app.js';

/** A job due longer than this means the workers are not keeping up (or none runs). */
const QUEUE_LATE_SECONDS = 300;

const PartState = z.enum(['ok', 'down', 'not_configured', 'late']);
const ReadyShape = z.object({
  ready: z.boolean(),
  database: PartState,
  redis: PartState,
  queue: z.object({ state: PartState, due: z.number(), oldestDueSeconds: z.number() }),
});

export function registerOperationsRoutes(app: FastifyInstance, deps: AppDeps) {
  // Every answer's time, by route pattern (never the ids in its path) and status.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/health', {
    schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => {
    await deps.db.execute(sql`SELECT 1`);
    return { status: 'ok' as const };
  });

  api.get('/api/ready', {
    schema: {
      tags: ['health'],
      summary: 'Whether this instance can serve: the database, Redis (when configured) and the job queue, each told apart; 503 when not',
      response: { 200: ReadyShape, 503: ReadyShape },
    },
  }, async (_request, reply) => {
    const jobs = await queueState(deps.db).catch(() => null);
    const database = jobs === null ? 'down' : 'ok';
    const redis = deps.redisState?.() ?? 'not_configured';
    const due = jobs?.reduce((sum, j) => sum + j.due, 0) ?? 0;
    const oldestDueSeconds = Math.round(Math.max(0, ...(jobs ?? []).map((j) => j.oldestSeconds)));
    const queue = { state: jobs === null ? 'down' as const : oldestDueSeconds > QUEUE_LATE_SECONDS ? 'late' as const : 'ok' as const, due, oldestDueSeconds };
    // A late queue is worth an alert, not taking the instance out of the balancer.
    const ready = database === 'ok' && redis !== 'down';
    return reply.status(ready ? 200 : 503).send({ ready, database, redis, queue });
  });

  // Not in the API's documentation: for Prometheus, not for agents or integrations.
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = deps.config.METRICS_TOKEN;
    if (!token) throw notFound('Rota');
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) {
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('unauthenticated', 'Informe o token de métricas (Authorization: Bearer).');
    }
    const { contentType, body } = await scrape(deps.db);
    return reply.header('content-type', contentType).send(body);
  });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
