import { afterAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import { conversations } from '../db/schema.js';
import { loadConfig } from '../config.js';
import { startGateway } from '../live/gateway.js';
import { buildApp } from './app.js';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();

describe('security headers', () => {
  it('sends a script-tight Content-Security-Policy, no framing, nosniff and a same-origin Referrer-Policy on every answer', async () => {
    for (const url of ['/api/health', '/api/docs/', '/api/v1/auth/me', '/nao-existe']) {
      const { headers } = await h.app.inject({ method: 'GET', url });
      const csp = String(headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(headers['x-content-type-options'], url).toBe('nosniff');
      expect(headers['referrer-policy'], url).toBe('same-origin');
      expect(headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from another site\'s page, by Origin or else Referer, and changes nothing', async () => {
    const p = await h.provider();
    const received = await h.inbound(p, { externalId: '5511999990001' });
    if (received.status !== 'stored') throw new Error('the message was not stored');
    const { conversationId } = received;
    const ana = await h.login(p.users.ana);
    const assume = (headers: Record<string, string>) =>
      h.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/assume`, headers: { cookie: ana.cookie, host: 'localhost:3000', ...headers } });

    for (const headers of <Record<string, string>[]>[
      { origin: 'http://localhost:4000' }, // same site, another port: the cookie would travel
      { origin: 'http://localhost:3000.atacante.example' },
      { origin: 'https://atacante.example' },
      { origin: 'null' },
      { referer: 'http://127.0.0.1:4000/pagina.html' },
    ]) {
      const answer = await assume(headers);
      expect(answer.statusCode, JSON.stringify(headers)).toBe(403);
      expect(answer.json().error).toEqual({ code: 'cross_site_request', message: 'Pedido recusado: ele veio de uma página de outro site.' });
    }
    const [row] = await h.database.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(row.responsavelId).toBeNull();

    // Prosa's own page, and a client that is not a page.
    expect((await assume({ origin: 'http://localhost:3000' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: ana.cookie } })).statusCode).toBe(204);
  });

  it('takes PUBLIC_URL as the only origin of Prosa\'s pages when it is set', async () => {
    const app = await buildApp({ db: h.database.db, bus: h.bus, config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'https://chat.provedor.example' } as NodeJS.ProcessEnv) });
    afterAll(() => app.close());
    const login = (origin: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin, host: 'interno:3000' }, payload: { email: 'x@y.test', password: 'z' } });
    expect((await login('https://chat.provedor.example')).statusCode).toBe(401);
    expect((await login('http://interno:3000')).statusCode).toBe(403);
  });

  it('refuses the live feed\'s handshake from another site\'s page', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const app = await buildApp({ db: h.database.db, bus: h.bus, config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv) });
    await app.ready();
    const gateway = await startGateway(app.server, { db: h.database.db, bus: h.bus });
    await app.listen({ port: 0, host: '127.0.0.1' });
    afterAll(async () => {
      await gateway.close();
      await app.close();
    });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const tryConnect = (origin: string, transports: ('websocket' | 'polling')[]) => new Promise<string>((resolve) => {
      const socket = connect(url, { extraHeaders: { cookie: ana.cookie, origin }, transports, reconnection: false, timeout: 5_000 });
      socket.once('connect', () => { socket.disconnect(); resolve('connected'); });
      socket.once('connect_error', (error) => { socket.disconnect(); resolve(`refused: ${error.message}`); });
    });
    expect(await tryConnect(url, ['websocket'])).toBe('connected');
    expect(await tryConnect('http://127.0.0.1:4000', ['websocket'])).toMatch(/^refused/);
    expect(await tryConnect('https://atacante.example', ['polling'])).toMatch(/^refused/);
  });
});
