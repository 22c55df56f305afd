import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // two test files at a time at least: vitest's default (one less than the cores) is one on a
    // 2-core machine, where much of a file's time is spent waiting on its children (CLI and host
    // processes, LibreOffice, fsync), so the second core idled
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
