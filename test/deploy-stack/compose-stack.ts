// The compose stack as the deploy tests drive it: one compose project on this machine's Docker
// engine, its own env file (random secrets, the images `npm run images` wrote in
// deploy/images.env), containers and their health read through `docker inspect`.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The one-shot services of the stacks: exited 0 is their healthy. */
export const ONE_SHOTS = ['migrate', 'tls-init', 'nats-subscribers', 'nats-fsc-user'];
const execFileAsync = promisify(execFile);

/** The Docker CLI (DOCKER, else docker); only plain commands are used, so any version does. */
export const dockerCli = process.env.DOCKER ?? 'docker';

/**
 * Free TCP ports on 127.0.0.1 now (for the published NATS client ports), distinct: all are held
 * open until each is known.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export interface StackOptions {
  /** compose project name (containers, volumes and network are prefixed by it) */
  project: string;
  /** compose files, relative to the repository root (or absolute) */
  files?: string[];
  /** more variables for the env file */
  env?: Record<string, string>;
  /** fresh POSTGRES_PASSWORD and JWT_SECRET in the env file (default true) */
  secrets?: boolean;
}

export class ComposeStack {
  readonly project: string;
  readonly files: string[];
  readonly envFile: string;
  readonly dir: string;
  readonly env: Record<string, string>;

  constructor(options: StackOptions) {
    this.project = options.project;
    this.files = options.files ?? ['docker-compose.yml'];
    this.dir = mkdtempSync(join(tmpdir(), `${options.project}-`));
    this.envFile = join(this.dir, '.env');
    const imagesEnv = join(root, 'deploy/images.env');
    if (!existsSync(imagesEnv)) throw new Error('deploy/images.env is missing: run `npm run images` first');
    const images = Object.fromEntries(
      readFileSync(imagesEnv, 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => l.split('=', 2) as [string, string]),
    );
    // What a user's .env holds: fresh secrets (compose refuses to start without them).
    const secrets = {
      POSTGRES_PASSWORD: randomBytes(18).toString('hex'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      NATS_FSC_PASSWORD: randomBytes(18).toString('hex'),
    };
    this.env = {
      ...(options.secrets === false ? {} : secrets),
      ...images,
      ...options.env,
    };
    this.writeEnvFile();
  }

  /** Changes lines of the env file, as an operator edits .env (e.g. a rotated secret). */
  setEnv(values: Record<string, string>): void {
    Object.assign(this.env, values);
    this.writeEnvFile();
  }

  private writeEnvFile(): void {
    const lines = Object.entries(this.env).map(([k, v]) => `${k}=${v}`);
    writeFileSync(this.envFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  }

  private args(rest: string[]): string[] {
    return [
      '--project-name',
      this.project,
      '--env-file',
      this.envFile,
      ...this.files.flatMap((f) => ['-f', resolve(root, f)]),
      ...rest,
    ];
  }

  /** docker-compose with this project's files and env; resolves with stdout, rejects with stderr. */
  async compose(...rest: string[]): Promise<string> {
    try {
      const { stdout } = await execFileAsync('docker-compose', this.args(rest), {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, COMPOSE_PROJECT_NAME: this.project },
      });
      return stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`docker-compose ${rest.join(' ')}: ${e.stderr ?? e.message}`);
    }
  }

  /** docker-compose run synchronously (for afterAll clean-up that must not be skipped). */
  composeSync(...rest: string[]): number {
    return spawnSync('docker-compose', this.args(rest), { cwd: root, stdio: 'inherit' }).status ?? 1;
  }

  /** Container id of a service (the first replica, or the one numbered `index`). */
  async containerId(service: string, index = 1): Promise<string> {
    const ids = (await this.compose('ps', '-q', service)).split('\n').filter(Boolean);
    if (!ids.length) throw new Error(`no container for ${service}`);
    const named = await Promise.all(
      ids.map(async (id) => ({ id, name: (await docker('inspect', '--format', '{{.Name}}', id)).trim() })),
    );
    return (named.find((n) => n.name.endsWith(`_${index}`)) ?? named[0]!).id;
  }

