// Builds the agent app into dist/web when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves the interface without a separate build step.
// `--force` always builds. Prints the initial JavaScript's gzipped size against its budget.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/web/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'web')), statSync(join(root, 'server/http/shapes.ts')).mtimeMs);
const stale = !existsSync(out) || statSync(out).mtimeMs < sources;
if (process.argv.includes('--force') || stale) {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts')], { stdio: 'inherit' });
}

// The scripts index.html loads up front are the initial JavaScript.
const html = readFileSync(out, 'utf8');
const scripts = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1]);
const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(root, 'dist/web', file))).length, 0);
const kb = (bytes / 1024).toFixed(1);
console.log(`agent app: initial JavaScript ${kb} KB gzipped (budget ${BUDGET_KB} KB) ${bytes / 1024 <= BUDGET_KB ? 'OK' : 'OVER BUDGET'}`);
if (bytes / 1024 > BUDGET_KB) process.exit(1);
