// `npm test`: installs what is missing, builds (the CLI and OpenAPI tests run the built code),
// then runs every test suite on the machine's real PostgreSQL and NATS JetStream.
import { spawnSync } from 'node:child_process';
import { ensureBuilt, ensureInstalled, root } from './prepare.mjs';

ensureInstalled();
ensureBuilt();
// Vitest strips types without checking them: the tests, benches and scripts are type-checked
// here (12 s), so a test written against an old signature fails the run instead of passing.
const typecheck = spawnSync('npx', ['tsc', '-p', 'tsconfig.tests.json'], { cwd: root, stdio: 'inherit' });
if (typecheck.status !== 0)
  console.error(
    '\nnpm test: tests, benches or scripts do not type-check (tsc -p tsconfig.tests.json above); running the tests anyway\n',
  );
// The formatter and linter (Biome, biome.json) run first too: `npm run format` fixes what they can.
const lint = spawnSync('npx', ['biome', 'check', '.', '--diagnostic-level=error'], { cwd: root, stdio: 'inherit' });
if (lint.status !== 0)
  console.error(
    '\nnpm test: formatting or lint errors (npx biome check . above; `npm run format` fixes most); running the tests anyway\n',
  );
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const failed = [result.status, typecheck.status, lint.status].some((status) => status !== 0); // null: killed by a signal
process.exit(failed ? 1 : 0);
