import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // 2 cores: two test files at a time keeps SQLite, PostgreSQL and Chromium from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
