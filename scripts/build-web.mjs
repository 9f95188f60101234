// Builds the agent app into dist/web, and the web-chat widget into dist/widget/widget.js, when
// missing or older than their sources, so that `npm start` on a fresh clone serves both without a
// separate build step. `--force` always builds. Prints their gzipped sizes against their budgets.
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

// The shapes in api/ are the app's types too.
const sources = Math.max(newest(join(root, 'web')), newest(join(root, 'api')));
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

// The widget: one classic script a provider's site loads (esbuild, which tsx already brings).
const WIDGET_BUDGET_KB = 8;
const widgetOut = join(root, 'dist/widget/widget.js');
if (process.argv.includes('--force') || !existsSync(widgetOut) || statSync(widgetOut).mtimeMs < Math.max(newest(join(root, 'widget/src')), newest(join(root, 'api')))) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'widget/src/widget.ts')],
    outfile: widgetOut,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
  });
}
const widgetBytes = gzipSync(readFileSync(widgetOut)).length / 1024;
console.log(`web-chat widget: ${widgetBytes.toFixed(1)} KB gzipped (budget ${WIDGET_BUDGET_KB} KB) ${widgetBytes <= WIDGET_BUDGET_KB ? 'OK' : 'OVER BUDGET'}`);
if (bytes / 1024 > BUDGET_KB || widgetBytes > WIDGET_BUDGET_KB) process.exit(1);
