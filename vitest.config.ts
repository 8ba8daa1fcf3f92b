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
    hookTimeout: 30_000,
    testTimeout: 30_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
