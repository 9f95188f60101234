// npm run bench:growth -- [--sizes 10k,100k,1m] [any option of npm run bench]
//
// The same requests at several sizes, one run of bench/run.ts per size (each seeds its own data
// set), then one table: each request's p95 at every size, the growth from the smallest to the
// largest, next to BENCH.md's targets (p95 < 20 ms at the largest, growing no more than 2×).
// Ingest, webhooks and the fan-out are left out unless asked: they do not depend on the size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, table, TARGET_MS } from './report.js';

const MAX_GROWTH = 2;

interface SizeRun {
  size: number;
  label: string;
  conversations: number;
  messages: number;
  load: { start: number; end: number };
  figures: { figure: string; p50: number; p95: number; max: number; note: string }[];
}

const argv = process.argv.slice(2);
const at = argv.findIndex((a) => a === '--sizes' || a.startsWith('--sizes='));
const sizesText = at === -1 ? '10k,100k,1m' : argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
if (!sizesText) throw new Error('--sizes needs a value, e.g. 10k,100k,1m');
const rest = at === -1 ? argv : argv.filter((_, i) => i !== at && (argv[at].includes('=') || i !== at + 1));
const passThrough = [
  ...(rest.some((a) => a.startsWith('--ingest') || a === '--no-ingest') ? [] : ['--no-ingest']),
  ...(rest.some((a) => a.startsWith('--webhooks') || a === '--no-webhooks') ? [] : ['--no-webhooks']),
  ...(rest.some((a) => a.startsWith('--fanout') || a === '--no-fanout') ? [] : ['--no-fanout']),
  ...rest,
];

const dir = mkdtempSync(join(tmpdir(), 'prosa-growth-'));
const runs: SizeRun[] = [];
try {
  for (const size of sizesText.split(',').map((s) => s.trim()).filter(Boolean)) {
    const file = join(dir, `${size}.json`);
    console.log(`\n>>> npm run bench -- --size ${size} ${passThrough.join(' ')}`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--size', size, '--json', file, ...passThrough], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`the ${size} run failed (exit ${child.status})`);
    runs.push(JSON.parse(readFileSync(file, 'utf8')) as SizeRun);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const first = runs[0];
const last = runs[runs.length - 1];
const names = last.figures.map((f) => f.figure);
const p95Of = (run: SizeRun, name: string) => run.figures.find((f) => f.figure === name)?.p95;
const rows = names.map((name) => {
  const small = p95Of(first, name);
  const large = p95Of(last, name)!;
  const growth = small === undefined || runs.length < 2 ? null : large / small;
  const verdict = [large < TARGET_MS ? 'OK' : 'OVER', growth === null ? '' : growth <= MAX_GROWTH ? 'OK' : 'GROWS'].filter(Boolean).join(' / ');
  return [name, ...runs.map((run) => { const v = p95Of(run, name); return v === undefined ? '-' : ms(v); }), growth === null ? '-' : `${growth.toFixed(1)}×`,
    `p95 < ${TARGET_MS} ms, ≤ ${MAX_GROWTH}×`, verdict];
});
const sizeName = (run: SizeRun) => (run.conversations >= 1_000_000 ? `${run.conversations / 1_000_000}M`
  : run.conversations >= 1000 ? `${run.conversations / 1000}k` : String(run.conversations));
console.log(`\n=== Prosa benchmark across sizes — p95 in ms over HTTP; ${last.label} ===`);
console.log(table(
  ['Request (p95 ms)', ...runs.map(sizeName), `${sizeName(last)}/${sizeName(first)}`, 'target', 'verdict (p95 / growth)'],
  rows,
  ['left', ...runs.map(() => 'right' as const), 'right', 'left', 'left'],
));
console.log(runs.map((run) => `${sizeName(run)}: ${run.conversations.toLocaleString('en-US')} conversations, ${run.messages.toLocaleString('en-US')} messages, `
  + `load average ${run.load.start.toFixed(2)} → ${run.load.end.toFixed(2)}`).join('\n'));
console.log('A growth over 2× on a figure of a few milliseconds can be noise: read it with the p95 column.');
