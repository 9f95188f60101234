// `npm run setup`: the first run from a terminal, on the configured database — answers typed (here
// piped) one per line, the password never echoed; refused once a provider exists.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/connection.js';
import { copyOfTemplate } from './support/database.js';

const root = new URL('..', import.meta.url).pathname;
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database of its own: an empty PGlite folder, or a copy of the migrated template on PostgreSQL. */
async function emptyInstallation(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'prosa-setup-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  if (!process.env.DATABASE_URL) return { DATA_DIR: dataDir, DATABASE_URL: '' };
  const copy = await copyOfTemplate(process.env.DATABASE_URL, 'prosa_setup');
  cleanups.push(() => copy.drop());
  return { DATA_DIR: dataDir, DATABASE_URL: copy.url };
}

function setup(env: Record<string, string>, stdin: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/tenancy/setup-cli.ts'), ...args], {
      cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => resolve({ code, output }));
    child.stdin.end(stdin);
  });
}

describe('npm run setup', { timeout: 120_000 }, () => {
  it('creates the provider and its administrator from the answers, then refuses a second time', async () => {
    const env = await emptyInstallation();
    const answers = ['Fibra Já Telecom', '11.222.333/0001-81', 'Campinas', 'Maria Souza', 'maria@fibraja.com.br', 'uma senha boa', ''].join('\n');
    const first = await setup(env, answers);
    expect(first.output).toContain('Provedor criado (fibra-ja-telecom). Entre com maria@fibraja.com.br');
    expect(first.output).not.toContain('uma senha boa');
    expect(first.code).toBe(0);

    const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.DATA_DIR, 'db') });
    try {
      const providers = await database.db.query.providers.findMany();
      expect(providers.map((p) => [p.name, p.cnpj, p.city])).toEqual([['Fibra Já Telecom', '11222333000181', 'Campinas']]);
      const users = await database.db.query.users.findMany();
      expect(users.map((u) => [u.email, u.role])).toEqual([['maria@fibraja.com.br', 'administrador']]);
    } finally {
      await database.close();
    }

    const second = await setup(env, '', ['--provider', 'Outro', '--cnpj', '11222333000181', '--city', 'X', '--name', 'Y', '--email', 'y@exemplo.com']);
    expect(second.code).toBe(1);
    expect(second.output).toContain('já tem um provedor configurado');
  });

  it('says in Portuguese what is wrong with the flags', async () => {
    const env = await emptyInstallation();
    const refused = await setup({ ...env, SETUP_PASSWORD: 'curta' }, '', ['--provider', 'Fibra Já', '--cnpj', '11222333000182', '--city', 'Campinas', '--name', 'Maria', '--email', 'maria@fibraja.com.br']);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('CNPJ inválido: confira os dígitos verificadores');
    expect(refused.output).toContain('a senha precisa de pelo menos 8 caracteres');
  });
});
