import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectsFor } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { matchesFilter, summaryFromJson, summaryFromVoEventXml, type NoticeSummary } from '@svom/voevent';
import { convertDocument } from '../src/convert/document.js';
import { colorsFor } from '../src/common/colors.js';
import { formatError, noticeLine } from '../src/listen/notice-line.js';
import { parseRegion } from '../src/listen/region-option.js';
import { SseParser } from '../src/listen/sse-parser.js';
import { noticeOfEvent } from '../src/listen/sse-source.js';
import { svomBin } from './run-svom.js';

const notice = (path: string) => readFileSync(new URL(`../../testdata/notices/${path}`, import.meta.url), 'utf8');
const mxtXml = notice('svom/real-gcn-kafka/mxt/mxt_47.xml');
const grmXml = notice('svom/real-gcn-kafka/grm/grm_334.xml');
const mxtJson = JSON.parse(convertDocument(mxtXml, { form: 'notice' }).text);
const grmJson = JSON.parse(convertDocument(grmXml, { form: 'notice' }).text);
const plain = colorsFor({ isTTY: false } as NodeJS.WriteStream);

describe('what listen reads of a notice', () => {
  it('reads a GCN-style MXT notice and the same notice as VOEvent XML alike', () => {
    const fromJson = summaryFromJson(mxtJson);
    const fromXml = summaryFromVoEventXml(mxtXml);
    expect(fromJson).toMatchObject({
      burstId: 'sb26033003',
      type: 'mxt-initial_qf1',
      instrument: 'MXT',
      packetType: 209,
      raDeg: 252.6053,
      decDeg: 36.7647,
      errorDeg: 0.0571,
      snr: 50,
    });
    for (const key of ['burstId', 'type', 'instrument', 'packetType', 'raDeg', 'decDeg', 'errorDeg', 'snr'] as const)
      expect(fromXml[key], key).toEqual(fromJson[key]);
  });

  it('finds the extras of a 201-205 notice in additional_info, and no error radius for GRM', () => {
    const grm = summaryFromJson(grmJson);
    expect(grm.type).toBe('grm-trigger');
    expect(grm.instrument).toBe('GRM');
    expect(grm.errorDeg).toBeUndefined();
    expect(grm.snr).toBeGreaterThan(0);
  });

  it('reads other missions VOEvents (Swift BAT, Fermi GBM)', () => {
    const bat = summaryFromVoEventXml(notice('other/swift/swift_bat_grb_pos_test_9264.xml'));
    expect(bat).toMatchObject({ type: 'BAT_GRB_Test_Pos', instrument: 'BAT', burstId: '99999', snr: 16.78 });
    expect(bat.raDeg).toBeTypeOf('number');
    const gbm = summaryFromVoEventXml(notice('other/fermi-gbm/fermi_gbm_flt_pos_8520.xml'));
    expect(gbm).toMatchObject({ type: 'GBM_Flt_Pos', instrument: 'GBM', burstId: '798437606' });
  });

  it('reads the VOEvent JSON form too', () => {
    const summary = summaryFromJson(JSON.parse(convertDocument(mxtXml).text));
    expect(summary).toMatchObject({ burstId: 'sb26033003', type: 'mxt-initial_qf1', snr: 50 });
  });
});

