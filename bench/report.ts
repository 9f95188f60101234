// Latency statistics and aligned plain-text tables.

/** BENCH.md: every request under this p95, at every size. */
export const TARGET_MS = 20;

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
}

/** Nearest-rank percentiles over the samples, in milliseconds. */
export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted[sorted.length - 1], n: sorted.length };
}

export type Align = 'left' | 'right';

/** An aligned table: a header, a rule, the rows. Columns are left-aligned unless told otherwise. */
export function table(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const ms = (value: number) => value.toFixed(1);
export const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(1);
export const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
