import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';
import { PASSWORD, type UserFixture } from '../../test/support/fixtures.js';

// Short delays so the test can wait them out: locked from the 3rd failure, 1 s doubling up to 2 s.
const h = await createHarness({ env: { LOGIN_LOCK_AFTER: '3', LOGIN_LOCK_SECONDS: '1', LOGIN_LOCK_MAX_SECONDS: '2' } });

// Locks that outlast a test's steps, for what supervisors see.
const long = await createHarness({ env: { LOGIN_LOCK_AFTER: '3', LOGIN_LOCK_SECONDS: '600' } });

const attempt = (user: UserFixture, password: string, app = h.app) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('account lockout', () => {
  it('refuses even the right password for a while after repeated failures, then lets it in and starts over', async () => {
    const p = await h.provider();
    const ana = p.users.ana;
    for (let i = 0; i < 3; i++) expect((await attempt(ana, `errada-${i}`)).statusCode).toBe(401);

    const locked = await attempt(ana, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('account_locked');
    expect(locked.json().error.message).toMatch(/^Muitas tentativas com senha errada\. .*daqui a 1 segundo\.$/);
    expect(locked.headers['retry-after']).toBe('1');

    await sleep(1_100);
    expect((await attempt(ana, PASSWORD)).statusCode).toBe(200);
    // The count started over: two more failures do not lock the account.
    for (let i = 0; i < 2; i++) expect((await attempt(ana, `errada-${i}`)).statusCode).toBe(401);
    expect((await attempt(ana, PASSWORD)).statusCode).toBe(200);
  });

  it('doubles the delay with each further failure, up to the cap', async () => {
    const p = await h.provider();
    const bruno = p.users.bruno;
    for (let i = 0; i < 3; i++) await attempt(bruno, `errada-${i}`);
    expect((await attempt(bruno, 'outra')).headers['retry-after']).toBe('1');
    await sleep(1_100);
    expect((await attempt(bruno, 'errada-4')).statusCode).toBe(401); // the 4th failure: 2 s
    expect((await attempt(bruno, PASSWORD)).headers['retry-after']).toBe('2');
    await sleep(900);
    expect((await attempt(bruno, PASSWORD)).statusCode).toBe(429); // still within the 2 s
    await sleep(1_300);
    expect((await attempt(bruno, 'errada-5')).statusCode).toBe(401); // the 5th: 4 s, capped at 2
    expect((await attempt(bruno, PASSWORD)).headers['retry-after']).toBe('2');
  });

  it('counts a burst of parallel guesses before checking them: only the first few are ever checked', async () => {
    const p = await h.provider();
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(p.users.caio, `paralela-${i}`)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12);
  });

  it('shows the locked accounts to supervisors and administrators of the provider, who may unlock them', async () => {
    const p = await long.provider();
    const other = await long.provider();
    for (let i = 0; i < 3; i++) await attempt(p.users.ana, `errada-${i}`, long.app);

    const supervisor = await long.login(p.users.supervisor);
    const seen = await supervisor.get('/api/v1/users/locked');
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual([{
      id: p.users.ana.id, name: 'Ana Souza', email: p.users.ana.email, role: 'atendente', failedLogins: 3, lockedUntil: expect.any(String),
    }]);
    expect(Date.parse(seen.body[0].lockedUntil)).toBeGreaterThan(Date.now());

    expect((await (await long.login(p.users.admin)).get('/api/v1/users/locked')).body).toHaveLength(1);
    expect((await (await long.login(p.users.bruno)).get('/api/v1/users/locked')).status).toBe(403);
    const otherAdmin = await long.login(other.users.admin);
    expect((await otherAdmin.get('/api/v1/users/locked')).body).toEqual([]);
    expect((await otherAdmin.post(`/api/v1/users/${p.users.ana.id}/unlock`)).status).toBe(404);
    expect((await attempt(p.users.ana, PASSWORD, long.app)).statusCode).toBe(429);

    expect((await supervisor.post(`/api/v1/users/${p.users.ana.id}/unlock`)).status).toBe(204);
    expect((await supervisor.get('/api/v1/users/locked')).body).toEqual([]);
    expect((await attempt(p.users.ana, PASSWORD, long.app)).statusCode).toBe(200);
  });
});
