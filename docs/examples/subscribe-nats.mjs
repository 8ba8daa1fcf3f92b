// Replays the last hour of SVOM notices, then prints each new one (npm i @nats-io/transport-node @nats-io/jetstream).
import { readFileSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const creds = Object.fromEntries(readFileSync(process.env.NATS_CREDENTIALS, 'utf8').match(/^NATS_\w+=.*$/gm).map((l) => l.split(/=(.*)/)));
const nc = await connect({ servers: creds.NATS_URL.split(','), user: creds.NATS_USER, pass: creds.NATS_PASSWORD, tls: { caFile: process.env.NATS_CA } });
const js = jetstream(nc, { apiPrefix: 'fsc.js.API' });
const since = new Date(Date.now() - 3600e3).toISOString();
const consumer = await js.consumers.get('NOTICES', { opt_start_time: since });
for await (const m of await consumer.consume()) {
  const n = m.json();
  console.log(m.seq, m.subject, n.svom?.ivorn ?? n.id, n.ra, n.dec);
}
