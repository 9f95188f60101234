// The real Prosa for a browser test: `server/main.ts` in its own process on a free port, with a
// fresh embedded database and the demo data; and Debian's Chromium driven by playwright-core.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, expect } from 'vitest';
import { spawnProsa } from '../../test/support/spawn-prosa.js';

export const DEMO_PASSWORD = 'prosa123';

export interface Prosa {
  url: string;
  browser: Browser;
  /** A logged-in agent in a browser context of their own. */
  agent(email: string): Promise<{ context: BrowserContext; page: Page }>;
  api(email: string): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>>;
}

/** The demo by default; `{ demo: false }` is a real installation on an empty database (its first run to do). */
export async function startProsa(options: { demo?: boolean } = {}): Promise<Prosa> {
  const dataDir = mkdtempSync(join(tmpdir(), 'prosa-e2e-'));
  const { url, child: server } = await spawnProsa({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: options.demo === false ? 'no' : 'yes', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '',
  });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });

  afterAll(async () => {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = async (page: Page, email: string) => {
    await page.goto(url);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Senha').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count(), { timeout: 15_000 }).toBe(1);
  };

  return {
    url,
    browser,
    async agent(email) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      await context.grantPermissions(['notifications', 'microphone'], { origin: url });
      const page = await context.newPage();
      await login(page, email);
      return { context, page };
    },
    async api(email) {
      const response = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
      return async (method, path, body) => {
        const r = await fetch(`${url}/api/v1${path}`, {
          method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: r.status, body: r.status === 204 ? null : await r.json() };
      };
    },
  };
}
