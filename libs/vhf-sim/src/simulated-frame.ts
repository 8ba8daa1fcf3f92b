/** Turns planned messages into frames with counts, in on-board time order. */
import {
  decodeFrame,
  encodeMessageFrames,
  encodeMessagePayload,
  MAX_PAYLOAD_BYTES,
  messageSpecOfName,
  type MessageInput,
  type MessageName,
  type PacketSource,
  type SequenceFlags,
} from '@svom/vhf';
import type { SequenceCounters } from './sequence-counters.js';

/** A message the simulator will send, and when the (first) frame is made on board. */
export interface PlannedMessage {
  input: MessageInput;
  obtUnixMs: number;
}

/** A frame made by the simulator, with what a test or the benchmark wants to know of it. */
export interface SimulatedFrame {
  frame: Uint8Array;
  obtUnixMs: number;
  apid: number;
  source: PacketSource;
  message: MessageName;
  sequenceFlags: SequenceFlags;
  sequenceCount: number;
  /** Packet key, as the decoder gives it. */
  key: string;
}

/** Bytes per light-curve frame in simulated traffic, as in the ICD test vectors. */
export const SIM_LIGHT_CURVE_BYTES_PER_FRAME = 200;

/**
 * Encodes planned messages in OBT order, taking counts from `counters` (a multi-frame message
 * takes consecutive counts). The plan must not interleave another message of an APID inside
 * the span of a multi-frame message of that APID, as on board.
 * @throws Error if a frame does not decode (a simulator bug, never a data condition)
 */
export function framesOfPlan(plan: readonly PlannedMessage[], counters: SequenceCounters): SimulatedFrame[] {
  const ordered = [...plan].sort((a, b) => a.obtUnixMs - b.obtUnixMs);
  const out: SimulatedFrame[] = [];
  for (const planned of ordered) {
    const spec = messageSpecOfName(planned.input.message);
    const chunk = Math.min(MAX_PAYLOAD_BYTES, SIM_LIGHT_CURVE_BYTES_PER_FRAME);
    const frameCount = spec.multiFrame ? Math.max(1, Math.ceil(encodeMessagePayload(planned.input).length / chunk)) : 1;
    const frames = encodeMessageFrames(planned.input, {
      sequenceCount: counters.take(spec.apid, frameCount),
      obt: new Date(planned.obtUnixMs),
      frameIntervalMs: 1000,
      maxPayloadBytesPerFrame: chunk,
    });
    frames.forEach((frame, i) => {
      const decoded = decodeFrame(frame);
      if (!decoded.ok) throw new Error(`simulator made an invalid frame: ${decoded.code} ${decoded.detail}`);
      const p = decoded.packet;
      out.push({
        frame,
        obtUnixMs: planned.obtUnixMs + i * 1000,
        apid: p.apid,
        source: p.source,
        message: p.message,
        sequenceFlags: p.sequenceFlags,
        sequenceCount: p.sequenceCount,
        key: p.key,
      });
    });
  }
  return out;
}
