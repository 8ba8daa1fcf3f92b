import { defineConfig } from 'vitest/config';

// Workspace libraries are imported through the `source` export condition, so tests run
// the TypeScript sources directly and never a stale dist/.
const conditions = ['source', 'node'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['{libs,services,cli}/*/test/**/*.test.ts', 'cli/test/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // Two files at a time (Vitest's default is one less than the cores: 1 here). Most of a suite's
    // time is spent waiting on PostgreSQL, NATS, child processes and timers, so two overlap well:
    // run one at a time, npm test took 12 minutes.
    maxWorkers: 2,
    // Generous: every suite talks to real PostgreSQL and NATS, several at once on 2 cores.
    hookTimeout: 120_000,
    testTimeout: 120_000,
  },
});
