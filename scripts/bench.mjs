// `npm run bench`: every benchmark of the project in turn (built code, real PostgreSQL and NATS).
// Benchmarks print figures and their ratios to the machine's limits; they assert nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { root } from './prepare.mjs';

const benches = [
  'services/vhf-ingest/bench/ingest.bench.ts',
  'services/alerts/bench/alerts.bench.ts',
  'libs/vtp/bench/fanout.bench.ts',
  'services/scheduler/bench/plan.bench.ts',
].filter((file) => existsSync(`${root}/${file}`));

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
