/** fast-check arbitraries of message fields, on the grid of their encodings so round trips are exact. */
import fc from 'fast-check';
import type { MessageInput } from '../src/index.js';

const EPOCH_MS = Date.UTC(2017, 0, 1);
/** A time on the millisecond grid between 2017 and 2100, as ISO (what the decoder gives). */
export const isoTime = fc
  .integer({ min: 0, max: 83 * 365 * 86_400_000 })
  .map((ms) => new Date(EPOCH_MS + ms).toISOString());
const uint = (bits: 8 | 16 | 32) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const scaled = (max: number, divisor: number) => fc.integer({ min: 0, max }).map((n) => n / divisor);
const angle24 = (maxRaw: number) => fc.integer({ min: 0, max: maxRaw }).map((n) => (n * 360) / 2 ** 24);
const lat24 = fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 }).map((n) => (n * 90) / 2 ** 23);
/** A unit quaternion whose components are already int32 / 2^31, so it encodes exactly. */
export const quaternion = fc
  .tuple(
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
  )
  .filter((q) => Math.hypot(...q) > 0.1)
  .map((q) => {
    const n = Math.hypot(...q);
    return q.map((c) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round((c / n) * 2 ** 31))) / 2 ** 31 + 0) as [
      number,
      number,
      number,
      number,
    ];
  });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const position = fc.tuple(int32, int32, int32);
const band = (bits: 8 | 16) =>
  fc.tuple(uint(bits), uint(bits)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
const float32 = fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));

export const alertInput = fc.record({
  alertSequenceId: uint(32),
  messageCount: uint(8),
  triggerTime: isoTime,
  thetaDeg: angle24(2 ** 23),
  phiDeg: angle24(2 ** 24 - 1),
  r90Arcmin: scaled(65535, 100),
  snr: scaled(65535, 100),
  timescaleS: scaled(65535, 100),
  energyKeV: band(8),
  triggerType: fc.constantFrom('count-rate' as const, 'image' as const),
  slewRequested: fc.boolean(),
  catalogId: uint(16),
  attitude: quaternion,
  positionM: position,
});

export const slewInput = fc.record({
  alertSequenceId: uint(32),
  status: fc.constantFrom('accepted' as const, 'rejected' as const, 'not-requested' as const),
  reason: fc.constantFrom(
    'none' as const,
    'earth' as const,
    'sun' as const,
    'saa' as const,
    'higher-priority' as const,
    'other' as const,
  ),
  time: isoTime,
});

export const grmInput = fc.record({
  grmTriggerId: uint(32),
  triggerTime: isoTime,
  snr: scaled(65535, 100),
  timescaleS: scaled(65535, 100),
  triggeredGrds: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
  energyKeV: band(16),
  attitude: quaternion,
  positionM: position,
});

export const mxtInput = fc.record({
  alertSequenceId: uint(32),
  messageCount: uint(8),
  time: isoTime,
  raDeg: angle24(2 ** 24 - 1),
  decDeg: lat24,
  r90Arcsec: scaled(65535, 10),
  snr: scaled(65535, 100),
  meanFlux: float32,
  fluxError: float32,
  usedVtAttitude: fc.boolean(),
});

export const vtInput = fc.record({
  alertSequenceId: uint(32),
  time: isoTime,
  candidates: fc.array(
    fc.record({
      raDeg: angle24(2 ** 24 - 1),
      decDeg: lat24,
      rMag: scaled(65535, 100),
      bMag: fc.option(scaled(65534, 100), { nil: null }),
      errorArcsec: scaled(65535, 100),
    }),
    { maxLength: 10 },
  ),
});

export const platformInput = fc.record({
  attitudeTime: isoTime,
  attitude: quaternion,
  positionM: position,
  inSaa: fc.boolean(),
  slewing: fc.boolean(),
  eclairsOn: fc.boolean(),
  mxtOn: fc.boolean(),
  vtOn: fc.boolean(),
  grmOn: fc.boolean(),
  programme: fc.constantFrom('core' as const, 'general' as const, 'too' as const, 'calibration' as const),
  observationId: uint(32),
});

/** A light curve small enough to fit one frame (bins × bands ≤ 113). */
export const smallLightCurveInput = fc
  .tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 10 }))
  .chain(([bins, bands]) =>
    fc.record({
      alertSequenceId: uint(32),
      start: isoTime,
      binMs: uint(16),
      counts: fc.array(fc.array(uint(16), { minLength: bands, maxLength: bands }), {
        minLength: bins,
        maxLength: bins,
      }),
    }),
  );

/** Any standalone message. */
export const messageInput: fc.Arbitrary<MessageInput> = fc.oneof(
  alertInput.map((fields) => ({ message: 'alert' as const, fields })),
  slewInput.map((fields) => ({ message: 'slew-status' as const, fields })),
  grmInput.map((fields) => ({ message: 'trigger' as const, fields })),
  mxtInput.map((fields) => ({ message: 'position' as const, fields })),
  vtInput.map((fields) => ({ message: 'candidates' as const, fields })),
  platformInput.map((fields) => ({ message: 'recurrent' as const, fields })),
  smallLightCurveInput.map((fields) => ({ message: 'light-curve' as const, fields })),
);

/** Header values for a frame. */
export const frameHeader = fc.record({
  sequenceCount: fc.integer({ min: 0, max: 16383 }),
  obt: fc.record({ seconds: uint(32), subseconds: uint(16) }),
});
