// The Docker CLI the deploy scripts drive, and small helpers around it. BuildKit is required
// (the Dockerfile uses cache and secret mounts): a CLI with the buildx plugin, or a CLI older
// than 23 (Debian's docker.io 20.10) with DOCKER_BUILDKIT=1. DOCKER names one explicitly.
import { execFileSync, spawn, spawnSync } from 'node:child_process';

function works(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function pickDocker() {
  const candidates = [process.env.DOCKER, 'docker', '/usr/bin/docker'].filter(Boolean);
  for (const cmd of candidates) {
    if (!works(cmd, ['version', '--format', '{{.Server.Version}}'])) continue;
    if (works(cmd, ['buildx', 'version'])) return cmd;
    const client = spawnSync(cmd, ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' }).stdout;
    if (Number.parseInt(client, 10) < 23) return cmd;
  }
  throw new Error(
    'no Docker CLI with BuildKit reaches a running engine: start dockerd, install the buildx plugin, or set DOCKER=/usr/bin/docker (Debian docker.io)',
  );
}

let chosen;
/** The docker command to run (checked once). */
export function docker() {
  chosen ??= pickDocker();
  return chosen;
}

export const buildEnv = { ...process.env, DOCKER_BUILDKIT: '1' };

/** Runs docker with output shown; rejects on a non-zero exit. */
export function run(args, { env = buildEnv, quiet = false, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(docker(), args, { env, cwd, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`docker ${args.join(' ')} exited ${code}\n${output.slice(-4000)}`)),
    );
  });
}

export function imageExists(name) {
  return works(docker(), ['image', 'inspect', name]);
}

/** A label of a local image ('' when the image or the label is absent). */
export function imageLabel(name, label) {
  const out = spawnSync(docker(), ['image', 'inspect', '--format', `{{index .Config.Labels "${label}"}}`, name], {
    encoding: 'utf8',
  });
  return out.status === 0 ? out.stdout.trim().replace(/^<no value>$/, '') : '';
}

/** Size in bytes of a local image, as `docker images` reports it. */
export function imageSize(name) {
  return Number(
    execFileSync(docker(), ['image', 'inspect', '--format', '{{.Size}}', name], { encoding: 'utf8' }).trim(),
  );
}

export const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
