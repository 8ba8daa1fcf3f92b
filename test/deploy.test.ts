// Deployment files, checked without a Docker engine (`npm run test:deploy` runs them on one):
// `docker-compose config -q` (Debian package `docker-compose`, 1.29) validates the compose
// files, dockerfilelint the Dockerfile, `nats-server -t` the NATS configs; the parsed files
// are then held to what the FSC needs (every service, healthchecks, a 3-node NATS cluster).
// A missing tool FAILS these tests with the command that installs it: they never skip.
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTls, operatorAccessFrom } from '@svom/service-kit';
import { createAddressAllowlist } from '@svom/vtp';
import { initFscUsers } from '../cli/src/fsc-user/fsc-users-file.js';
import { dockerCompose, type Json, readYaml, requireTool } from './deploy-stack/yaml.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const composeFile = join(root, 'docker-compose.yml');
const roleComposeDir = join(root, 'deploy/openstack/compose');
const expectedPorts: Record<string, number[]> = {
  web: [8440],
  'vhf-ingest': [8441],
  alerts: [8442, 8099, 8098],
  followup: [8443],
  scheduler: [8444],
  'xmpp-gateway': [8445],
  notify: [8446],
};
/** Variables the OpenStack role compose files require (cloud-init writes them on the VMs). */
const roleEnv = {
  FSC_POSTGRES_IP: '10.20.0.10',
  FSC_NATS1_IP: '10.20.0.11',
  FSC_NATS2_IP: '10.20.0.12',
  FSC_NATS3_IP: '10.20.0.13',
  NATS_SERVER_NAME: 'nats-1',
  NATS_USER: 'fsc',
  NATS_PASSWORD: 'test-only',
  NATS_FSC_PASSWORD: 'test-only',
  POSTGRES_PASSWORD: 'test-only',
  JWT_SECRET: 'test-only',
};

type Service = {
  image?: string;
  read_only?: boolean;
  logging?: { driver?: string; options?: Record<string, string> };
  build?: { context: string; args?: Record<string, string> };
  command?: string[] | string;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | null>;
  /** 1.29 prints `host_ip:published:target/tcp` strings; v2 the long form */
  ports?: Array<string | { published: number | string; target: number; host_ip?: string }>;
  volumes?: Array<string | { type: string; source?: string; target: string }>;
  restart?: string;
};
type Compose = {
  services: Record<string, Service>;
  volumes?: Record<string, Json>;
  networks?: { default?: { ipam?: { config?: Array<{ subnet?: string }> } } };
};
/** What a user's .env gives docker-compose.yml: it has no default secrets. */
const stackSecrets = {
  POSTGRES_PASSWORD: 'test-only-password',
  JWT_SECRET: 'test-only-secret',
  NATS_FSC_PASSWORD: 'test-only-nats',
};
const stackEnv = { ...process.env, ...stackSecrets };

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    encoding: 'utf8',
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
    input: options.input,
    timeout: 60_000,
  });
}

function composeConfig(file: string, env: NodeJS.ProcessEnv = stackEnv): SpawnSyncReturns<string> {
  return run(dockerCompose(), ['-f', file, 'config'], { cwd: dirname(file), env });
}

function resolvedCompose(file: string, env?: NodeJS.ProcessEnv): Compose {
  const result = composeConfig(file, env);
  expect(result.status, result.stderr).toBe(0);
  return readYaml(result.stdout) as unknown as Compose;
}

/** Volumes as {source, target, named}: 1.29 prints the short `source:target:mode` form. */
function mounts(service: Service): Array<{ source: string; target: string; named: boolean }> {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string')
      return { source: volume.source ?? '', target: volume.target, named: volume.type === 'volume' };
    const [source = '', target = ''] = volume.split(':');
    return { source, target, named: !source.startsWith('/') && !source.startsWith('.') };
  });
}

/** Published ports as {hostIp, hostPort, target}. */
function published(service: Service): Array<{ hostIp: string; hostPort: number; target: number }> {
  return (service.ports ?? []).map((port) => {
    if (typeof port !== 'string')
      return { hostIp: port.host_ip ?? '', hostPort: Number(port.published), target: port.target };
    const parts = port.replace(/\/tcp$/, '').split(':');
    return {
      hostIp: parts.length === 3 ? parts[0]! : '',
      hostPort: Number(parts.at(-2)),
      target: Number(parts.at(-1)),
    };
  });
}

function healthTest(service: Service): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

const serviceDirs = readdirSync(join(root, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'services', entry.name, 'package.json')))
  .map((entry) => entry.name)
  .sort();

describe('tools', () => {
  it('docker-compose (Debian package docker-compose) is installed', () => {
    const path = dockerCompose();
    const version = run(path, ['version', '--short']);
    expect(version.status, version.stderr).toBe(0);
  });
});

