import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy } from '@nats-io/jetstream';
import { connectNats, type NatsHandles } from '@svom/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectsFor } from '@svom/contracts';
import {
  addNextFscUser,
  initFscUsers,
  nextUserName,
  readFscUsers,
  retireFscUsers,
} from '../src/fsc-user/fsc-users-file.js';
import { addSubscriber, initSubscribers } from '../src/subscriber/subscribers-file.js';
import { runSvom } from './run-svom.js';
import { FSC_PASSWORD, startSecuredNats, type SecuredNats } from './secured-nats.js';

// `svom fsc-user`: the services' NATS users (account FSC), and a rotation of their password on a
// running nats-server with the deploy's accounts.conf, reloaded and never restarted.

describe('the FSC users file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svom-fsc-users-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const first = { user: 'fsc', password: 'first-password' };

  it("is written by init with .env's credential, then only checked", () => {
    const file = join(dir, 'init.conf');
    expect(initFscUsers(file, first)).toBe(true);
    expect(readFscUsers(file).map((e) => [e.name, e.password])).toEqual([['fsc', first.password]]);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(initFscUsers(file, first)).toBe(false);
    // .env changed by hand: refused, the file unchanged, so compose stops before the services.
    const before = readFileSync(file, 'utf8');
    expect(() => initFscUsers(file, { user: 'fsc', password: 'edited-in-env' })).toThrow(/Secrets rotation/);
    expect(() => initFscUsers(file, { user: 'fsc-2', password: first.password })).toThrow(/does not accept/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a password the config file cannot hold as it is', () => {
    for (const password of ['with"quote', 'back\\slash', 'with space', '$2a$11$looks.like.a.bcrypt.hash'])
      expect(() => initFscUsers(join(dir, 'refused.conf'), { user: 'fsc', password }), password).toThrow(
        /NATS_FSC_PASSWORD/,
      );
    expect(existsSync(join(dir, 'refused.conf'))).toBe(false);
  });

  it('names the next user after the last: fsc, fsc-2, fsc-3', () => {
    expect(nextUserName(['fsc'])).toBe('fsc-2');
    expect(nextUserName(['fsc-2'])).toBe('fsc-3');
    expect(nextUserName(['fsc-9', 'fsc-10'])).toBe('fsc-11');
    expect(nextUserName(['services'])).toBe('fsc-2');
  });

  it('holds two users during a rotation, one after; refuses a second rotation and the wrong user kept', () => {
    const file = join(dir, 'rotation.conf');
    initFscUsers(file, first);
    const next = addNextFscUser(file);
    expect(next.user).toBe('fsc-2');
    expect(next.password).toMatch(/^[0-9a-f]{48}$/);
    expect(readFscUsers(file).map((e) => e.name)).toEqual(['fsc', 'fsc-2']);
    expect(() => addNextFscUser(file)).toThrow(/rotation is under way/);
    expect(() => retireFscUsers(file, { user: 'fsc-2', password: 'not-it' })).toThrow(/not in the file/);
    expect(retireFscUsers(file, next)).toEqual(['fsc']);
    expect(readFscUsers(file).map((e) => e.name)).toEqual(['fsc-2']);
    expect(retireFscUsers(file, next)).toEqual([]);
    expect(addNextFscUser(file).user).toBe('fsc-3');
  });

  it("keeps the services' names from subscribers: user names are one namespace on the server", () => {
    const file = join(dir, 'subscribers.conf');
    initSubscribers(file);
    expect(() => addSubscriber(file, 'fsc-2')).toThrow(/services' users/);
    expect(() => addSubscriber(file, 'fsc')).toThrow(/services' users/);
    expect(addSubscriber(file, 'fsc-partner').password).toBeTruthy();
  });
});

describe('svom fsc-user on a running nats-server: the password rotated with reloads only', () => {
  const s = subjectsFor('');
  let nats: SecuredNats;
  let next: { NATS_FSC_USER: string; NATS_FSC_PASSWORD: string };
  let moved: NatsHandles | undefined;
  const oldStatus: string[] = [];
  const svom = (args: string[], env: Record<string, string> = {}) =>
    runSvom(['fsc-user', ...args, '--file', nats.fscUsersFile], { env, timeoutMs: 90_000 });

  beforeAll(async () => {
    nats = await startSecuredNats();
    // A service's durable consumer, which the service keeps across the change of user.
    await nats.fsc.jsm.consumers.add('VHF', { durable_name: 'rotation', ack_policy: AckPolicy.Explicit });
    void (async () => {
      for await (const status of nats.fsc.nc.status()) oldStatus.push(status.type);
    })();
    await nats.fsc.js.publish(s.vhf.packet('sband', 'before'), 'before');
  });
  afterAll(async () => {
    await moved?.nc.close();
    await nats?.close();
  });

  const connectAs = (user: string, password: string) =>
    connectNats({
      url: nats.url,
      prefix: '',
      replicas: 1,
      name: `service-as-${user}`,
      auth: { user, password, ca: nats.ca },
    });

  it('next adds the second user; after the reload it connects and the first user stays connected', async () => {
    const result = await svom(['next']);
    expect(result.code, result.stderr).toBe(0);
    next = Object.fromEntries(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('=', 2)),
    ) as typeof next;
    expect(next.NATS_FSC_USER).toBe('fsc-2');
    await nats.server.reload();
    moved = await connectAs(next.NATS_FSC_USER, next.NATS_FSC_PASSWORD);
    await nats.fsc.js.publish(s.vhf.packet('sband', 'during'), 'during');
    expect(oldStatus).toEqual([]);
  });

  it('retire refuses while a client is still connected as the user it would remove, and names it', async () => {
    const env = { ...next, NATS_MONITOR_URLS: nats.server.monitorUrl! };
    const refused = await svom(['retire'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/still connected as fsc: fsc-test as fsc/);
    expect(readFscUsers(nats.fscUsersFile).map((e) => e.name)).toEqual(['fsc', 'fsc-2']);
    const unchecked = await svom(['retire'], next);
    expect(unchecked.code).toBe(2);
    expect(unchecked.stderr).toMatch(/--monitor/);
  });

  it('retire then reload: the first user is refused, the second goes on with the same durable consumer', async () => {
    await nats.fsc.nc.close();
    const retired = await svom(['retire'], { ...next, NATS_MONITOR_URLS: nats.server.monitorUrl! });
    expect(retired.code, retired.stderr).toBe(0);
    expect((await svom(['list'])).stdout).toMatch(/^fsc-2\t\S+\n$/);
    const movedStatus: string[] = [];
    void (async () => {
      for await (const status of moved!.nc.status()) movedStatus.push(status.type);
    })();
    await nats.server.reload();
    await expect(nats.connectAs('fsc', FSC_PASSWORD)).rejects.toThrow(/authorization/i);
    await moved!.js.publish(s.vhf.packet('sband', 'after'), 'after');
    const consumer = await moved!.js.consumers.get('VHF', 'rotation');
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await consumer.next({ expires: 5000 });
      if (m) {
        bodies.push(m.string());
        m.ack();
      }
    }
    expect(bodies).toEqual(['before', 'during', 'after']);
    expect(movedStatus).toEqual([]);
  });

  it('init accepts the new credential and refuses the retired one (what compose runs on the next up)', async () => {
    expect((await svom(['init'], next)).code).toBe(0);
    const old = await svom(['init'], { NATS_FSC_USER: 'fsc', NATS_FSC_PASSWORD: FSC_PASSWORD });
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/does not accept NATS_FSC_USER=fsc/);
  });
});