  /** State of every container of the project: service, status, health. */
  async states(): Promise<Array<{ service: string; name: string; status: string; health: string; exitCode: number }>> {
    const ids = (await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${this.project}`))
      .split('\n')
      .filter(Boolean);
    if (!ids.length) return [];
    const out = await docker(
      'inspect',
      '--format',
      '{{index .Config.Labels "com.docker.compose.service"}}|{{.Name}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}|{{.State.ExitCode}}',
      ...ids,
    );
    return out
      .trim()
      .split('\n')
      .map((line) => {
        const [service, name, status, health, exitCode] = line.split('|');
        return {
          service: service!,
          name: name!.replace(/^\//, ''),
          status: status!,
          health: health!,
          exitCode: Number(exitCode),
        };
      });
  }

  /**
   * Waits until every long-running container is healthy and every one-shot exited 0; throws
   * with the states (and the unhealthy containers' last logs) after `timeoutMs`.
   * @returns seconds waited
   */
  async waitHealthy(timeoutMs = 240_000, oneShots = ONE_SHOTS): Promise<number> {
    const started = Date.now();
    let states: Awaited<ReturnType<ComposeStack['states']>> = [];
    while (Date.now() - started < timeoutMs) {
      states = await this.states();
      const done =
        states.length > 0 &&
        states.every((s) =>
          oneShots.includes(s.service)
            ? s.status === 'exited' && s.exitCode === 0
            : s.status === 'running' && (s.health === 'healthy' || s.health === 'none'),
        );
      if (done) return (Date.now() - started) / 1000;
      const failed = states.find((s) => oneShots.includes(s.service) && s.status === 'exited' && s.exitCode !== 0);
      if (failed) break;
      await sleep(1000);
    }
    const bad = states.filter((s) => !(s.health === 'healthy' || (s.status === 'exited' && s.exitCode === 0)));
    const logs = await Promise.all(bad.map(async (s) => `--- ${s.name}\n${await containerLogs(s.name, 30)}`));
    throw new Error(
      `stack not healthy after ${(Date.now() - started) / 1000} s:\n${JSON.stringify(states, null, 1)}\n${logs.join('\n')}`,
    );
  }

  /**
   * Waits until a service's (first) container runs healthy, e.g. after `up -d --no-deps` made it
   * anew; throws with its last logs after `timeoutMs`. @returns seconds waited
   */
  async waitServiceHealthy(service: string, timeoutMs = 180_000): Promise<number> {
    const started = Date.now();
    let state: Awaited<ReturnType<ComposeStack['states']>>[number] | undefined;
    while (Date.now() - started < timeoutMs) {
      state = (await this.states()).find((s) => s.service === service && s.name.endsWith('_1'));
      if (state?.status === 'running' && state.health === 'healthy') return (Date.now() - started) / 1000;
      await sleep(1000);
    }
    const logs = state ? await containerLogs(state.name, 30) : '';
    throw new Error(`${service} not healthy after ${timeoutMs / 1000} s: ${JSON.stringify(state)}\n${logs}`);
  }

  /** Id, start time and restart count of a service's container: what changes if it is restarted or made anew. */
  async startedAs(service: string): Promise<string> {
    const name = await this.containerName(service);
    return (await docker('inspect', '--format', '{{.Id}} {{.State.StartedAt}} {{.RestartCount}}', name)).trim();
  }

  /**
   * `docker exec` in a service's container (the Docker CLI: docker-compose 1.29 takes seconds
   * to start on a loaded machine). The container is looked up each time: it changes on recreate.
   */
  async exec(service: string, ...command: string[]): Promise<string> {
    return docker('exec', await this.containerName(service), ...command);
  }

  /**
   * SIGKILLs a service's container, as a crash would; answers its name for `startAgain`. The
   * engine does not restart a container it was told to kill (restart policy or not).
   */
  async kill(service: string): Promise<string> {
    const name = await this.containerName(service);
    await docker('kill', '--signal', 'KILL', name);
    return name;
  }

  /** Starts a killed container again, unless the engine already has. */
  async startAgain(name: string): Promise<void> {
    const running = (await docker('inspect', '--format', '{{.State.Running}}', name)).trim() === 'true';
    if (!running) await docker('start', name);
  }

  /** The container name of a service's first replica (<project>_<service>_1 in 1.29). */
  async containerName(service: string): Promise<string> {
    const state = (await this.states()).find((s) => s.service === service && s.name.endsWith('_1'));
    if (!state) throw new Error(`no container for ${service}`);
    return state.name;
  }

  /** psql in the postgres container; rows as arrays of strings (unaligned, tab-separated). */
  async sql(query: string): Promise<string[][]> {
    const psql = ['psql', '-U', 'svom', '-d', 'svom', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query];
    const out = await this.exec('postgres', ...psql);
    return out
      .split('\n')
      .filter((l) => l.length)
      .map((l) => l.split('\t'));
  }

  async sqlNumber(query: string): Promise<number> {
    return Number((await this.sql(query))[0]?.[0] ?? Number.NaN);
  }

  /** The stack's certificate (made by tls-init), written to a file for --ca. */
  async caFile(): Promise<string> {
    const pem = await this.exec('web', 'cat', '/run/tls/cert.pem');
    const file = join(this.dir, 'ca.pem');
    writeFileSync(file, pem);
    return file;
  }
}

/** A container's last log lines, what it wrote to stdout and stderr both. */
export async function containerLogs(name: string, lines: number): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(dockerCli, ['logs', '--tail', String(lines), name], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    return String(error);
  }
}

/** docker with output; rejects with stderr. */
export async function docker(...args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(dockerCli, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`docker ${args.join(' ')}: ${e.stderr ?? e.message}`);
  }
}

export function dockerSync(...args: string[]): string {
  return execFileSync(dockerCli, args, { encoding: 'utf8' });
}
