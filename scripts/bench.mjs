// `npm run bench`: every benchmark of the project in turn (built code, real PostgreSQL and NATS).
// Benchmarks print figures and their ratios to the machine's limits; they assert nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { root } from './prepare.mjs';

// [file, arguments]: the VTP fan-out runs at the alerts' design load (256 subscribers, 200
// VOEvents/s each); `npx tsx libs/vtp/bench/fanout.bench.ts <subscribers> <events/s> <s>` stresses it.
const benches = [
  ['services/vhf-ingest/bench/ingest.bench.ts', []],
  ['services/alerts/bench/alerts.bench.ts', []],
  // VTP authors as comet-sendvo is: one connection per event, 16 and 64 in flight (issue 15).
  ['services/alerts/bench/one-shot.bench.ts', []],
  ['libs/vtp/bench/fanout.bench.ts', ['256', '200', '5']],
  ['services/scheduler/bench/plan.bench.ts', []],
  ['services/notify/bench/notify.bench.ts', ['1000', '5']],
  // VTP, XMPP and NATS side by side (a Prosody of its own: Debian's `prosody` on the PATH).
  ['services/xmpp-gateway/bench/transports.bench.ts', ['30', '2000']],
].filter(([file]) => existsSync(`${root}/${file}`));

let failed = 0;
for (const [file, args] of benches) {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
