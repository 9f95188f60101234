// A provider's real installation (no demo asked for) carries none of the demo: no stand-in routes,
// no widget demo page, no demo logins, nothing of it in the API document. And `npm start`'s demo has
// them, so that this test is not passing because the server answers 404 to everything.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOfTemplate } from './support/database.js';
import { spawnProsa } from './support/spawn-prosa.js';

const DEMO_ROUTES = ['/_demo/graph/_sent', '/_demo/telegram/_sent', '/widget-demo'];
const databaseUrl = process.env.DATABASE_URL;

// Each starts a Prosa of its own on a new database (an initdb on PGlite): minutes on a busy machine.
describe('a real installation and the demo', { timeout: 180_000 }, () => {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function start(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'prosa-install-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const started = await spawnProsa({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env });
    cleanups.push(() => started.child.exitCode === null && started.child.kill('SIGKILL'));
    return started;
  }

  async function realInstallation() {
    if (!databaseUrl) return start({ SEED_DEMO: 'no', DATABASE_URL: '' });
    // On PostgreSQL the demo is not seeded unless SEED_DEMO=yes: the default is what is tested.
    const copy = await copyOfTemplate(databaseUrl, 'prosa_install');
    cleanups.push(() => copy.drop());
    return start({ DATABASE_URL: copy.url, SEED_DEMO: 'auto' });
  }

  const login = (url: string) => fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'admin@provedor.demo', password: 'prosa123' }),
  });

  it('serves no demo route and accepts no demo login on a real installation, before and after its first run', async () => {
    const { url } = await realInstallation();
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect(await (await fetch(`${url}/api/v1/installation`)).json()).toEqual({ setupNeeded: true, demo: false });
    const noDemo = async () => {
      for (const route of DEMO_ROUTES) expect((await fetch(`${url}${route}`)).status, route).toBe(404);
      expect((await login(url)).status).toBe(401);
    };
    await noDemo();
    const document = await (await fetch(`${url}/api/docs/json`)).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).length).toBeGreaterThan(10);
    expect(Object.keys(document.paths).filter((path) => path.includes('demo'))).toEqual([]);

    // The first run, as the page sends it: the provider and its administrator, and nothing of the demo.
    const firstRun = await fetch(`${url}/api/v1/installation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({
        provider: { name: 'Fibra Já Telecom', cnpj: '11.222.333/0001-81', city: 'Campinas' },
        admin: { name: 'Maria Souza', email: 'maria@fibraja.com.br', password: 'uma senha boa' },
      }),
    });
    expect(firstRun.status).toBe(201);
    expect(await (await fetch(`${url}/api/v1/installation`)).json()).toEqual({ setupNeeded: false, demo: false });
    await noDemo();
  });

  it('has them all in the demo, and still keeps the stand-ins out of the API document', async () => {
    const { url } = await start({ SEED_DEMO: 'yes', DATABASE_URL: '' });
    expect(await (await fetch(`${url}/api/v1/installation`)).json()).toEqual({ setupNeeded: false, demo: true });
    for (const route of DEMO_ROUTES) expect((await fetch(`${url}${route}`)).status, route).toBe(200);
    expect((await login(url)).status).toBe(200);
    const document = await (await fetch(`${url}/api/docs/json`)).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.includes('demo'))).toEqual([]);
  });
});
