import { defineConfig } from 'vitest/config';

// `npm run test:deploy` only (never `npm test`): the compose stack on a Docker engine.
const conditions = ['source', 'node'];
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/deploy-stack/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    hookTimeout: 600_000,
    testTimeout: 300_000,
  },
});
