// `npm run test:openstack`: the OpenStack deployment without a cloud. The Heat template
// (deploy/openstack/fsc.yaml) is rendered for a stack (heat-stack.ts); each of its five VMs
// (PostgreSQL, three NATS nodes, the services) runs its role's compose file with the
// /etc/svom/fsc.env its cloud-init writes, as its own compose project on this engine, at its
// own private address (heat-vm.ts). The VMs reach each other only by those addresses, as the
// template wires them. Then the same user journey as the compose stack's deploy test, and the
// services' NATS password rotated as deploy/README.md tells it for OpenStack.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsConnectAuthOptions } from '@svom/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { svom } from './cli-process.js';
import { docker, ONE_SHOTS } from './compose-stack.js';
import { renderHeatStack } from './heat-stack.js';
import { HeatVm } from './heat-vm.js';
import { addNextUser, credentialOnEachNode, envLines, recreateOneAtATime, retireOldUsers } from './nats-rotation.js';
import {
  burstsReachSubscribers,
  type DeployedFsc,
  dashboardAnswers,
  followupDecided,
  streamsOnEveryNode,
  registerStation,
  simulateStations,
} from './user-journey.js';

// An operator's environment file: the template's default private addresses, the services'
// address as Neutron would allocate it (first of the pool), which stands for the floating IP too.
const servicesAddress = '10.20.0.100';
const natsAddresses = ['10.20.0.11', '10.20.0.12', '10.20.0.13'];
// The NATS TLS pair an operator makes with openssl (deploy/README.md, "OpenStack"): the nodes'
// names for the services, their addresses for subscribers (here the private ones stand for the
// floating IPs). And `localhost`: nats.js verifies a server reached by IP address against the
// name "localhost" (it gives Node no servername then), so a client that connects by address, as
// this test does, needs it; subscribers on the cloud use a DNS name the certificate names.
const tlsDir = mkdtempSync(join(tmpdir(), 'svom-nats-tls-'));
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=svom-fsc-nats',
    '-addext',
    `subjectAltName=DNS:nats-1,DNS:nats-2,DNS:nats-3,DNS:localhost,${natsAddresses.map((a) => `IP:${a}`).join(',')}`,
    '-keyout',
    join(tlsDir, 'nats.key'),
    '-out',
    join(tlsDir, 'nats.crt'),
  ],
  { stdio: 'ignore' },
);
const natsCa = join(tlsDir, 'nats.crt');
const parameters = {
  key_name: 'unused-here',
  repo_url: 'https://example.invalid/svom-fsc.git',
  postgres_password: randomBytes(12).toString('hex'),
  jwt_secret: randomBytes(32).toString('hex'),
  nats_fsc_password: randomBytes(12).toString('hex'),
  nats_tls_cert_b64: readFileSync(natsCa).toString('base64'),
  nats_tls_key_b64: readFileSync(join(tlsDir, 'nats.key')).toString('base64'),
};
const servers = renderHeatStack({
  parameters,
  attributes: { 'services_floating_ip.floating_ip_address': servicesAddress },
  allocated: { services_port: servicesAddress },
});
const vm = (resource: string) => vms.find((v) => v.server.resource === resource)!;
// nats-openstack.conf's client, cluster and monitoring ports (host networking on the VM).
const vms = servers.map((server) => new HeatVm(server, { nats: [4222, 6222, 8222] }));
const timings: Record<string, number> = {};
let fsc: DeployedFsc;
let nc: NatsConnection | undefined;

