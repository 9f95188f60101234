// The first run of a real installation, through the API: on an empty database it creates the
// provider and its administrator (logged in at once); after that it is closed for good.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { selectRows } from '../db/connection.js';
import { createHarness } from '../../test/support/harness.js';
import { slugOf } from './set-up-installation.js';

const h = await createHarness();

const input = (overrides: { provider?: object; admin?: object } = {}) => ({
  provider: { name: 'Fibra Já Telecom', cnpj: '11.222.333/0001-81', city: 'Campinas', ...overrides.provider },
  admin: { name: 'Maria Souza', email: 'Maria@FibraJa.com.br', password: 'uma senha boa', ...overrides.admin },
});

const install = (body: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/api/v1/installation', payload: body as object, headers });

const count = async (table: string) => Number((await selectRows<{ n: string }>(h.database.db, sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0].n);

describe('the first run', () => {
  it('says an empty database needs it, and that this is not the demo', async () => {
    const state = await h.app.inject({ method: 'GET', url: '/api/v1/installation' });
    expect(state.statusCode).toBe(200);
    expect(state.json()).toEqual({ setupNeeded: true, demo: false });
  });

  it('refuses a CNPJ whose check digits are wrong, a short password and a bad e-mail, in Portuguese, and creates nothing', async () => {
    const wrong = await install(input({ provider: { cnpj: '11.222.333/0001-82' }, admin: { password: 'curta', email: 'maria' } }));
    expect(wrong.statusCode).toBe(400);
    const { error } = wrong.json();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('CNPJ inválido: confira os dígitos verificadores');
    expect(error.message).toContain('a senha precisa de pelo menos 8 caracteres');
    expect(error.message).toContain('e-mail inválido');
    expect(await count('providers')).toBe(0);
    expect(await count('users')).toBe(0);
  });

  it('creates the provider, a sector, motivos and the administrator, and logs the administrator in', async () => {
    const done = await install(input());
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ user: { name: 'Maria Souza', email: 'maria@fibraja.com.br', role: 'administrador' }, chatEnabled: true });
    const cookie = String(done.headers['set-cookie']).split(';')[0];
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    const [provider] = await selectRows<{ name: string; slug: string; cnpj: string; city: string }>(h.database.db, sql`SELECT name, slug, cnpj, city FROM providers`);
    expect(provider).toEqual({ name: 'Fibra Já Telecom', slug: 'fibra-ja-telecom', cnpj: '11222333000181', city: 'Campinas' });
    // A desk that works at once: a sector to receive conversations and motivos to close them with.
    const sectors = await h.app.inject({ method: 'GET', url: '/api/v1/sectors', headers: { cookie } });
    expect(sectors.json()).toEqual([expect.objectContaining({ name: 'Atendimento' })]);
    const motivos = await h.app.inject({ method: 'GET', url: '/api/v1/motivos', headers: { cookie } });
    expect(motivos.json().length).toBeGreaterThanOrEqual(3);
    // The password chosen is the one that works, and the e-mail is matched whatever its case.
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'maria@fibraja.com.br', password: 'uma senha boa' } });
    expect(login.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/installation' })).json()).toEqual({ setupNeeded: false, demo: false });
  });

  it('is closed once a provider exists: a second first run is refused and changes nothing', async () => {
    const again = await install(input({ provider: { name: 'Intruso Net' }, admin: { email: 'intruso@exemplo.com' } }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_installed');
    expect(await count('providers')).toBe(1);
    expect(await count('users')).toBe(1);
    const intruder = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'intruso@exemplo.com', password: 'uma senha boa' } });
    expect(intruder.statusCode).toBe(401);
  });
});

describe('two first runs at once', () => {
  it('lets exactly one of them create the provider', async () => {
    const other = await createHarness();
    const answers = await Promise.all(['Um', 'Dois', 'Três'].map((n, i) => other.app.inject({
      method: 'POST', url: '/api/v1/installation',
      payload: input({ provider: { name: `Provedor ${n}` }, admin: { email: `admin${i}@exemplo.com` } }),
    })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    const [row] = await selectRows<{ n: string }>(other.database.db, sql`SELECT count(*) AS n FROM providers`);
    expect(Number(row.n)).toBe(1);
  });
});

describe('slugOf', () => {
  it('makes a readable address name of the provider\'s name', () => {
    expect(slugOf('Fibra Já Telecom')).toBe('fibra-ja-telecom');
    expect(slugOf('  Conexão & Cia. (Matriz) ')).toBe('conexao-cia-matriz');
    expect(slugOf('!!!')).toBe('provedor');
  });
});
