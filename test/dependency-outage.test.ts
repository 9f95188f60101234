// Prosa with a dependency gone for a moment: it starts without Redis and shares live events once
// Redis answers; a request whose database connection is lost answers 503 with Retry-After.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket as NetSocket, connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import type { Db } from '../server/db/connection.js';
import * as schema from '../server/db/schema.js';
import { buildApp } from '../server/http/app.js';
import { Bus } from '../server/events/bus.js';
import { freshDatabase } from './support/database.js';
import { spawnProsa } from './support/spawn-prosa.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const config = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);

describe('Redis down at start', () => {
  it('starts, serves its own agents live, and shares events through Redis once it answers', async () => {
    const redisPort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'prosa-redis-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { url, child, output } = await spawnProsa({
      PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'yes', LOG_LEVEL: 'info', DATABASE_URL: '',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));

    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'carla@provedor.demo', password: 'prosa123' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const socket: Socket = connect(url, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
    cleanups.push(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const visitorWrites = async (body: string) => {
      const session = await fetch(`${url}/webchat/demo-webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Visitante' }) });
      const { token } = (await session.json()) as { token: string };
      const sent = await fetch(`${url}/webchat/demo-webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ body }) });
      expect(sent.status).toBe(201);
    };
    const heard = (body: string) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the socket did not hear "${body}"`)), 10_000);
      socket.on('message.created', (event: { payload: { message: { body?: string } } }) => {
        if (event.payload.message.body === body) {
          clearTimeout(timer);
          resolve();
        }
      });
    });

    // Without Redis: this instance's agents get their events.
    const first = heard('sem redis');
    await visitorWrites('sem redis');
    await first;

    const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
    cleanups.push(() => redis.exitCode === null && redis.kill('SIGKILL'));
    const watcher = new Redis(redisPort, '127.0.0.1', { retryStrategy: (times) => (times > 50 ? null : 100) });
    watcher.on('error', () => undefined); // refused until redis-server is up
    cleanups.push(() => watcher.disconnect());
    // Prosa's subscriber registers its pattern when it connects (it retries at most every 5 s).
    await expect.poll(async () => Number(await watcher.pubsub('NUMPAT').catch(() => 0)), { timeout: 15_000, interval: 250 }).toBeGreaterThan(0);
    expect(output()).toMatch(/redis: .*ECONNREFUSED.*only this instance/);
    await expect.poll(output, { timeout: 5_000 }).toMatch(/redis: connected again/);

    // With Redis: the event goes out through it, and the socket connected before still gets it.
    const listener = watcher.duplicate();
    cleanups.push(() => listener.disconnect());
    const published: string[] = [];
    listener.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => published.push(message.toString('latin1')));
    await listener.psubscribe('socket.io#/#*');
    const second = heard('com redis');
    await visitorWrites('com redis');
    await second;
    await expect.poll(() => published.some((m) => m.includes('com redis')), { timeout: 5_000 }).toBe(true);
  }, 120_000);
});

describe('the database out of reach', () => {
  it('answers 503 with Retry-After when PostgreSQL refuses connections, not 500', async () => {
    const port = await freePort();
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/prosa`, connectionTimeoutMillis: 2_000 });
    cleanups.push(() => pool.end());
    const app = await buildApp({ db: drizzle(pool, { schema }) as unknown as Db, bus: new Bus(), config });
    cleanups.push(() => app.close());
    for (const [method, url, payload] of [['GET', '/api/health'], ['POST', '/api/v1/auth/login', { email: 'a@b.test', password: 'x' }]] as const) {
      const answer = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(answer.statusCode, url).toBe(503);
      expect(answer.headers['retry-after']).toBe('5');
      expect(answer.json().error.code).toBe('service_unavailable');
    }
  });

  it('answers 503 for a query the server ended while shutting down (57P01)', async () => {
    const app = await buildApp({ db: null as unknown as Db, bus: new Bus(), config });
    cleanups.push(() => app.close());
    app.get('/boom', async () => {
      const error = new pg.DatabaseError('terminating connection due to administrator command', 0, 'error');
      error.code = '57P01';
      throw new Error('Failed query: select 1', { cause: error }); // as Drizzle wraps it
    });
    const answer = await app.inject({ method: 'GET', url: '/boom' });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
  });

  // A stand-in for a PostgreSQL restart: a TCP relay in front of the real server, cut and restored.
  it.runIf(!!process.env.DATABASE_URL)('answers 503 while PostgreSQL restarts and recovers without a restart of Prosa', async () => {
    const database = await freshDatabase();
    cleanups.push(() => database.close());
    const target = new URL(process.env.DATABASE_URL!);
    const relayPort = await freePort();
    const open = new Set<NetSocket>();
    let relay: Server | undefined;
    const startRelay = () => new Promise<void>((resolve) => {
      relay = createServer((client) => {
        const server = netConnect(Number(target.port || 5432), target.hostname);
        for (const s of [client, server]) {
          open.add(s);
          s.on('close', () => open.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(server).pipe(client);
      });
      relay.listen(relayPort, '127.0.0.1', resolve);
    });
    const cut = async () => {
      await new Promise((resolve) => relay!.close(resolve));
      for (const s of open) s.destroy();
    };
    await startRelay();
    cleanups.push(() => cut().catch(() => undefined));

    // The database the harness made, reached through the relay.
    const name = new URL((database.db as unknown as { $client: pg.Pool }).$client.options.connectionString!).pathname;
    const viaRelay = new URL(process.env.DATABASE_URL!);
    viaRelay.host = `127.0.0.1:${relayPort}`;
    viaRelay.pathname = name;
    const pool = new pg.Pool({ connectionString: viaRelay.toString(), connectionTimeoutMillis: 2_000 });
    pool.on('error', () => undefined);
    cleanups.push(() => pool.end());
    const app = await buildApp({ db: drizzle(pool, { schema }) as unknown as Db, bus: new Bus(), config });
    cleanups.push(() => app.close());
    const health = () => app.inject({ method: 'GET', url: '/api/health' });

    expect((await health()).statusCode).toBe(200);
    await cut();
    const during = await Promise.all([health(), health(), health()]);
    expect(during.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    expect(during[0].headers['retry-after']).toBe('5');
    await startRelay();
    expect((await health()).statusCode).toBe(200);
  });
});
