/**
 * What a network of VHF stations makes of the frames: several receptions of each frame from
 * different stations, a few damaged, late by 2-15 s, in shuffled order. The output items are
 * the JSON body items of `POST /v1/receptions` (ICD section 1).
 */
import { encodeBase64, OBT_OFFSET } from '@svom/vhf';
import type { Rng } from './rng.js';
import { shuffleInPlace } from './rng.js';

/** One reception, as a station posts it. */
export interface Reception {
  stationId: string;
  /** ISO 8601 UTC with milliseconds. */
  receivedAt: string;
  /** base64 of the frame bytes. */
  frame: string;
  rssiDbm: number;
}

/** What {@link relayFrames} takes. */
export interface RelayOptions {
  rng: Rng;
  /** Station ids (default {@link DEFAULT_STATIONS}). */
  stations?: readonly string[];
  /** Mean receptions per frame, at least 1 (default 3). */
  meanCopies?: number;
  /** Chance that a reception is damaged by one flipped bit (default 0.05). */
  damageProbability?: number;
  /** Keep at least one intact reception of every frame (default true). */
  ensureIntactCopy?: boolean;
  minLatencyS?: number;
  maxLatencyS?: number;
}

/** The receptions, and how many were damaged (each one fails its CRC). */
export interface RelayResult {
  receptions: Reception[];
  damaged: number;
}

/** A dozen station ids along the SVOM ground track. */
export const DEFAULT_STATIONS: readonly string[] = [
  'NCL1',
  'CBR1',
  'DAR1',
  'KOU1',
  'OUK1',
  'MAL1',
  'SGP1',
  'SEY1',
  'LIB1',
  'MUS1',
  'HBK1',
  'TAH1',
];

/**
 * Receptions of `frames` by distinct stations: 1 + Poisson(mean − 1) copies per frame (at most
 * one per station), `receivedAt` = OBT + 2-15 s, RSSI −125 to −90 dBm. A damaged copy has one
 * bit flipped after the primary header (OBT, type, payload or CRC), so it fails exactly with
 * `CRC_MISMATCH` (a CRC-16 catches every single-bit error).
 */
export function relayFrames(
  frames: readonly { frame: Uint8Array; obtUnixMs: number }[],
  options: RelayOptions,
): RelayResult {
  const { rng } = options;
  const stations = options.stations ?? DEFAULT_STATIONS;
  if (stations.length === 0) throw new RangeError('relayFrames needs at least one station');
  const meanCopies = Math.max(1, options.meanCopies ?? 3);
  const damageProbability = options.damageProbability ?? 0.05;
  const ensureIntact = options.ensureIntactCopy ?? true;
  const minLatencyS = options.minLatencyS ?? 2;
  const maxLatencyS = options.maxLatencyS ?? 15;
  const receptions: Reception[] = [];
  let damaged = 0;
  for (const { frame, obtUnixMs } of frames) {
    const copies = Math.min(stations.length, 1 + rng.poisson(meanCopies - 1));
    const receivers = shuffleInPlace(rng, [...stations]).slice(0, copies);
    const damage = receivers.map(() => rng.chance(damageProbability));
    if (ensureIntact && damage.every(Boolean)) damage[0] = false;
    receivers.forEach((stationId, i) => {
      const bytes = damage[i] ? flipOneBit(rng, frame) : frame;
      if (damage[i]) damaged++;
      receptions.push({
        stationId,
        receivedAt: new Date(Math.round(obtUnixMs + rng.uniform(minLatencyS, maxLatencyS) * 1000)).toISOString(),
        frame: encodeBase64(bytes),
        rssiDbm: Math.round(rng.uniform(-125, -90) * 10) / 10,
      });
    });
  }
  return { receptions: shuffleInPlace(rng, receptions), damaged };
}

function flipOneBit(rng: Rng, frame: Uint8Array): Uint8Array {
  const copy = frame.slice();
  const bit = rng.int(OBT_OFFSET * 8, copy.length * 8 - 1);
  copy[bit >>> 3]! ^= 0x80 >>> (bit & 7);
  return copy;
}
