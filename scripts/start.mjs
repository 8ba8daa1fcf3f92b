// `npm start [-- --simulate]`: installs what is missing, builds, migrates and starts the whole FSC.
import { spawn } from 'node:child_process';
import { ensureBuilt, ensureInstalled, nodeMajor, root } from './prepare.mjs';

if (nodeMajor() < 20) {
  console.error(`Node ${process.versions.node} is too old: the FSC needs Node 20 or later.`);
  process.exit(1);
}
ensureInstalled();
ensureBuilt();
const child = spawn(process.execPath, ['cli/dist/main.js', 'start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
let stopAsked = false;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopAsked = true;
    child.kill(signal);
  });
// Nothing is restarted here, and nothing ends quietly: an FSC that stops without being asked says
// so on stderr and exits non-zero, so a terminal, a script or a supervisor sees it.
child.on('exit', (code, signal) => {
  const status = code ?? (signal ? 1 : 0);
  if (!stopAsked || status !== 0)
    console.error(
      `\nnpm start: the FSC stopped ${stopAsked ? 'badly' : 'without being asked'} (${
        signal ? `killed by ${signal}` : `exit code ${code}`
      }): every service is down; see the lines above for why. Nothing was restarted.`,
    );
  process.exit(stopAsked ? status : status || 1);
});