describe('the line of a notice', () => {
  it('gives time, burst, type, instrument, position ± error and SNR', () => {
    const line = noticeLine(summaryFromJson(mxtJson), plain);
    expect(line).toBe(
      '2026-03-30 15:01:08.405  sb26033003  mxt-initial_qf1    MXT      RA 252.6053  Dec +36.7647  ± 3.4′  SNR 50.00',
    );
  });

  it('says when there is no error radius or no position, and never colours without a TTY', () => {
    expect(noticeLine(summaryFromJson(grmJson), plain)).toMatch(
      /grm-trigger\s+GRM\s+RA +[\d.]+ {2}Dec [+-][\d.]+ {2}± \? {2}SNR [\d.]+$/,
    );
    expect(noticeLine({ notice: {}, type: 'retraction' }, plain)).toMatch(/^-\s+-\s+retraction\s+-\s+no position$/);
    expect(noticeLine(summaryFromJson(mxtJson), plain)).not.toMatch(/\x1b/);
    expect(noticeLine(summaryFromJson(mxtJson), colorsFor({ isTTY: true } as NodeJS.WriteStream, {}))).toMatch(
      /\x1b\[/,
    );
    expect(colorsFor({ isTTY: true } as NodeJS.WriteStream, { NO_COLOR: '' }).isColorSupported).toBe(false);
  });

  it('writes errors in degrees, arcminutes or arcseconds', () => {
    expect(formatError(2.5)).toBe('2.50°');
    expect(formatError(0.15)).toBe('9.0′');
    expect(formatError(0.0002)).toBe('0.7″');
  });
});

describe('filters', () => {
  const mxt = summaryFromJson(mxtJson);
  const grm = summaryFromJson(grmJson);
  it('by type name, prefix or Packet_Type', () => {
    expect(matchesFilter(mxt, { types: ['mxt'] })).toBe(true);
    expect(matchesFilter(mxt, { types: ['MXT-INITIAL'] })).toBe(true);
    expect(matchesFilter(mxt, { types: ['209'] })).toBe(true);
    expect(matchesFilter(mxt, { types: ['210', 'grm'] })).toBe(false);
  });
  it('by instrument, case-insensitively', () => {
    expect(matchesFilter(mxt, { instruments: ['mxt', 'VT'] })).toBe(true);
    expect(matchesFilter(grm, { instruments: ['MXT'] })).toBe(false);
  });
  it('by minimum SNR; a notice without SNR does not pass', () => {
    expect(matchesFilter(mxt, { minSnr: 50 })).toBe(true);
    expect(matchesFilter(mxt, { minSnr: 50.01 })).toBe(false);
    expect(matchesFilter({ ...mxt, snr: undefined }, { minSnr: 0 })).toBe(false);
  });
  it('by sky region, across RA 0 and near the poles; a notice without position does not pass', () => {
    expect(matchesFilter(mxt, { region: parseRegion('252,37,1') })).toBe(true);
    expect(matchesFilter(mxt, { region: parseRegion('240,37,5') })).toBe(false);
    expect(
      matchesFilter({ ...mxt, raDeg: 359.5, decDeg: 0 }, { region: { raDeg: 0.4, decDeg: 0, radiusDeg: 1 } }),
    ).toBe(true);
    expect(
      matchesFilter({ ...mxt, raDeg: 190, decDeg: 89.9 }, { region: { raDeg: 10, decDeg: 89.9, radiusDeg: 0.21 } }),
    ).toBe(true); // 0.2° apart over the pole
    expect(
      matchesFilter({ ...mxt, raDeg: 190, decDeg: 89.9 }, { region: { raDeg: 10, decDeg: 89.9, radiusDeg: 0.19 } }),
    ).toBe(false);
    expect(matchesFilter({ notice: {} }, { region: { raDeg: 0, decDeg: 0, radiusDeg: 180 } })).toBe(false);
  });
  it('all together, and none', () => {
    expect(
      matchesFilter(mxt, { types: ['mxt'], instruments: ['MXT'], minSnr: 10, region: parseRegion('252.6,36.8,0.5') }),
    ).toBe(true);
    expect(matchesFilter(mxt, {})).toBe(true);
  });
  it('rejects a malformed region', () => {
    for (const bad of ['1,2', '1,2,0', '400,0,1', '0,95,1', 'a,b,c'])
      expect(() => parseRegion(bad), bad).toThrow(/ra,dec,radius/);
  });
});

describe('SSE', () => {
  it('parses events split across chunks, skipping comments', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\nid: 1\nevent: notice\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\n\r\ndata: x\ndata: y\n\n')).toEqual([
      { event: 'notice', data: '{"a":1}', id: '1' },
      { event: 'message', data: 'x\ny', id: '1' },
    ]);
  });
  it('takes a notice from the alerts stream, whatever the envelope, and skips heartbeats', () => {
    const status: string[] = [];
    const handlers = { status: (line: string) => status.push(line) };
    expect(noticeOfEvent({ event: 'notice', data: JSON.stringify(mxtJson) }, handlers)?.type).toBe('mxt-initial_qf1');
    expect(noticeOfEvent({ event: 'notice', data: JSON.stringify(JSON.stringify(mxtJson)) }, handlers)?.type).toBe(
      'mxt-initial_qf1',
    );
    expect(noticeOfEvent({ event: 'message', data: mxtXml }, handlers)?.burstId).toBe('sb26033003');
    expect(noticeOfEvent({ event: 'heartbeat', data: '{}' }, handlers)).toBeUndefined();
    expect(noticeOfEvent({ event: 'notice', data: '{oops' }, handlers)).toBeUndefined();
    expect(status).toHaveLength(1);
  });
});

describe('svom listen --nats, the built binary', () => {
  let t: Awaited<ReturnType<typeof connectTestNats>>;
  beforeAll(async () => {
    t = await connectTestNats();
  });
  afterAll(async () => t?.nc.drain());

  function listen(args: string[]) {
    const child = spawn(process.execPath, [svomBin, 'listen', '--nats', t.url, '--nats-prefix', t.prefix, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = async (check: () => boolean, what: string) => {
      for (const end = Date.now() + 10_000; !check(); await new Promise((r) => setTimeout(r, 50)))
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${stderr}`);
    };
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    return { child, out: () => stdout, err: () => stderr, until, exited };
  }

  it('prints a line for each notice published, filtered, and exits 0 on Ctrl-C', async () => {
    const run = listen(['--min-snr', '20']);
    await run.until(() => run.err().includes('listening on'), 'the subscription');
    const subjects = subjectsFor(t.prefix).alerts;
    t.nc.publish(subjects.notice('grm-trigger'), JSON.stringify({ ...grmJson, rate_snr: 7 }));
    t.nc.publish(subjects.notice('mxt-initial_qf1'), JSON.stringify(mxtJson));
    await run.until(() => run.out().includes('\n'), 'a notice line');
    await t.nc.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect(run.out().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^2026-03-30 15:01:08.405\s+sb26033003\s+mxt-initial_qf1\s+MXT\s+RA 252.6053\s+Dec \+36.7647\s+± 3.4′\s+SNR 50.00$/,
      ),
    ]);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('prints the notice itself as a JSON line with --json', async () => {
    const run = listen(['--json', '--type', 'mxt']);
    await run.until(() => run.err().includes('listening on'), 'the subscription');
    t.nc.publish(subjectsFor(t.prefix).alerts.notice('mxt-initial_qf1'), JSON.stringify(mxtJson));
    await run.until(() => run.out().includes('\n'), 'a JSON line');
    expect(JSON.parse(run.out())).toEqual(mxtJson);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses two sources at once (exit 2)', async () => {
    const run = listen(['--vtp', '127.0.0.1:8099']);
    expect(await run.exited).toBe(2);
  });
});

export type { NoticeSummary };
