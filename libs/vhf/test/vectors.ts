/** Loads the ICD-VHF test vectors copied into testdata/ (never from the team's shared folder). */
import { readFileSync } from 'node:fs';

export interface FrameVector {
  name: string;
  hex?: string;
  multiFrame?: string[];
  apid: number;
  messageType: number;
  sequenceFlags?: string;
  sequenceCount?: number;
  obt?: string;
  fields: Record<string, unknown>;
}

export interface FramesFile {
  frames: FrameVector[];
  rejected: { code: string; hex: string }[];
}

export interface BurstRelayedFile {
  receptions: { stationId: string; receivedAt: string; frame: string; rssiDbm: number }[];
  expect: { frames: number; alertSequenceId: number; t0: string };
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../testdata/vectors/${name}`, import.meta.url), 'utf8')) as T;
}

export const framesFile = load<FramesFile>('frames.json');
export const burstRelayed = load<BurstRelayedFile>('burst-relayed.json');

export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The standalone vector frames, decoded fields and bytes. */
export function standaloneVectors(): (FrameVector & { hex: string })[] {
  return framesFile.frames.filter((f): f is FrameVector & { hex: string } => typeof f.hex === 'string');
}
