import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

/**
 * This machine's raw limits, measured in the same run as the benchmark so the ratios mean
 * something whatever else the machine is doing.
 */
export async function jetStreamPublishCeiling(
  natsUrl: string,
  messages = 20_000,
  inFlight = 256,
  bytes = 300,
): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const name = `BENCH_CEILING_${process.pid}`;
  await jsm.streams.add({
    name,
    subjects: [`bench.ceiling.${process.pid}`],
    storage: 'file' as never,
    duplicate_window: 60e9,
  });
  const js = jetstream(nc);
  const payload = new Uint8Array(bytes).fill(120);
  const start = performance.now();
  let sent = 0;
  const pending = new Set<Promise<unknown>>();
  while (sent < messages) {
    while (pending.size < inFlight && sent < messages) {
      const p = js
        .publish(`bench.ceiling.${process.pid}`, payload, { msgID: `c${sent}` })
        .finally(() => pending.delete(p));
      pending.add(p);
      sent++;
    }
    await Promise.race(pending);
  }
  await Promise.all(pending);
  const rate = messages / ((performance.now() - start) / 1000);
  await jsm.streams.delete(name);
  await nc.drain();
  return rate;
}

/** Rows per second of 1000-row multi-value inserts into a table shaped like `vhf.receptions`. */
export async function postgresInsertCeiling(url: string, batches = 40): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    'create temp table ceiling (id bigserial, station_id text, received_at timestamptz, rssi_dbm float8, frame bytea, status text, packet_key text, latency_ms float8)',
  );
  const frame = Buffer.alloc(70, 7);
  const start = performance.now();
  for (let b = 0; b < batches; b++) {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const o = i * 7;
      rows.push(`($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7})`);
      values.push('NCL1', new Date(), -110.5, frame, 'duplicate', `0310-${String(i).padStart(5, '0')}-${b}`, 5000);
    }
    await client.query(
      `insert into ceiling (station_id, received_at, rssi_dbm, frame, status, packet_key, latency_ms) values ${rows.join(',')}`,
      values,
    );
  }
  const rate = (batches * 1000) / ((performance.now() - start) / 1000);
  await client.end();
  return rate;
}
