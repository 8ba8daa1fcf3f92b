import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendVoEvent, VtpSubscriber, type VoEventMessage } from '@svom/vtp';
import { root, startFscProcess, type FscProcess } from './fsc-process.js';
import { report, within } from './probe.js';

// Issue 16 items 1-2 on the VTP ports, against the FSC as `npm start` runs it: hostile frames to
// the subscriber port (8099) and the author port (8098). After each, the process must be alive,
// a well-behaved subscriber still connected, and a valid VOEvent from an author must still be
// acked and reach that subscriber. The entity probes (code points past U+10FFFF in a Transport
// role or a VOEvent ivorn) kill the process until the vtp-hardening branch is merged; they run
// last so the others report on their own.

const template = readFileSync(join(root, 'testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml'), 'utf8');
let eventNumber = 0;
/** A valid VOEvent with an ivorn of its own. */
const validEvent = () => {
  const ivorn = `ivo://org.svom/fsc#attack-probe-${process.pid}-${++eventNumber}`;
  return { ivorn, xml: template.replace(/ivorn="[^"]*"/, `ivorn="${ivorn}"`) };
};

const frame = (payload: Buffer | string) => {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
};

/** Sends bytes on a fresh connection; what came back within `waitMs`, and whether it was closed. */
function sendRaw(port: number, bytes: Buffer, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    const done = () => {
      socket.destroy();
      const text = Buffer.concat(chunks).subarray(4).toString('utf8').replace(/\s+/g, ' ');
      const role = /role="([^"]*)"/.exec(text)?.[1];
      resolve(
        `${role ? `a Transport ${role}` : text ? text.slice(0, 120) : 'nothing'}${closed ? ', connection closed' : ''}`,
      );
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      done();
    });
    socket.write(bytes);
  });
}

const withDoctype = (xml: string, doctype: string) => xml.replace(/<\?xml[^>]*\?>/, `$&\n${doctype}`);

/** Hostile frames, each sent to one port; `needs` names the branch whose fix it waits for. */
const PROBES: Array<{ what: string; port: 'vtpSubscribers' | 'vtpAuthors'; bytes: () => Buffer; needs?: string }> = [
  {
    what: 'random bytes framed',
    port: 'vtpAuthors',
    bytes: () => frame(Buffer.from('\u0000\u00ff<<<\u0001 not xml', 'latin1')),
  },
  { what: 'a header announcing 4 GiB', port: 'vtpAuthors', bytes: () => Buffer.from([0xff, 0xff, 0xff, 0xff, 0x3c]) },
  {
    what: 'a header announcing 4 GiB',
    port: 'vtpSubscribers',
    bytes: () => Buffer.from([0xff, 0xff, 0xff, 0xff, 0x3c]),
  },
  {
    what: 'truncated UTF-8 in a Transport',
    port: 'vtpSubscribers',
    bytes: () =>
      frame(
        Buffer.concat([
          Buffer.from('<Transport role="ack'),
          Buffer.from([0xe2, 0x82]),
          Buffer.from('" version="2.0"/>'),
        ]),
      ),
  },
  {
    what: 'a lone surrogate &#xD800; in a Transport role',
    port: 'vtpSubscribers',
    bytes: () => frame('<Transport role="&#xD800;" version="2.0"/>'),
  },
  {
    what: '20,000 nested elements',
    port: 'vtpAuthors',
    bytes: () =>
      frame(
        `<voe:VOEvent ivorn="ivo://x/y#deep" role="test" version="2.0">${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</voe:VOEvent>`,
      ),
  },
  {
    what: 'a 512 KiB attribute value',
    port: 'vtpAuthors',
    bytes: () => frame(`<voe:VOEvent ivorn="ivo://x/y#${'z'.repeat(512 * 1024)}" role="test" version="2.0"/>`),
  },
  {
    what: 'a VOEvent with nested entity definitions (a billion laughs, small)',
    port: 'vtpAuthors',
    bytes: () =>
      frame(
        withDoctype(
          validEvent().xml,
          '<!DOCTYPE voe:VOEvent [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        ).replace('<Who>', '<Who><Description>&c;</Description>'),
      ),
  },
  {
    what: 'the issue\'s frame <Transport role="&#x110000;" version="2.0"/>',
    port: 'vtpSubscribers',
    bytes: () => frame('<Transport role="&#x110000;" version="2.0"/>'),
    needs: 'vtp-hardening',
  },
  {
    what: 'a VOEvent whose ivorn holds &#99999999;',
    port: 'vtpAuthors',
    bytes: () => frame(validEvent().xml.replace(/ivorn="([^"]*)"/, 'ivorn="$1&#99999999;"')),
    needs: 'vtp-hardening',
  },
];

describe('VTP ports under attack (npm start)', () => {
  let fsc: FscProcess;
  let subscriber: VtpSubscriber;
  const received: VoEventMessage[] = [];
  let rssAtStartMb = 0;

  beforeAll(async () => {
    fsc = await startFscProcess();
    rssAtStartMb = fsc.rssMb();
    subscriber = new VtpSubscriber({
      host: '127.0.0.1',
      port: fsc.ports.vtpSubscribers,
      backoff: { initialDelayMs: 200, maxDelayMs: 1000 },
    });
    subscriber.on('voevent', (e) => received.push(e));
    subscriber.start();
    await within(15_000, 'the subscriber connecting', new Promise((r) => subscriber.once('connected', r)));
  });

  afterAll(async () => {
    await subscriber?.close();
    if (!fsc) return;
    const alive = fsc.alive();
    report(
      '(end of the VTP probes)',
      `process ${alive ? 'alive' : 'DEAD'}, ${alive ? fsc.rssMb().toFixed(0) : '-'} MB resident (${rssAtStartMb.toFixed(0)} at start)`,
    );
    if (!alive) console.log(fsc.output().slice(-3000));
    else await fsc.stop();
    await fsc.cleanup();
  });

  test.each(PROBES)('$what → $port', async ({ what, port, bytes, needs }) => {
    const connectsBefore = subscriber.stats().connects;
    const answer = await within(10_000, what, sendRaw(fsc.ports[port], bytes()));
    report(`${what} to ${port === 'vtpSubscribers' ? 'the subscriber port' : 'the author port'}`, answer);
    await new Promise((r) => setTimeout(r, 300));
    expect(fsc.alive(), `the FSC died on: ${what}${needs ? ` (fixed on branch ${needs})` : ''}`).toBe(true);

    const event = validEvent();
    const receipt = await within(
      15_000,
      'a valid VOEvent after the probe',
      sendVoEvent('127.0.0.1', fsc.ports.vtpAuthors, event.xml),
    );
    await within(
      15_000,
      'the subscriber receiving the next event',
      (async () => {
        while (!received.some((e) => e.ivorn === event.ivorn)) await new Promise((r) => setTimeout(r, 50));
      })(),
    );
    report(
      'then a valid VOEvent from an author',
      `${receipt.role}; the subscriber got it, connections ${connectsBefore} → ${subscriber.stats().connects}`,
    );
    expect(receipt.role).toBe('ack');
    expect(subscriber.isConnected).toBe(true);
    expect(subscriber.stats().connects).toBe(connectsBefore);
    expect(fsc.rssMb()).toBeLessThan(rssAtStartMb + 600);
  });
});
