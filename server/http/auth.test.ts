import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';
import { PASSWORD } from '../../test/support/fixtures.js';

const h = await createHarness();

describe('logging in and out', () => {
  it('sets an httpOnly session cookie that identifies the user, and forgets it on logout', async () => {
    const p = await h.provider();
    const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: p.users.ana.email.toUpperCase(), password: PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'prosa_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const header = { cookie: `prosa_session=${cookie.value}` };
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: header });
    expect(me.json()).toEqual({
      user: { id: p.users.ana.id, name: 'Ana Souza', email: p.users.ana.email, role: 'atendente', sectorIds: [p.sectors.suporte] },
      providerId: p.providerId,
      chatEnabled: true,
      mustChangePassword: false,
      presence: { status: 'offline', pauseReason: null },
    });
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: header })).statusCode).toBe(204);
    const after = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: header });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: { code: 'unauthenticated', message: 'Faça login para continuar.' } });
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const p = await h.provider();
    for (const payload of [{ email: p.users.ana.email, password: 'errada' }, { email: 'ninguem@lugar.test', password: PASSWORD }]) {
      const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'invalid_credentials', message: 'E-mail ou senha incorretos.' } });
    }
  });

  it('answers bad input with 400 and a clear message, never a 500', async () => {
    const cases = [
      { payload: {}, contentType: 'application/json' },
      { payload: { email: 'não é email', password: 'x' }, contentType: 'application/json' },
      { payload: '{"email": ', contentType: 'application/json' },
    ];
    for (const c of cases) {
      const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: c.payload, headers: { 'content-type': c.contentType } });
      expect(response.statusCode, JSON.stringify(c.payload)).toBe(400);
      expect(response.json().error.message.length).toBeGreaterThan(5);
    }
  });

  it('needs a session for every desk route', async () => {
    for (const url of ['/api/v1/conversations', '/api/v1/conversations/1', '/api/v1/tags', '/api/v1/feed?after=0']) {
      const response = await h.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
    }
  });

  it('limits login attempts', async () => {
    let last = 0;
    for (let i = 0; i < 25; i++) {
      last = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'forca@bruta.test', password: `x${i}` } })).statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('the chat module', () => {
  it('answers "module not enabled" everywhere for a provider that has not contracted it', async () => {
    const p = await h.provider(undefined, { chatEnabled: false });
    const admin = await h.login(p.users.admin);
    expect((await admin.get('/api/v1/auth/me')).body.chatEnabled).toBe(false);
    for (const url of ['/api/v1/conversations', '/api/v1/tags', '/api/v1/sectors', '/api/v1/feed?after=0']) {
      const answer = await admin.get(url);
      expect(answer.status, url).toBe(403);
      expect(answer.body.error.code).toBe('module_not_enabled');
    }
  });
});

describe('health and docs', () => {
  it('answers health once the database is migrated, and serves the OpenAPI document', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
    const doc = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/conversations', '/api/v1/conversations/{id}/assume', '/api/v1/auth/login']));
  });
});
