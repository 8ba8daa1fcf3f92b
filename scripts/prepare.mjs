// Shared by `npm start`, `npm test` and the other root scripts: plain Node, no dependencies, so it
// runs on a fresh clone before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

// The tools' own output (npm ci, turbo's banner and summary) goes to stderr: the root scripts'
// stdout is the command's result only, so `npm run --silent svom -- convert x.xml | jq .` works.
function run(command, args, what) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ['inherit', process.stderr, 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error(`\n${what} failed (${command} ${args.join(' ')}); see above.`);
    process.exit(result.status ?? 1);
  }
}

/** Installs the pinned dependencies when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = `${root}/node_modules/.package-lock.json`;
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(`${root}/package-lock.json`).mtimeMs;
  if (!stale) return;
  console.error('installing the pinned dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund'], 'installing');
}

/** Builds every workspace to dist/ (turbo skips what has not changed). */
export function ensureBuilt() {
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], 'building');
}

export function nodeMajor() {
  return Number(process.versions.node.split('.')[0]);
}

export function packageJson() {
  return JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
}