beforeAll(async () => {
  const started = Date.now();
  // PostgreSQL and the three NATS nodes first: the services' cloud-init waits for them.
  const backends = vms.filter((v) => v.server.resource !== 'services');
  await Promise.all(backends.map((v) => v.up()));
  await Promise.all(backends.map((v) => v.stack!.waitHealthy(300_000)));
  timings.backendsSeconds = (Date.now() - started) / 1000;
  const services = await vm('services').up();
  await services.waitHealthy(400_000);
  timings.healthySeconds = (Date.now() - started) / 1000;
  console.log(
    `OpenStack roles: PostgreSQL and NATS healthy after ${timings.backendsSeconds.toFixed(0)} s, every VM after ${timings.healthySeconds.toFixed(0)} s`,
  );
  const ca = join(vm('services').disk, 'ca.pem');
  writeFileSync(ca, await services.exec('web', 'cat', '/run/tls/cert.pem'));
  const postgres = vm('postgres').stack!;
  fsc = {
    host: servicesAddress,
    ca,
    operator: (
      await svom(['user', 'token', '--name', 'openstack-test', '--role', 'operator'], {
        JWT_SECRET: parameters.jwt_secret,
      })
    ).trim(),
    // An outside subscriber, issued as deploy/README.md says (below).
    natsListen: ['--nats', '--credentials', await issueSubscriber('openstack-listener'), '--ca', natsCa],
    sql: (query) => postgres.sql(query),
  };
  // The streams read as the services read them: account FSC, over TLS.
  nc = await connectAsServices({ user: 'fsc', password: parameters.nats_fsc_password });
}, 900_000);

/** To the three NATS VMs as the services connect: account FSC, over TLS. */
function connectAsServices(credential: { user: string; password: string }): Promise<NatsConnection> {
  return connect({
    servers: natsUrls,
    ...natsConnectAuthOptions({ ...credential, ca: readFileSync(natsCa, 'utf8') }),
  });
}

/**
 * deploy/README.md's OpenStack steps: `nats-subscribers add` on the services VM, its users
 * file copied to the three NATS VMs, each node reloaded (SIGHUP). Answers the credentials file.
 */
async function issueSubscriber(name: string): Promise<string> {
  const services = vm('services');
  const creds = await services.stack!.compose(
    'run',
    '--rm',
    '-T',
    'nats-subscribers',
    'add',
    name,
    '--url',
    `tls://${natsAddresses[0]}:4222`,
  );
  const file = join(tlsDir, `${name}.creds`);
  writeFileSync(file, creds, { mode: 0o600 });
  // `install -m 0644` in the README: the copy must be readable by the node's nats-server.
  await copyToNatsVms('subscribers.conf', 0o644);
  return file;
}

/**
 * A users file of the services VM (/etc/svom/nats-subscribers) installed on the three NATS VMs
 * (/var/lib/svom/nats-subscribers) with the README's `install -m <mode> [-g 1000]`, then each
 * node reloaded (SIGHUP).
 */
async function copyToNatsVms(name: string, mode: number, group?: number): Promise<void> {
  const source = join(vm('services').disk, 'etc/svom/nats-subscribers', name);
  for (const v of natsVms()) {
    const copy = join(v.disk, 'var/lib/svom/nats-subscribers', name);
    copyFileSync(source, copy);
    chmodSync(copy, mode);
    if (group !== undefined) chownSync(copy, 0, group);
    await v.stack!.compose('kill', '-s', 'HUP', 'nats');
  }
}

const natsVms = () => vms.filter((v) => v.server.resource.startsWith('nats'));
const natsUrls = natsAddresses.map((address) => `tls://${address}:4222`);

afterAll(async () => {
  await nc?.close();
  if (process.env.KEEP_STACK !== '1') for (const v of vms) v.down();
  rmSync(tlsDir, { recursive: true, force: true });
}, 300_000);

