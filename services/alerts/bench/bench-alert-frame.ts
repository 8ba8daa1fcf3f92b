import { performance } from 'node:perf_hooks';
import { encodeMessageFrames } from '@svom/vhf';
import type { IngestApp } from '@svom/vhf-ingest';

/**
 * The ECLAIRs alert frame of the benchmarks' `n`th burst, and the IVORN of the notice it makes.
 * One burst a day, so each is that day's first: sbYYMMDD01; the alert sequence id is 1,000,000 + n.
 */
export function benchAlertFrame(n: number): { t0: Date; frame: Uint8Array; ivorn: string; alertSequenceId: number } {
  const t0 = new Date(Date.UTC(2027, 0, 1) + n * 86_400_000);
  const alertSequenceId = 1_000_000 + n;
  const [frame] = encodeMessageFrames(
    {
      message: 'alert',
      fields: {
        alertSequenceId,
        messageCount: 0,
        triggerTime: t0,
        thetaDeg: 10,
        phiDeg: 20,
        r90Arcmin: 8,
        snr: 9,
        timescaleS: 1.28,
        energyKeV: [5, 20],
        triggerType: 'image',
        slewRequested: true,
        catalogId: 0,
        attitude: [1, 0, 0, 0],
        positionM: [6_900_000, 0, 0],
      },
    },
    { sequenceCount: n % 16384, obt: t0 },
  );
  const ivorn = `ivo://org.svom/fsc#sb${t0.toISOString().slice(2, 10).replace(/-/g, '')}01_eclairs-wakeup`;
  return { t0, frame: frame!, ivorn, alertSequenceId };
}

/**
 * POSTs the `n`th burst's alert frame to the ingest as station BEN1 would; resolves once the
 * ingest answered 200, with when the POST started (the benches' latency origin).
 */
export async function postBenchAlertFrame(
  ingest: IngestApp,
  token: string,
  n: number,
): Promise<{ ivorn: string; alertSequenceId: number; start: number }> {
  const { t0, frame, ivorn, alertSequenceId } = benchAlertFrame(n);
  const start = performance.now();
  const res = await ingest.inject({
    method: 'POST',
    url: '/v1/receptions',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      receptions: [{ stationId: 'BEN1', receivedAt: t0.toISOString(), frame: Buffer.from(frame).toString('base64') }],
    },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  return { ivorn, alertSequenceId, start };
}
