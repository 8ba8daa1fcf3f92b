// What a user does with a deployed FSC, from outside its containers, as the deploy tests check
// it on every deployment they run (the compose stack, the OpenStack roles): the CLI registers a
// station against the ingest and posts simulated relayed traffic with bursts; each burst's
// notices reach a VTP subscriber once per IVORN and a NATS subscriber as JSON; follow-up
// requests are made; the dashboard answers in Chromium.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { STREAM_NAMES } from '@svom/contracts';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';
import { ivornOf, Listener, svom } from './cli-process.js';

/** A deployed FSC as its users reach it. */
export interface DeployedFsc {
  /** the address its public ports are published on */
  host: string;
  /** the certificate its services present (--ca) */
  ca: string;
  /** an operator's token, signed with the deployment's JWT_SECRET */
  operator: string;
  /** `svom listen` options that reach its NATS (URL, and credentials and CA when secured) */
  natsListen: string[];
  /** a query on its PostgreSQL, rows as strings */
  sql(query: string): Promise<string[][]>;
}

const url = (fsc: DeployedFsc, port: number) => `https://${fsc.host}:${port}`;

/**
 * Every stream exists (the services' four and NOTICES, the copy outside subscribers replay) with
 * 3 replicas, its leader and replicas on the three NATS nodes.
 */
export async function streamsOnEveryNode(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const streams = [];
  for await (const info of jsm.streams.list()) streams.push(info);
  expect(streams.map((s) => s.config.name).sort()).toEqual([...STREAM_NAMES].sort());
  for (const s of streams) {
    expect(s.config.num_replicas, s.config.name).toBe(3);
    const nodes = [s.cluster?.leader, ...(s.cluster?.replicas ?? []).map((r) => r.name)].sort();
    expect(nodes, s.config.name).toEqual(['nats-1', 'nats-2', 'nats-3']);
  }
}

export async function sqlNumber(fsc: DeployedFsc, query: string): Promise<number> {
  return Number((await fsc.sql(query))[0]?.[0] ?? Number.NaN);
}

export function httpsGet(fsc: DeployedFsc, target: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    request(target, { ca: readFileSync(fsc.ca, 'utf8'), timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    })
      .on('error', reject)
      .end();
  });
}

/** `svom station add` against the ingest, then `svom station list` shows it. */
export async function registerStation(fsc: DeployedFsc, stationId: string): Promise<void> {
  const ingest = url(fsc, 8441);
  const out = await svom([
    'station',
    'add',
    stationId,
    '--name',
    'Deploy test',
    '--lat',
    '43.56',
    '--lon',
    '1.48',
    '--url',
    ingest,
    '--ca',
    fsc.ca,
    '--token',
    fsc.operator,
    '--json',
  ]);
  expect(JSON.parse(out)).toMatchObject({ stationId });
  expect(await svom(['station', 'list', '--url', ingest, '--ca', fsc.ca])).toContain(stationId);
}

/** `svom simulate` against the ingest: its summary (accepted, rejected...). */
export function simulateStations(
  fsc: DeployedFsc,
  options: { stations: number; rate: number; burstsPerMin: number; seconds: number; seed?: number },
): Promise<string> {
  return svom([
    'simulate',
    '--url',
    url(fsc, 8441),
    '--ca',
    fsc.ca,
    '--token',
    fsc.operator,
    '--stations',
    String(options.stations),
    '--rate',
    String(options.rate),
    '--bursts-per-min',
    String(options.burstsPerMin),
    ...(options.seed === undefined ? [] : ['--seed', String(options.seed)]),
    '--duration',
    String(options.seconds),
  ]);
}

/**
 * Simulated relayed traffic with bursts: every notice issued reaches a VTP subscriber once (per
 * IVORN) and a NATS subscriber as JSON, and every burst has notices.
 * @param also more listeners, already started, that must each print every notice (XMPP)
 * @returns a line for the log, and the notices the NATS subscriber printed
 */
