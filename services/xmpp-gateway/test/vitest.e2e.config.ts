import { defineConfig } from 'vitest/config';

// The gateway's slow suites (`npm run test:xmpp-recovery`): processes killed and restarted under
// load, minutes each, so not part of `npm test`. Same resolution as the root vitest.config.ts.
const conditions = ['source', 'node'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    root: new URL('../../..', import.meta.url).pathname,
    include: ['services/xmpp-gateway/test/**/*.e2e.ts'],
    pool: 'forks',
    hookTimeout: 300_000,
    testTimeout: 600_000,
  },
});
