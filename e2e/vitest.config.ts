import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    // One server and one browser per file; files run one after another on two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // What a person waits for on a busy machine (an upload going through its temp file, a thumbnail):
    // seconds, not the default one.
    expect: { poll: { timeout: 5_000 } },
  },
});