export async function burstsReachSubscribers(
  fsc: DeployedFsc,
  also: Record<string, Listener> = {},
): Promise<{ summary: string; natsLines: Array<Record<string, unknown>> }> {
  const vtp = new Listener(['--vtp', `${fsc.host}:8099`]);
  const nats = new Listener(fsc.natsListen);
  try {
    await expect.poll(() => vtp.status.join('\n'), { timeout: 30_000 }).toMatch(/connected to VTP broker/);
    await expect.poll(() => nats.status.join('\n'), { timeout: 30_000 }).toMatch(/listening/i);
    const summary = await simulateStations(fsc, {
      stations: 8,
      rate: 200,
      burstsPerMin: 4,
      seconds: 40,
      seed: 20261204,
    });
    console.log(summary.trim().split('\n').slice(-3).join('\n'));
    const bursts = await fsc.sql('select burst_id from alerts.bursts');
    expect(bursts.length).toBeGreaterThanOrEqual(1);
    const issued = async () => (await fsc.sql('select ivorn from alerts.notices')).map((r) => r[0]!);
    await expect
      .poll(
        async () => {
          const db = await issued();
          const seen = vtp.lines.map(ivornOf);
          const listeners = [nats, ...Object.values(also)];
          return (
            db.length > 0 &&
            db.every((ivorn) => seen.includes(ivorn)) &&
            listeners.every((l) => l.lines.length >= db.length)
          );
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(true);
    // Each notice once at the VTP subscriber. An IVORN is the real FSC's `<Burst_Id>_<name>`, so
    // it repeats when a notice name does (a second mxt-update): counts per IVORN are compared
    // with the notices the database holds, not distinct IVORNs.
    const seen = vtp.lines.map(ivornOf).filter((i): i is string => Boolean(i));
    const tally = (ivorns: string[]) =>
      Object.fromEntries([...new Set(ivorns)].sort().map((i) => [i, ivorns.filter((x) => x === i).length]));
    expect(tally(seen), 'each notice once at the VTP subscriber').toEqual(tally(await issued()));
    const perBurst = await fsc.sql(
      'select b.burst_id, count(n.*) from alerts.bursts b left join alerts.notices n using (burst_id) group by 1',
    );
    for (const [burst, count] of perBurst) expect(Number(count), `notices of ${burst}`).toBeGreaterThan(0);
    const more = Object.entries(also).map(([name, l]) => `, ${l.lines.length} on ${name}`);
    return {
      summary: `bursts ${bursts.length}, notices ${seen.length} on VTP, ${nats.lines.length} JSON on NATS${more.join('')}`,
      natsLines: nats.lines,
    };
  } finally {
    vtp.stop();
    nats.stop();
  }
}

/**
 * The follow-up service decides, for every burst and every facility, either a request (the burst
 * observable there now or soon) or the recorded reason why not (daylight, below the horizon,
 * the Moon...); every `requested` decision has its request. Which of the two depends on the time
 * of day the test runs at, so the check is that each burst was decided everywhere and that the
 * decisions and the requests agree.
 * @returns a line for the log
 */
export async function followupDecided(fsc: DeployedFsc): Promise<string> {
  const facilities = await sqlNumber(fsc, 'select count(*) from followup.facilities where active');
  expect(facilities).toBeGreaterThan(0);
  const undecided = () =>
    fsc.sql(
      `select b.burst_id from alerts.bursts b
        where (select count(distinct facility_id) from followup.decisions d where d.burst_id = b.burst_id) < ${facilities}`,
    );
  await expect.poll(undecided, { timeout: 60_000, interval: 2000 }).toEqual([]);
  const requested = await sqlNumber(fsc, "select count(*) from followup.decisions where outcome = 'requested'");
  expect(await sqlNumber(fsc, 'select count(*) from followup.requests')).toBe(requested);
  const outcomes = await fsc.sql(
    'select coalesce(reason, outcome), count(*) from followup.decisions group by 1 order by 2 desc',
  );
  return `follow-up: ${requested} requests; decisions ${outcomes.map(([what, n]) => `${what} ${n}`).join(', ')}`;
}

/** The API through the web service, and the live burst list in Chromium. */
export async function dashboardAnswers(fsc: DeployedFsc): Promise<void> {
  const web = url(fsc, 8440);
  expect((await httpsGet(fsc, `${web}/api/alerts/v1/bursts`)).status).toBe(200);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web}/#/`);
    await page.locator('#live[data-state="live"]').waitFor({ timeout: 30_000 });
    await page.locator('#bursts tr[data-burst]').first().waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}
