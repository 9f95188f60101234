// The production tree stays production: test doubles live in test/support, the demo in
// server/demo, loaded by main.ts only when asked for.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const server = join(root, 'server');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every module a file imports, statically (`from '...'`) or dynamically (`import('...')`). */
function importsOf(file: string): { specifier: string; dynamic: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => ({ specifier: m[1], dynamic: false }));
  return found.concat([...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => ({ specifier: m[1], dynamic: true })));
}

const resolved = (file: string, specifier: string) =>
  specifier.startsWith('.') ? relative(root, join(file, '..', specifier)) : specifier;

describe('the production tree', () => {
  const files = sources(server);

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('never imports a test helper or the test runner', () => {
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .map(({ specifier }) => resolved(file, specifier))
        .filter((target) => target === 'vitest' || target.startsWith('vitest/') || target.startsWith('test/') || target.startsWith('e2e/'))
        .map((target) => `${relative(root, file)} -> ${target}`));
    expect(offenders).toEqual([]);
  });

  it('loads the demo only from main.ts, by dynamic import', () => {
    const offenders = files
      .filter((file) => !relative(server, file).startsWith('demo/'))
      .flatMap((file) =>
        importsOf(file)
          .filter(({ specifier, dynamic }) => resolved(file, specifier).startsWith('server/demo/') && !(dynamic && relative(server, file) === 'main.ts'))
          .map(({ specifier }) => `${relative(root, file)} -> ${specifier}`));
    expect(offenders).toEqual([]);
  });
});

describe('the desk', () => {
  it('asks a channel what it can do instead of testing which channel it is', () => {
    const desk = sources(join(server, 'desk'));
    expect(desk.length).toBeGreaterThan(10);
    const offenders = desk.flatMap((file) =>
      readFileSync(file, 'utf8').split('\n')
        .filter((line) => /\bkind\s*[!=]==?\s*'(whatsapp|telegram|webchat)'|'(whatsapp|telegram|webchat)'\s*[!=]==?/.test(line))
        .map((line) => `${relative(root, file)}: ${line.trim()}`));
    expect(offenders).toEqual([]);
  });
});

describe('the layers', () => {
  // The rules, the data and the plumbing below them never reach up into the edges (HTTP, sockets,
  // channels' webhooks, the demo). The one exception is data: the channels' capability records.
  const LOWER = ['db', 'tenancy', 'events', 'sessions', 'jobs', 'files', 'desk', 'isp'];
  const UPPER = ['http', 'live', 'channels', 'demo'];

  it('never import a higher layer', () => {
    const offenders = LOWER.flatMap((layer) => sources(join(server, layer)).flatMap((file) =>
      importsOf(file)
        .map(({ specifier }) => resolved(file, specifier))
        .filter((target) => UPPER.some((upper) => target.startsWith(`server/${upper}/`)) && target !== 'server/channels/capabilities.js')
        .map((target) => `${relative(root, file)} -> ${target}`)));
    expect(offenders).toEqual([]);
  });
});
