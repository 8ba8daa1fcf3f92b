// `npm test`: installs what is missing, builds (the CLI and OpenAPI tests run the built code),
// then runs every test suite on the machine's real PostgreSQL and NATS JetStream.
import { spawnSync } from 'node:child_process';
import { ensureBuilt, ensureInstalled, root } from './prepare.mjs';

ensureInstalled();
ensureBuilt();
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
