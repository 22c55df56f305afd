import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // three test files at a time on 2 cores: vitest's default (one less than the cores) is one on a
    // 2-core machine, where much of a file's time is spent waiting on its children (CLI and host
    // processes, LibreOffice, fsync). With two, the cores were 1.65 busy (379 s); with three, 1.9
    // (333 s, 1,057/1,057 passed; 2026-12-04, quiet machine). Threads instead of forks: 367 s with two,
    // and 3 tests that bound a child's or the process's memory failed, so forks stay.
    maxWorkers: Math.max(3, os.availableParallelism() + 1),
  },
});