describe('the Heat template rendered for a stack', () => {
  it('boots five VMs, each with its role and its own address', () => {
    expect(servers.map((s) => `${s.resource} ${s.composeFile} ${s.address}`).sort()).toEqual([
      'nats1 deploy/openstack/compose/nats.yml 10.20.0.11',
      'nats2 deploy/openstack/compose/nats.yml 10.20.0.12',
      'nats3 deploy/openstack/compose/nats.yml 10.20.0.13',
      'postgres deploy/openstack/compose/postgres.yml 10.20.0.10',
      `services deploy/openstack/compose/services.yml ${servicesAddress}`,
    ]);
    // The services' certificate names the floating IP its users connect to.
    expect(vm('services').server.env.FSC_PUBLIC_NAME).toContain(servicesAddress);
  });

  it('runs every role healthy, each in its own network: the VMs share none', async () => {
    for (const v of vms) {
      for (const s of await v.stack!.states()) {
        if (ONE_SHOTS.includes(s.service)) expect(s.exitCode, s.name).toBe(0);
        else expect(s.health, s.name).toBe('healthy');
      }
    }
    // Every container of a VM is on that VM's network only: a VM reaches another one by its
    // address alone.
    for (const v of vms) {
      const ids = (await docker('ps', '-q', '--filter', `label=com.docker.compose.project=${v.project}`)).split('\n');
      const networks = await docker(
        'inspect',
        '--format',
        '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}',
        ...ids.filter(Boolean),
      );
      expect(new Set(networks.split(/\s+/).filter(Boolean)), v.project).toEqual(new Set([`${v.project}_default`]));
    }
  });

  it('replicates every JetStream stream on the three NATS VMs', () => streamsOnEveryNode(nc!));
});

describe('what a user does, against the services VM', () => {
  it('registers stations with the CLI', () => registerStation(fsc, 'OSK1'));

  it('sees every burst as notices on VTP (once per IVORN) and as JSON on NATS', async () => {
    console.log((await burstsReachSubscribers(fsc)).summary);
  }, 240_000);

  it('decides follow-up for every burst and facility: a request, or why not', async () => {
    console.log(await followupDecided(fsc));
  }, 90_000);

  it('serves the dashboard', () => dashboardAnswers(fsc), 120_000);
});

describe('the services NATS password rotated, OpenStack variant (deploy/README.md, "Secrets rotation")', () => {
  it('next user copied to the NATS VMs, services recreated one at a time, old user retired: no node restarted', async () => {
    const services = vm('services');
    const ca = readFileSync(natsCa, 'utf8');
    const old = { user: 'fsc', password: parameters.nats_fsc_password };
    const nodesBefore = await Promise.all(natsVms().map((v) => v.stack!.startedAs('nats')));
    const started = Date.now();
    // 1. On the services VM, then its file on the NATS VMs (until now cloud-init's plaintext one).
    const next = await addNextUser(services.stack!);
    await copyToNatsVms('fsc-users.conf', 0o640, 1000);
    await expect.poll(() => credentialOnEachNode(natsUrls, ca, next), { timeout: 30_000 }).toEqual(['ok', 'ok', 'ok']);
    expect(await credentialOnEachNode(natsUrls, ca, old)).toEqual(['ok', 'ok', 'ok']);
    // 2. /etc/svom/fsc.env, then the five services one at a time.
    await services.editEnv(envLines(next));
    const recreated = await recreateOneAtATime(services.stack!, [
      'vhf-ingest',
      'alerts',
      'followup',
      'scheduler',
      'web',
    ]);
    await nc?.close();
    nc = await connectAsServices(next);
    // 3. Retired on the services VM (it asked the three nodes' 8222 who is connected), copied, reloaded.
    await retireOldUsers(services.stack!);
    await copyToNatsVms('fsc-users.conf', 0o640, 1000);
    await expect
      .poll(() => credentialOnEachNode(natsUrls, ca, old), { timeout: 30_000 })
      .toEqual(Array(3).fill('Authorization Violation'));
    await services.stack!.compose('up', '-d');
    await services.stack!.waitHealthy(300_000);
    console.log(
      JSON.stringify({
        rotationSeconds: (Date.now() - started) / 1000,
        recreatedToHealthyS: recreated,
      }),
    );
    expect(await Promise.all(natsVms().map((v) => v.stack!.startedAs('nats'))), 'NATS nodes never restarted').toEqual(
      nodesBefore,
    );
    // The services publish with the new user: a station's receptions reach the VHF stream.
    await streamsOnEveryNode(nc!);
    const summary = await simulateStations(fsc, { stations: 2, rate: 20, burstsPerMin: 0, seconds: 5 });
    expect(summary).toMatch(/accepted [1-9]/);
    await expect
      .poll(() => fsc.sql('select count(*) from vhf.outbox').then((rows) => Number(rows[0]?.[0])), { timeout: 60_000 })
      .toBe(0);
  }, 600_000);
});