describe('docker-compose.yml', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'fsc-compose-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('passes `docker-compose config -q` once the secrets are given', () => {
    const result = run(dockerCompose(), ['-f', 'docker-compose.yml', 'config', '-q'], { env: stackEnv });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(['JWT_SECRET', 'POSTGRES_PASSWORD', 'NATS_FSC_PASSWORD'])(
    'has no default %s: compose stops and says how to set it',
    (key) => {
      const env: NodeJS.ProcessEnv = { ...stackEnv };
      delete env[key];
      const result = run(dockerCompose(), ['-f', 'docker-compose.yml', 'config', '-q'], { env });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`set ${key} in .env`);
    },
  );

  it.each([
    [
      'an unknown depends_on condition',
      (text: string) => text.replace('condition: service_completed_successfully', 'condition: service_finished'),
    ],
    ['a top-level name: (rejected by 1.29)', (text: string) => `name: fsc\n${text}`],
    [
      'a service without an image or build',
      (text: string) => text.replace(/^ {2}postgres:\n {4}image: .*\n/m, '  postgres:\n'),
    ],
  ])('a copy with %s fails the same check', (_what, breakIt) => {
    const original = readFileSync(composeFile, 'utf8');
    const broken = breakIt(original);
    expect(broken).not.toBe(original);
    const file = join(tmp, 'docker-compose.yml');
    writeFileSync(file, broken);
    const result = run(dockerCompose(), ['-f', file, 'config', '-q'], { cwd: tmp, env: stackEnv });
    expect(result.status).not.toBe(0);
  });

  it('runs every workspace of services/ from the one FSC image, with a healthcheck, ports and env', () => {
    const compose = resolvedCompose(composeFile);
    expect(serviceDirs.length).toBeGreaterThan(0);
    for (const name of serviceDirs) {
      const service = compose.services[name];
      expect(service, `docker-compose.yml has no service ${name}`).toBeDefined();
      expect(service!.image).toBe('svom-fsc:dev');
      expect(service!.environment?.SERVICE).toBe(name);
      expect(service!.read_only).toBe(true);
      expect(service!.logging?.options?.['max-size']).toBeTruthy();
      expect(mounts(service!).find((m) => m.target === '/run/tls')).toMatchObject({ source: 'tls', named: true });
      expect(service!.depends_on?.['tls-init']?.condition).toBe('service_completed_successfully');
      expect(service!.healthcheck?.disable).not.toBe(true);
      expect(healthTest(service!)).toMatch(/healthcheck\.cjs \/ready|\/ready/);
      expect(service!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(service!.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(service!.restart).toBe('unless-stopped');
      const env = service!.environment ?? {};
      for (const key of ['DATABASE_URL', 'NATS_URL', 'JWT_SECRET', 'PORT', 'HOST', 'NATS_REPLICAS']) {
        expect(env[key], `${name}: ${key}`).toBeTruthy();
      }
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      const wanted = expectedPorts[name];
      if (wanted) {
        expect(env.PORT).toBe(String(wanted[0]));
        const ports = published(service!);
        expect(ports.map((p) => p.target).sort()).toEqual([...wanted].sort());
        for (const p of ports) expect(p.hostIp, `${name}:${p.target} on loopback only`).toBe('127.0.0.1');
      }
    }
    expect(compose.services.web!.environment?.ALERTS_URL).toBe('https://alerts:8442');
    expect(compose.services.web!.environment?.UPSTREAM_CA).toBe('/run/tls/cert.pem');
  });

  it('admits VTP authors and subscribers from the compose network alone, whose subnet it sets', () => {
    const compose = resolvedCompose(composeFile);
    const subnet = compose.networks?.default?.ipam?.config?.[0]?.subnet;
    expect(subnet).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    const env = compose.services.alerts!.environment ?? {};
    const inside = subnet!.replace(/0\/24$/, '5');
    for (const key of ['VTP_SUBSCRIBERS', 'VTP_AUTHORS']) {
      expect(env[key]).toBe(subnet);
      const admits = createAddressAllowlist((env[key] ?? '').split(',').filter(Boolean));
      expect(admits(inside), `${key}: a container of the stack`).toBe(true);
      expect(admits('172.17.0.1'), `${key}: another Docker bridge`).toBe(false);
      expect(admits('10.1.2.3'), `${key}: any private network`).toBe(false);
      expect(admits('8.8.8.8'), `${key}: the internet, unless listed`).toBe(false);
    }
  });

  it('serves /metrics and /docs to the compose network (a Prometheus beside the services), not beyond', () => {
    const compose = resolvedCompose(composeFile);
    const subnet = compose.networks?.default?.ipam?.config?.[0]?.subnet;
    const inside = subnet!.replace(/0\/24$/, '9');
    for (const name of serviceDirs) {
      const env = compose.services[name]!.environment ?? {};
      expect(env.NODE_ENV).toBe('production');
      const access = operatorAccessFrom(
        { METRICS_ALLOW: env.METRICS_ALLOW ?? undefined, DOCS_ALLOW: env.DOCS_ALLOW ?? undefined },
        { NODE_ENV: 'production' },
      );
      for (const [what, rule] of Object.entries(access)) {
        expect(rule.allow?.(inside), `${name} ${what}: a container of the stack`).toBe(true);
        expect(rule.allow?.('172.17.0.1'), `${name} ${what}: another Docker bridge`).toBe(false);
        expect(rule.allow?.('8.8.8.8'), `${name} ${what}: the internet`).toBe(false);
      }
    }
  });

  it('has a 3-node NATS JetStream cluster that every service lists', () => {
    const compose = resolvedCompose(composeFile);
    const nats = Object.entries(compose.services).filter(([name]) => /^nats-\d$/.test(name));
    expect(nats.map(([name]) => name).sort()).toEqual(['nats-1', 'nats-2', 'nats-3']);
    const stores = new Set<string>();
    for (const [name, service] of nats) {
      expect(service.image).toMatch(/^nats:2\.10/);
      expect(healthTest(service)).toContain(':8222/healthz');
      const conf = mounts(service).find((volume) => volume.target === '/etc/nats/nats.conf');
      expect(conf?.source).toBe(join(root, `deploy/nats/${name}.conf`));
      const store = mounts(service).find((volume) => volume.target === '/data/jetstream');
      expect(store?.named).toBe(true);
      stores.add(store!.source);
    }
    expect(stores.size).toBe(3);
    for (const name of serviceDirs) {
      const urls = compose.services[name]!.environment!.NATS_URL!.split(',');
      expect(urls.sort()).toEqual(['nats://nats-1:4222', 'nats://nats-2:4222', 'nats://nats-3:4222']);
    }
  });

  it('runs NATS with accounts and TLS: the services in FSC, subscribers from the nats-subscribers volume', () => {
    const compose = resolvedCompose(composeFile);
    for (const name of ['nats-1', 'nats-2', 'nats-3']) {
      const service = compose.services[name]!;
      const at = (target: string) => mounts(service).find((volume) => volume.target === target);
      expect(at('/etc/nats/accounts.conf')?.source).toBe(join(root, 'deploy/nats/accounts.conf'));
      expect(at('/etc/nats/client-tls.conf')?.source).toBe(join(root, 'deploy/nats/client-tls.conf'));
      expect(at('/etc/nats/tls')?.named).toBe(true);
      expect(at('/etc/nats/subscribers')?.named).toBe(true);
      // The password reaches the nodes through the users file only: a change of .env must not
      // make compose recreate them (deploy/README.md, "Secrets rotation").
      expect(JSON.stringify(service.environment ?? {})).not.toContain(stackSecrets.NATS_FSC_PASSWORD);
      expect(service.depends_on?.['nats-subscribers']?.condition).toBe('service_completed_successfully');
      expect(service.depends_on?.['nats-fsc-user']?.condition).toBe('service_completed_successfully');
    }
    for (const name of serviceDirs) {
      const env = compose.services[name]!.environment!;
      expect(env, name).toMatchObject({ NATS_USER: 'fsc', NATS_PASSWORD: stackSecrets.NATS_FSC_PASSWORD });
      expect(env.NATS_CA, name).toBe('/run/tls/cert.pem');
    }
    const nodesVolume = mounts(compose.services['nats-1']!).find((v) => v.target === '/etc/nats/subscribers')?.source;
    const subscribers = compose.services['nats-subscribers']!;
    expect([subscribers.command].flat()).toEqual(['init']);
    expect(subscribers.restart).toBe('no');
    expect(mounts(subscribers).find((volume) => volume.target === '/run/nats-subscribers')?.source).toBe(nodesVolume);
    // The services' users file, in the same volume, from .env's credential.
    const fscUser = compose.services['nats-fsc-user']!;
    expect([fscUser.command].flat()).toEqual(['init']);
    expect(fscUser.restart).toBe('no');
    expect(mounts(fscUser).find((volume) => volume.target === '/run/nats-subscribers')?.source).toBe(nodesVolume);
    expect(fscUser.environment).toMatchObject({
      NATS_FSC_USERS_FILE: '/run/nats-subscribers/fsc-users.conf',
      NATS_FSC_USER: 'fsc',
      NATS_FSC_PASSWORD: stackSecrets.NATS_FSC_PASSWORD,
      NATS_MONITOR_URLS: 'http://nats-1:8222,http://nats-2:8222,http://nats-3:8222',
    });
  });

  it('gives every service and replica the NATS user .env names after a rotation (NATS_FSC_USER)', () => {
    const rotated = { ...stackEnv, NATS_FSC_USER: 'fsc-2', NATS_FSC_PASSWORD: 'rotated-password' };
    const compose = resolvedCompose(composeFile, rotated);
    const withReplicas = run(
      dockerCompose(),
      ['-f', 'docker-compose.yml', '-f', 'deploy/compose.replicas.yml', 'config'],
      {
        env: rotated,
      },
    );
    expect(withReplicas.status, withReplicas.stderr).toBe(0);
    const replicas = (readYaml(withReplicas.stdout) as unknown as Compose).services;
    const users = [
      ...serviceDirs.map((name) => compose.services[name]!.environment!),
      ...['vhf-ingest-2', 'alerts-2'].map((name) => replicas[name]!.environment!),
      compose.services['nats-fsc-user']!.environment!,
    ].map((env) => [env.NATS_USER ?? env.NATS_FSC_USER, env.NATS_PASSWORD ?? env.NATS_FSC_PASSWORD]);
    expect(users.length).toBe(serviceDirs.length + 3);
    for (const user of users) expect(user).toEqual(['fsc-2', 'rotated-password']);
    // ...and nothing else of the file changes: the NATS nodes are the same containers.
    for (const name of ['nats-1', 'nats-2', 'nats-3'])
      expect(compose.services[name], name).toEqual(resolvedCompose(composeFile).services[name]);
  });

  it("publishes every node's client port (failover for subscribers), on NATS_PUBLISH_ADDRESS, never 6222 or 8222", () => {
    const ports = (env?: NodeJS.ProcessEnv) => {
      const compose = resolvedCompose(composeFile, env);
      return ['nats-1', 'nats-2', 'nats-3'].map((name) => published(compose.services[name]!));
    };
    // Only the client port leaves the compose network: one a node, on loopback unless told.
    expect(ports()).toEqual([
      [{ hostIp: '127.0.0.1', hostPort: 4222, target: 4222 }],
      [{ hostIp: '127.0.0.1', hostPort: 4223, target: 4222 }],
      [{ hostIp: '127.0.0.1', hostPort: 4224, target: 4222 }],
    ]);
    const moved = {
      NATS_PUBLISH_ADDRESS: '0.0.0.0',
      NATS_HOST_PORT: '14222',
      NATS_HOST_PORT_2: '14322',
      NATS_HOST_PORT_3: '14422',
    };
    expect(ports({ ...stackEnv, ...moved })).toEqual([
      [{ hostIp: '0.0.0.0', hostPort: 14222, target: 4222 }],
      [{ hostIp: '0.0.0.0', hostPort: 14322, target: 4222 }],
      [{ hostIp: '0.0.0.0', hostPort: 14422, target: 4222 }],
    ]);
  });
  it('has Postgres 15 with a volume and pg_isready, one-shot tls-init and migrate', () => {
    const compose = resolvedCompose(composeFile);
    const postgres = compose.services.postgres!;
    expect(postgres.image).toMatch(/^postgres:15/);
    expect(healthTest(postgres)).toContain('pg_isready');
    expect(mounts(postgres).some((volume) => volume.named && volume.target === '/var/lib/postgresql/data')).toBe(true);
    const migrate = compose.services.migrate!;
    expect(migrate.image).toBe('svom-fsc:dev');
    expect([migrate.command].flat()).toEqual(['migrate']);
    expect([compose.services['tls-init']!.command].flat()).toEqual(['make-tls']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(migrate.environment?.DATABASE_URL).toBe(compose.services.alerts?.environment?.DATABASE_URL);
  });
});

describe('NATS configs', () => {
  const confs = ['nats-1', 'nats-2', 'nats-3'].map((name) => ({
    name,
    text: readFileSync(join(root, `deploy/nats/${name}.conf`), 'utf8'),
  }));

  it('name themselves, route to all three nodes and enable JetStream', () => {
    for (const { name, text } of confs) {
      expect(text).toMatch(new RegExp(`^server_name: ${name}$`, 'm'));
      expect(text).toMatch(/^jetstream \{/m);
      expect(text).toContain('store_dir: /data/jetstream');
      expect(text).toContain('http: 0.0.0.0:8222');
      for (const peer of ['nats-1', 'nats-2', 'nats-3']) expect(text).toContain(`nats-route://${peer}:6222`);
    }
  });

  it('include the accounts and TLS on the client port, and do not advertise the nodes to clients', () => {
    for (const { text } of [...confs, { text: readFileSync(join(root, 'deploy/nats/nats-openstack.conf'), 'utf8') }]) {
      expect(text).toMatch(/^include \.\/accounts\.conf$/m);
      expect(text).toMatch(/^include \.\/client-tls\.conf$/m);
      expect(text).toMatch(/^ {2}no_advertise: true/m);
    }
  });

  it('pass `nats-server -t`', async () => {
    const server = requireTool(
      'nats-server',
      'the NATS server of the machine (see STACK.md); apt-get install -y nats-server',
    );
    // As mounted in the containers, with a TLS pair where client-tls.conf names the mounted one.
    const dir = mkdtempSync(join(tmpdir(), 'fsc-nats-conf-'));
    const tls = await loadTls({ dataDir: dir });
    mkdirSync(join(dir, 'subscribers'));
    copyFileSync(join(root, 'deploy/nats/accounts.conf'), join(dir, 'accounts.conf'));
    copyFileSync(join(root, 'deploy/nats/subscribers/subscribers.conf'), join(dir, 'subscribers/subscribers.conf'));
    initFscUsers(join(dir, 'subscribers/fsc-users.conf'), { user: 'fsc', password: 'test-only' });
    writeFileSync(
      join(dir, 'client-tls.conf'),
      readFileSync(join(root, 'deploy/nats/client-tls.conf'), 'utf8')
        .replace('/etc/nats/tls/cert.pem', join(dir, 'tls/localhost.crt'))
        .replace('/etc/nats/tls/key.pem', join(dir, 'tls/localhost.key')),
    );
    expect(tls.cert).toContain('CERTIFICATE');
    const files = [...confs.map(({ name }) => `deploy/nats/${name}.conf`), 'deploy/nats/nats-openstack.conf'];
    for (const file of files) {
      const copy = join(dir, file.replace('deploy/nats/', ''));
      copyFileSync(join(root, file), copy);
      const result = run(server, ['-t', '-c', copy], { env: { ...process.env, ...roleEnv } });
      expect(result.status, `${file}: ${result.stderr}${result.stdout}`).toBe(0);
    }
    rmSync(dir, { recursive: true, force: true });
    const broken = join(mkdtempSync(join(tmpdir(), 'fsc-nats-')), 'broken.conf');
    writeFileSync(broken, `${confs[0]!.text}\njetstream {\n`);
    expect(run(server, ['-t', '-c', broken]).status).not.toBe(0);
    rmSync(dirname(broken), { recursive: true, force: true });
  });
});

describe('Dockerfile', () => {
  const dockerfilelint = join(root, 'node_modules/.bin/dockerfilelint');
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('passes dockerfilelint with no issue', () => {
    expect(existsSync(dockerfilelint), 'dockerfilelint: run npm ci at the repository root').toBe(true);
    const result = run(dockerfilelint, ['Dockerfile']);
    expect(result.stdout).toContain('Issues: None found');
    expect(result.status).toBe(0);
  });

  it('a broken copy fails dockerfilelint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsc-dockerfile-'));
    writeFileSync(
      join(dir, 'Dockerfile'),
      dockerfile.replace('EXPOSE 8440', 'EXPOSE web').replace(/^FROM (\S+?):\S+/m, 'FROM $1'),
    );
    const result = run(dockerfilelint, [join(dir, 'Dockerfile')]);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).not.toBe(0);
  });

  it('is one image for every service, on an official Node LTS image by default, run as a non-root user', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+-bookworm-slim$/m);
    expect(dockerfile.match(/^FROM \$\{NODE_IMAGE\} AS \w+$/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).not.toMatch(/^ARG SERVICE/m);
    expect(dockerfile.match(/npm ci --no-audit/g)).toHaveLength(1);
    expect(dockerfile.match(/npm ci --omit=dev/g)).toHaveLength(1);
    expect(dockerfile).toContain("npx turbo run build --cache-dir=.turbo/cache --filter='./services/*'");
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/^EXPOSE .*8442.*8099/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/lib\/svom\/start\.sh"\]$/m);
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(finalStage).not.toMatch(/npm (ci|install)/);
    const start = readFileSync(join(root, 'deploy/docker/start.sh'), 'utf8');
    for (const name of [...serviceDirs, 'migrate', 'make-tls'])
      expect(start, name).toMatch(new RegExp(`^  ${name}\\)`, 'm'));
  });

  it('.dockerignore keeps out builds and dependencies but keeps what the image needs', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '**/node_modules', '**/dist', '.git', 'data']));
    for (const needed of [
      'migrations',
      'services',
      'libs',
      'deploy',
      'deploy/docker',
      'package-lock.json',
      'services/alerts/data',
    ]) {
      expect(ignored, needed).not.toContain(needed);
    }
    expect(ignored.some((line) => line.startsWith('**/data'))).toBe(false);
  });
});

