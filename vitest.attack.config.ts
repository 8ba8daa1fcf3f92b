import { defineConfig } from 'vitest/config';

// `npm run test:attack`: the standing attack suite (issue 16). Each file starts the whole FSC as
// `npm start` does, in a child process, and probes its open ports as a hostile peer would
// (openapi-fuzz.attack.ts builds the service apps in-process instead, issue 15). Not
// part of `npm test` (minutes, not seconds); `.ci/run` runs it after. One file at a time: each
// holds a whole FSC and hundreds of sockets.
const conditions = ['source', 'node'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/attack/**/*.attack.ts'],
    pool: 'forks',
    fileParallelism: false,
    hookTimeout: 300_000,
    testTimeout: 120_000,
  },
});
