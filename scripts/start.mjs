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
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