describe('container healthcheck probe', () => {
  const probe = join(root, 'deploy/docker/healthcheck.cjs');
  let dir: string;
  let server: ReturnType<typeof createServer>;
  let port: number;
  let ready = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fsc-probe-'));
    const openssl = requireTool('openssl', 'apt-get install -y openssl');
    const made = run(openssl, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    expect(made.status, made.stderr).toBe(0);
    server = createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (req, res) => {
        res.statusCode = req.url === '/health' || (req.url === '/ready' && ready) ? 200 : 503;
        res.end();
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const probeAsync = (path: string, probePort: number) =>
    new Promise<number>((resolve) => {
      // asynchronous: the HTTPS server under test lives in this process
      execFile(process.execPath, [probe, path], { env: { ...process.env, PORT: String(probePort) } }, (error) => {
        resolve(error ? Number(error.code ?? 1) : 0);
      });
    });

  it('exits 0 on 2xx over self-signed HTTPS and 1 otherwise', async () => {
    expect(await probeAsync('/health', port)).toBe(0);
    expect(await probeAsync('/ready', port)).toBe(1);
    ready = true;
    expect(await probeAsync('/ready', port)).toBe(0);
    server.close();
    await once(server, 'close');
    expect(await probeAsync('/health', port)).toBe(1);
  });
});

describe('OpenStack role compose files', () => {
  const env = { ...process.env, ...roleEnv };

  it.each(['nats', 'postgres', 'services'])('compose/%s.yml passes `docker-compose config -q`', (role) => {
    const result = run(dockerCompose(), ['-f', join(roleComposeDir, `${role}.yml`), 'config', '-q'], {
      cwd: roleComposeDir,
      env,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('services.yml refuses to start without its secrets', () => {
    const { JWT_SECRET: _jwt, ...withoutJwt } = env;
    const result = run(dockerCompose(), ['-f', join(roleComposeDir, 'services.yml'), 'config', '-q'], {
      cwd: roleComposeDir,
      env: withoutJwt,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('JWT_SECRET');
  });

  it('services.yml runs every service against the three NATS nodes with replicas 3', () => {
    const compose = resolvedCompose(join(roleComposeDir, 'services.yml'), env);
    for (const name of serviceDirs) {
      const service = compose.services[name];
      expect(service, `services.yml has no service ${name}`).toBeDefined();
      expect(service!.image).toBe('svom-fsc:dev');
      expect(service!.environment?.SERVICE).toBe(name);
      expect(healthTest(service!)).toContain('/ready');
      expect(service!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(service!.depends_on?.['tls-init']?.condition).toBe('service_completed_successfully');
      expect(service!.environment?.NATS_REPLICAS).toBe('3');
      expect(service!.environment?.NATS_URL?.split(',')).toHaveLength(3);
      expect(service!.environment?.TLS_CERT).toBe('/run/tls/cert.pem');
      expect(service!.environment).toMatchObject({ NATS_USER: 'fsc', NATS_PASSWORD: roleEnv.NATS_FSC_PASSWORD });
      expect(service!.environment?.NATS_CA).toBe('/run/nats-tls/cert.pem');
      expect(mounts(service!).find((volume) => volume.target === '/run/nats-tls')?.source).toBe('/etc/svom/nats-tls');
    }
    expect([compose.services['nats-subscribers']!.command].flat()).toEqual(['init']);
    // The services' users file beside the subscribers', the master copy of what the NATS VMs get;
    // the services wait for it to accept .env's credential.
    const fscUser = compose.services['nats-fsc-user']!;
    expect([fscUser.command].flat()).toEqual(['init']);
    expect(mounts(fscUser).find((volume) => volume.target === '/run/nats-subscribers')?.source).toBe(
      mounts(compose.services['nats-subscribers']!).find((volume) => volume.target === '/run/nats-subscribers')?.source,
    );
    expect(fscUser.environment?.NATS_MONITOR_URLS).toBe('http://nats-1:8222,http://nats-2:8222,http://nats-3:8222');
    for (const name of serviceDirs)
      expect(compose.services[name]!.depends_on?.['nats-fsc-user']?.condition, name).toBe(
        'service_completed_successfully',
      );
    // The one image is built once, by the first service to start.
    expect(compose.services.migrate!.build?.context).toBe(root);
    expect(compose.services.migrate!.image).toBe('svom-fsc:dev');
    expect([compose.services.migrate!.command].flat()).toEqual(['migrate']);
    expect(compose.services.web!.environment?.ALERTS_URL).toBe('https://alerts:8442');
  });

  it('services.yml gives the alerts service the VTP allowlists of /etc/svom/fsc.env', () => {
    const vtp = { VTP_SUBSCRIBERS: '0.0.0.0/0', VTP_AUTHORS: '192.0.2.0/24' };
    const compose = resolvedCompose(join(roleComposeDir, 'services.yml'), { ...env, ...vtp });
    expect(compose.services.alerts!.environment).toMatchObject(vtp);
  });

  it('nats.yml mounts the OpenStack NATS config from deploy/nats', () => {
    const compose = resolvedCompose(join(roleComposeDir, 'nats.yml'), env);
    const nats = compose.services.nats!;
    expect(nats.image).toMatch(/^nats:2\.10/);
    expect(healthTest(nats)).toContain(':8222/healthz');
    const at = (target: string) => mounts(nats).find((volume) => volume.target === target)?.source;
    expect(at('/etc/nats/nats.conf')).toBe(join(root, 'deploy/nats/nats-openstack.conf'));
    expect(at('/etc/nats/accounts.conf')).toBe(join(root, 'deploy/nats/accounts.conf'));
    expect(at('/etc/nats/client-tls.conf')).toBe(join(root, 'deploy/nats/client-tls.conf'));
    expect(at('/etc/nats/tls')).toBe('/etc/svom/nats-tls');
    expect(at('/etc/nats/subscribers')).toBe('/var/lib/svom/nats-subscribers');
    // The services' password comes from fsc-users.conf in that folder, which cloud-init writes.
    expect(nats.environment?.NATS_FSC_PASSWORD).toBeUndefined();
    const cloudInit = readYaml(readFileSync(join(root, 'deploy/openstack/cloud-init/nats.yaml'), 'utf8')) as {
      write_files: Array<{ path: string; content: string; permissions: string }>;
      runcmd: Json[];
    };
    const users = cloudInit.write_files.find((f) => f.path === '/var/lib/svom/nats-subscribers/fsc-users.conf');
    expect(users?.content).toContain('{ user: "fsc", password: "__NATS_FSC_PASSWORD__" }');
    expect(users?.permissions).toBe('0640');
    expect(JSON.stringify(cloudInit.runcmd)).toMatch(
      /"chgrp","1000",[^\]]*"\/var\/lib\/svom\/nats-subscribers\/fsc-users\.conf"/,
    );
  });
});

describe('OpenStack Heat template and cloud-init', () => {
  type Resource = { type: string; depends_on?: Json; properties: Record<string, Json> };
  const heat = () =>
    readYaml(readFileSync(join(root, 'deploy/openstack/fsc.yaml'), 'utf8')) as unknown as {
      heat_template_version: string;
      parameters: Record<string, { hidden?: boolean }>;
      resources: Record<string, Resource>;
    };
  const ofType = (resources: Record<string, Resource>, type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.type === type);
  /** Every rule a security group can have: list_concat of lists and `if` branches flattened. */
  const rulesOf = (rules: Json): Array<Record<string, Json>> => {
    if (Array.isArray(rules))
      return rules.flatMap((r) =>
        Array.isArray(r) || (r && typeof r === 'object' && ('if' in r || 'list_concat' in r))
          ? rulesOf(r)
          : [r as Record<string, Json>],
      );
    if (rules && typeof rules === 'object' && 'list_concat' in rules) return rulesOf(rules.list_concat as Json);
    if (rules && typeof rules === 'object' && 'if' in rules)
      return (rules.if as Json[]).slice(1).flatMap((branch) => rulesOf(branch));
    return [];
  };

  it('spreads three NATS servers with anti-affinity and gives Postgres a Cinder volume', () => {
    const template = heat();
    expect(template.heat_template_version).toMatch(/^20\d\d-\d\d-\d\d$/);
    const groups = ofType(template.resources, 'OS::Nova::ServerGroup');
    expect(groups).toHaveLength(1);
    expect(groups[0]![1].properties.policies).toEqual(['anti-affinity']);
    const servers = ofType(template.resources, 'OS::Nova::Server');
    const inGroup = servers.filter(
      ([, server]) =>
        JSON.stringify(server.properties.scheduler_hints ?? null) ===
        JSON.stringify({ group: { get_resource: groups[0]![0] } }),
    );
    expect(inGroup).toHaveLength(3);
    const volumes = ofType(template.resources, 'OS::Cinder::Volume');
    expect(volumes).toHaveLength(1);
    const postgres = template.resources.postgres!;
    expect(JSON.stringify(postgres.properties.block_device_mapping_v2)).toContain(`"get_resource":"${volumes[0]![0]}"`);
    expect(template.parameters.postgres_password?.hidden).toBe(true);
    expect(template.parameters.jwt_secret?.hidden).toBe(true);
    expect(template.parameters.nats_fsc_password?.hidden).toBe(true);
    expect(template.parameters.nats_tls_key_b64?.hidden).toBe(true);
  });

  it('opens to addresses only 443, 8440-8444, 8099, 8098 and the NATS client port; everything else is group to group', () => {
    // 4222 with TLS and accounts, for subscriber_cidr only; 6222 (routes) and 8222 never.
    const allowed = new Set([443, 8440, 8441, 8442, 8443, 8444, 8099, 8098, 4222]);
    const internal = new Set([4222, 6222, 8222, 5432]);
    for (const [name, group] of ofType(heat().resources, 'OS::Neutron::SecurityGroup')) {
      for (const rule of rulesOf(group.properties.rules as Json)) {
        const from = Number(rule.port_range_min);
        const to = Number(rule.port_range_max);
        expect(to - from, `${name}: ${JSON.stringify(rule)}`).toBeLessThanOrEqual(4);
        for (let port = from; port <= to; port++) {
          if (rule.remote_mode === 'remote_group_id') expect(internal.has(port), `${name} ${port}`).toBe(true);
          else expect(allowed.has(port), `${name} ${port} open to ${JSON.stringify(rule.remote_ip_prefix)}`).toBe(true);
          if (port === 4222 && rule.remote_mode !== 'remote_group_id')
            expect(rule.remote_ip_prefix).toEqual({ get_param: 'subscriber_cidr' });
        }
      }
    }
  });

  it('hands public_cidr and vtp_author_cidr to the VTP allowlists as to the security group', () => {
    const services = heat().resources.services!.properties as {
      user_data: { str_replace: { params: Record<string, Json> } };
    };
    expect(services.user_data.str_replace.params).toMatchObject({
      __VTP_SUBSCRIBERS__: { get_param: 'public_cidr' },
      __VTP_AUTHORS__: { get_param: 'vtp_author_cidr' },
    });
    const cloudInit = readFileSync(join(root, 'deploy/openstack/cloud-init/services.yaml'), 'utf8');
    expect(cloudInit).toMatch(/^ +VTP_SUBSCRIBERS=__VTP_SUBSCRIBERS__$/m);
    expect(cloudInit).toMatch(/^ +VTP_AUTHORS=__VTP_AUTHORS__$/m);
  });

  it("opens the VTP author port to nobody unless the operator names the authors' network", () => {
    const template = heat() as unknown as {
      parameters: Record<string, { default?: string }>;
      conditions: Record<string, Json>;
      resources: Record<string, Resource>;
    };
    expect(template.parameters.vtp_author_cidr?.default).toBe('');
    expect(template.conditions.has_vtp_authors).toEqual({ not: { equals: [{ get_param: 'vtp_author_cidr' }, ''] } });
    const rules = JSON.stringify(template.resources.sg_services!.properties.rules);
    // the 8098 rule sits only in the `if has_vtp_authors` branch, whose other branch is empty
    expect(rules).toMatch(/"if":\["has_vtp_authors",\[\{[^\]]*"port_range_min":8098[^\]]*\}\],\[\]\]/);
    expect(rules.match(/8098/g)).toHaveLength(2);
  });

  it('names only defined parameters, resources, attributes and conditions; uses every parameter; has outputs', () => {
    const template = heat() as unknown as {
      parameters: Record<string, Json>;
      conditions?: Record<string, Json>;
      resources: Record<string, Resource & { condition?: string }>;
      outputs: Record<string, { value: Json; description?: string }>;
    };
    const used = { param: new Set<string>(), resource: new Set<string>(), condition: new Set<string>() };
    const walk = (node: Json): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'get_param') used.param.add(String(Array.isArray(value) ? value[0] : value));
        if (key === 'get_resource') used.resource.add(String(value));
        if (key === 'get_attr') used.resource.add(String((value as Json[])[0]));
        if (key === 'if') used.condition.add(String((value as Json[])[0]));
        if (key === 'depends_on') for (const d of [value].flat()) used.resource.add(String(d));
        walk(value);
      }
    };
    walk(template.resources as unknown as Json);
    walk(template.outputs as unknown as Json);
    walk((template.conditions ?? {}) as Json);
    for (const r of Object.values(template.resources)) if (r.condition) used.condition.add(r.condition);
    for (const p of used.param) expect(Object.keys(template.parameters), `get_param ${p}`).toContain(p);
    for (const r of used.resource) expect(Object.keys(template.resources), `resource ${r}`).toContain(r);
    for (const c of used.condition) expect(Object.keys(template.conditions ?? {}), `condition ${c}`).toContain(c);
    for (const p of Object.keys(template.parameters)) expect([...used.param], `parameter ${p} is used`).toContain(p);
    expect(Object.keys(template.outputs)).toEqual(
      expect.arrayContaining(['web_url', 'services_floating_ip', 'private_addresses']),
    );
    for (const [name, output] of Object.entries(template.outputs)) expect(output.value, name).toBeTruthy();
  });

  it('has cloud-init files that pass `cloud-init schema` (Debian package cloud-init)', () => {
    const cloudInit = requireTool('cloud-init', 'apt-get install -y cloud-init');
    for (const role of ['nats', 'postgres', 'services']) {
      const result = run(cloudInit, ['schema', '-c', join(root, `deploy/openstack/cloud-init/${role}.yaml`)]);
      expect(result.status, `${role}: ${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('Valid cloud-config');
    }
    const broken = join(mkdtempSync(join(tmpdir(), 'fsc-cloud-init-')), 'broken.yaml');
    writeFileSync(broken, '#cloud-config\npackages: docker.io\nruncmd: 3\n');
    expect(run(cloudInit, ['schema', '-c', broken]).status).not.toBe(0);
    rmSync(dirname(broken), { recursive: true, force: true });
  });

  it('reads only cloud-init files that exist, each a #cloud-config that installs Docker and starts a role', () => {
    const template = readFileSync(join(root, 'deploy/openstack/fsc.yaml'), 'utf8');
    const files = [...template.matchAll(/get_file: (\S+?) \}/g)].map((match) => match[1]!);
    expect(new Set(files)).toEqual(
      new Set(['cloud-init/nats.yaml', 'cloud-init/postgres.yaml', 'cloud-init/services.yaml']),
    );
    for (const file of new Set(files)) {
      const text = readFileSync(join(root, 'deploy/openstack', file), 'utf8');
      expect(text.split('\n', 1)[0]).toBe('#cloud-config');
      const config = readYaml(text) as { packages: string[]; runcmd: Json[] };
      expect(config.packages).toEqual(expect.arrayContaining(['docker.io', 'docker-compose', 'git']));
      const role = file.replace(/^cloud-init\/(.*)\.yaml$/, '$1');
      expect(JSON.stringify(config.runcmd)).toContain(`deploy/openstack/compose/${role}.yml up -d`);
      expect(existsSync(join(roleComposeDir, `${role}.yml`))).toBe(true);
      // every __PLACEHOLDER__ is one the template replaces
      const body = text
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n');
      for (const [placeholder] of body.matchAll(/__[A-Z0-9_]+__/g))
        expect(template, `${file}: ${placeholder}`).toContain(`${placeholder}:`);
    }
  });
});
