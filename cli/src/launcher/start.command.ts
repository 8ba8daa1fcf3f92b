import type { Command } from 'commander';
import type { StartOptions } from './start-fsc.js';

/** `svom start`, registered cheaply: what it runs is loaded when it runs (start-fsc.ts). */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Start the whole FSC on this machine (every service, one process)')
    .option('--simulate', 'also feed it simulated VHF stations')
    .option('--stations <n>', 'simulated stations', '12')
    .option('--rate <r>', 'simulated receptions per second', '20')
    .addHelpText(
      'after',
      '\nEach service listens on its default port, or on <NAME>_PORT (WEB_PORT, VHF_INGEST_PORT, ALERTS_PORT,\nFOLLOWUP_PORT, SCHEDULER_PORT; 0 picks a free one). If any service fails, the whole FSC stops\nwith exit code 1 and says why; nothing is restarted silently.\n\nExamples:\n  svom start\n  svom start --simulate --stations 20 --rate 50\n  DATABASE_URL=postgres://postgres@127.0.0.1/fsc svom start\n  WEB_PORT=9440 ALERTS_PORT=9442 VTP_SUBSCRIBER_PORT=9099 svom start',
    )
    .action(async (options: StartOptions) => {
      // Loaded only now: every service and its dependencies take over a second to load, which
      // `svom --help` and the user commands should not pay.
      const { runFsc } = await import('./start-fsc.js');
      await runFsc(options);
    });
}
