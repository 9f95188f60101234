// One test file's Prosa: a fresh database, the real bus and the real HTTP app (requests injected),
// and helpers to log in and to make a contact write in.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/connection.js';
import { receiveMessage, type InboundMessage } from '../../server/desk/receive-message.js';
import type { AgentScope, Role } from '../../server/tenancy/scope.js';
import { buildApp } from '../../server/http/app.js';
import { Bus } from '../../server/events/bus.js';
import { freshDatabase } from './database.js';
import { PASSWORD, createProvider, type ProviderFixture, type UserFixture } from './fixtures.js';

export interface Harness {
  database: Database;
  bus: Bus;
  app: FastifyInstance;
  provider(slug?: string, options?: { chatEnabled?: boolean }): Promise<ProviderFixture>;
  login(user: UserFixture): Promise<Client>;
  /** A browser with no session. */
  anonymous(): Client;
  inbound(provider: ProviderFixture, input: Partial<InboundMessage> & { externalId: string }): ReturnType<typeof receiveMessage>;
  scopeOf(provider: ProviderFixture, user: UserFixture, role: Role, sectorIds: number[]): AgentScope;
}

export interface Client {
  cookie: string;
  request(method: InjectOptions['method'], url: string, body?: unknown): Promise<{ status: number; body: any }>;
  get(url: string): Promise<{ status: number; body: any }>;
  post(url: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** POST /api/v1/files as a browser does (multipart, one field). */
  upload(filename: string, bytes: Buffer, type?: string, field?: string): Promise<{ status: number; body: any }>;
}

let slugs = 0;

/** Call at the top of a test file; everything it opens is closed after the file's tests. */
export async function createHarness(options: { env?: Record<string, string> } = {}): Promise<Harness> {
  const database = await freshDatabase();
  const bus = new Bus();
  // Files a test uploads go to a folder of its own, removed with the rest after the file's tests.
  const dataDir = mkdtempSync(join(tmpdir(), 'prosa-data-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...options.env } as NodeJS.ProcessEnv);
  const app = await buildApp({ db: database.db, bus, config });
  await app.ready();
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const clientFor = (cookie: string): Client => {
    const request = async (method: InjectOptions['method'], url: string, body?: unknown) => {
      const response = await app.inject({ method, url, headers: { cookie }, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
      const json = String(response.headers['content-type'] ?? '').includes('application/json');
      return { status: response.statusCode, body: json ? response.json() : response.body || null };
    };
    const upload = async (filename: string, bytes: Buffer, type = 'application/octet-stream', field = 'file') => {
      const boundary = `prosa${randomBytes(8).toString('hex')}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      return { status: response.statusCode, body: response.json() };
    };
    return { cookie, request, get: (url) => request('GET', url), post: (url, body) => request('POST', url, body), upload };
  };

  return {
    database,
    bus,
    app,
    provider: (slug = `p${++slugs}`, options) => createProvider(database.db, slug, options),
    anonymous: () => clientFor(''),
    async login(user) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login failed for ${user.email}: ${response.body}`);
      const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return clientFor(cookie);
    },
    inbound(provider, input) {
      return receiveMessage({ db: database.db, bus, providerId: provider.providerId }, {
        channelId: provider.channels.whatsapp,
        contactName: 'Contato de Teste',
        type: 'text',
        body: 'Olá',
        ...input,
      });
    },
    scopeOf(provider, user, role, sectorIds) {
      return { db: database.db, bus, providerId: provider.providerId, actor: { userId: user.id, name: user.name, role, sectorIds } };
    },
  };
}
