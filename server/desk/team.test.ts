// The Atendentes screen's rules, through the API: an administrator adds people with a first password
// they must replace, edits roles, sectors and limits, resets passwords and deactivates accounts —
// and the provider always keeps an active administrator.
import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();

const login = (email: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
const cookieOf = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const as = (cookie: string) => ({
  get: (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie } }),
  post: (url: string, payload?: object) => h.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) }),
});

const newcomer = (p: { sectors: { suporte: number; financeiro: number } }, email: string) => ({
  name: 'Júlia Nova', email, role: 'atendente', sectorIds: [p.sectors.suporte, p.sectors.financeiro], maxConcurrent: 4,
});

describe('adding a person', () => {
  it('gives a first password, shown once, that only lets them choose their own before anything else', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const added = await admin.post('/api/v1/team', newcomer(p, `julia-${p.slug}@exemplo.com`));
    expect(added.status).toBe(201);
    expect(added.body.user).toMatchObject({ name: 'Júlia Nova', role: 'atendente', maxConcurrent: 4, mustChangePassword: true, active: true });
    expect(added.body.user.sectorIds).toEqual([p.sectors.suporte, p.sectors.financeiro].sort((a, b) => a - b));
    const first = added.body.temporaryPassword as string;
    expect(first).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    // The list never shows it again.
    expect(JSON.stringify((await admin.get('/api/v1/team')).body)).not.toContain(first);

    const entered = await login(`julia-${p.slug}@exemplo.com`, first);
    expect(entered.statusCode).toBe(200);
    expect(entered.json().mustChangePassword).toBe(true);
    const julia = as(cookieOf(entered));
    const refused = await julia.get('/api/v1/conversations?tab=fila');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('password_change_required');
    expect((await julia.get('/api/v1/auth/me')).statusCode).toBe(200);

    expect((await julia.post('/api/v1/auth/password', { currentPassword: 'errada', newPassword: 'minha senha nova' })).statusCode).toBe(400);
    expect((await julia.post('/api/v1/auth/password', { currentPassword: first, newPassword: 'curta' })).statusCode).toBe(400);
    const changed = await julia.post('/api/v1/auth/password', { currentPassword: first, newPassword: 'minha senha nova' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().mustChangePassword).toBe(false);
    expect((await julia.get('/api/v1/conversations?tab=fila')).statusCode).toBe(200);
    expect((await login(`julia-${p.slug}@exemplo.com`, first)).statusCode).toBe(401);
    expect((await login(`julia-${p.slug}@exemplo.com`, 'minha senha nova')).statusCode).toBe(200);
  });

  it('refuses an e-mail already in use, a sector of another provider, and anyone but an administrator', async () => {
    const p = await h.provider();
    const other = await h.provider();
    const admin = await h.login(p.users.admin);
    const taken = await admin.post('/api/v1/team', { ...newcomer(p, p.users.ana.email.toUpperCase()) });
    expect(taken.status).toBe(409);
    // One email opens one desk: another provider's person's is taken too.
    const elsewhere = await admin.post('/api/v1/team', { ...newcomer(p, other.users.ana.email) });
    expect(elsewhere.status).toBe(409);
    const foreign = await admin.post('/api/v1/team', { ...newcomer(p, `x-${p.slug}@exemplo.com`), sectorIds: [other.sectors.suporte] });
    expect(foreign.status).toBe(404);
    for (const user of [p.users.supervisor, p.users.ana]) {
      const someone = await h.login(user);
      expect((await someone.post('/api/v1/team', newcomer(p, `y-${p.slug}@exemplo.com`))).status).toBe(403);
      expect((await someone.get('/api/v1/team')).status).toBe(403);
    }
    const team = (await admin.get('/api/v1/team')).body as { email: string }[];
    expect(team.map((u) => u.email)).not.toContain(`x-${p.slug}@exemplo.com`);
    expect(team.map((u) => u.email)).not.toContain(`y-${p.slug}@exemplo.com`);
  });
});

describe('editing a person', () => {
  it('changes role, sectors and limit; the person\'s visibility follows their new sectors', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const edited = await admin.request('PATCH', `/api/v1/team/${p.users.ana.id}`, { role: 'supervisor', sectorIds: [p.sectors.comercial], maxConcurrent: 8 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ role: 'supervisor', sectorIds: [p.sectors.comercial], maxConcurrent: 8 });
    const me = await (await h.login(p.users.ana)).get('/api/v1/auth/me');
    expect(me.body.user).toMatchObject({ role: 'supervisor', sectorIds: [p.sectors.comercial] });
  });

  it('deactivating ends the person\'s sessions and refuses their logins; reactivating lets them back', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const bruno = await h.login(p.users.bruno);
    const ended: unknown[] = [];
    const stop = h.bus.onSessionsEnded((target) => ended.push(target));
    expect((await admin.request('PATCH', `/api/v1/team/${p.users.bruno.id}`, { active: false })).status).toBe(200);
    stop();
    expect(ended).toEqual([{ providerId: p.providerId, userId: p.users.bruno.id }]);
    expect((await bruno.get('/api/v1/auth/me')).status).toBe(401);
    await expect(h.login(p.users.bruno)).rejects.toThrow(/login failed/);
    expect((await admin.request('PATCH', `/api/v1/team/${p.users.bruno.id}`, { active: true })).status).toBe(200);
    expect((await (await h.login(p.users.bruno)).get('/api/v1/auth/me')).status).toBe(200);
  });

  it('never leaves the provider without an active administrator', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const demote = await admin.request('PATCH', `/api/v1/team/${p.users.admin.id}`, { role: 'supervisor' });
    expect(demote.status).toBe(403);
    expect(demote.body.error.message).toContain('pelo menos um administrador ativo');
    expect((await admin.request('PATCH', `/api/v1/team/${p.users.admin.id}`, { active: false })).status).toBe(403);
    // With a second administrator, the first may step down.
    expect((await admin.request('PATCH', `/api/v1/team/${p.users.supervisor.id}`, { role: 'administrador' })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/v1/team/${p.users.admin.id}`, { role: 'supervisor' })).status).toBe(200);
  });

  it('answers 404 for another provider\'s user, and changes nothing there', async () => {
    const p = await h.provider();
    const other = await h.provider();
    const admin = await h.login(p.users.admin);
    expect((await admin.request('PATCH', `/api/v1/team/${other.users.ana.id}`, { active: false })).status).toBe(404);
    expect((await admin.post(`/api/v1/team/${other.users.ana.id}/password-reset`)).status).toBe(404);
    expect((await (await h.login(other.users.ana)).get('/api/v1/auth/me')).status).toBe(200);
  });
});

describe('resetting a password', () => {
  it('gives a new first password, ends the sessions and lifts a login lock; the old password stops working', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const ana = await h.login(p.users.ana);
    for (let i = 0; i < 6; i++) await login(p.users.ana.email, 'chute errado');
    const reset = await admin.post(`/api/v1/team/${p.users.ana.id}/password-reset`);
    expect(reset.status).toBe(200);
    expect((await ana.get('/api/v1/auth/me')).status).toBe(401);
    await expect(h.login(p.users.ana)).rejects.toThrow(/login failed/);
    const entered = await login(p.users.ana.email, reset.body.temporaryPassword);
    expect(entered.statusCode).toBe(200);
    expect(entered.json().mustChangePassword).toBe(true);
  });
});
