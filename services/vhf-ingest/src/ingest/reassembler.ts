import type { Kysely } from 'kysely';
import {
  CRC_BYTES,
  decodeLightCurve,
  groupSegments,
  PAYLOAD_OFFSET,
  type DecodedPacket,
  type SegmentFrame,
  type SegmentGroup,
} from '@svom/vhf';
import type { Subjects, VhfPacketMessage } from '@svom/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { completeMessage, recordUnfinishedMessage } from '../db/message.repository.js';
import { insertOutbox } from '../db/outbox.repository.js';
import { framePool, recentFrameSpans } from '../db/packet.repository.js';
import type { VhfTables } from '../db/tables.js';
import type { OutboxPublisher } from '@svom/service-kit';

interface PoolFrame extends SegmentFrame {
  key: string;
  obt: Date;
  arrivedAt: Date;
  source: string;
  message: string;
  stationId: string;
  receivedAt: Date;
}

/** The key of a reassembled message: its first frame's packet key, marked as a message. */
const messageKey = (firstFrameKey: string) => `${firstFrameKey}-msg`;

/**
 * Reassembles multi-frame messages (ICD-VHF 5) from the frames kept in `vhf.packets`. It runs
 * after the frames' own transaction has committed, so two requests bringing the last two frames
 * at once both see both frames; the message row's state change (`partial` → `complete`) happens
 * once, and only the request that made it publishes the message.
 */
export class Reassembler {
  constructor(
    private readonly db: Kysely<VhfTables>,
    private readonly subjects: Subjects,
    private readonly publisher: OutboxPublisher,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** New frames arrived: judge the messages they may belong to. */
  async onFrames(frames: Pick<DecodedPacket, 'apid' | 'messageType' | 'obt'>[]): Promise<void> {
    const byKind = new Map<string, { apid: number; messageType: number; from: string; to: string }>();
    for (const f of frames) {
      const id = `${f.apid}/${f.messageType}`;
      const k = byKind.get(id);
      if (!k) byKind.set(id, { apid: f.apid, messageType: f.messageType, from: f.obt, to: f.obt });
      else {
        if (f.obt < k.from) k.from = f.obt;
        if (f.obt > k.to) k.to = f.obt;
      }
    }
    for (const kind of byKind.values()) await this.judge(kind.apid, kind.messageType, kind.from, kind.to);
  }

  /** Records as incomplete what has waited too long; retries completion of the rest (after a crash). */
  async sweep(incompleteAfterS: number): Promise<void> {
    // Every frame young enough to matter: complete groups are idempotent (the state change
    // happens once), groups past the limit become incomplete, younger ones partial.
    const waiting = await recentFrameSpans(this.db, incompleteAfterS + 3600);
    for (const w of waiting) await this.judge(w.apid, w.messageType, w.fromObt, w.toObt, incompleteAfterS);
  }

  private async judge(
    apid: number,
    messageType: number,
    fromObt: string,
    toObt: string,
    incompleteAfterS?: number,
  ): Promise<void> {
    const rows = await framePool(this.db, apid, messageType, fromObt, toObt);
    const pool: PoolFrame[] = rows.map((r) => ({
      key: r.packet_key,
      sequenceFlags: r.sequence_flags as SegmentFrame['sequenceFlags'],
      sequenceCount: r.sequence_count,
      payload: r.frame.subarray(PAYLOAD_OFFSET, r.frame.length - CRC_BYTES),
      obt: new Date(r.obt),
      arrivedAt: new Date(r.arrived_at),
      source: r.source,
      message: r.message.replace(/-frame$/, ''),
      stationId: r.first_station_id,
      receivedAt: new Date(r.first_received_at),
    }));
    for (const group of groupSegments(pool)) {
      if (group.result.complete) await this.complete(apid, messageType, group);
      else if (incompleteAfterS !== undefined) await this.expire(apid, messageType, group, incompleteAfterS);
    }
  }

  private async complete(apid: number, messageType: number, group: SegmentGroup<PoolFrame>): Promise<void> {
    if (!group.result.complete) return;
    const first = group.frames.find((f) => f.sequenceFlags === 'first')!;
    const decoded = decodeLightCurve(group.result.payload);
    const fields = decoded.ok ? decoded.fields : { error: { code: decoded.code, detail: decoded.detail } };
    const key = messageKey(first.key);
    const message = {
      key,
      kind: 'message',
      apid,
      source: first.source,
      messageType,
      message: first.message,
      sequenceFlags: 'first',
      sequenceCount: first.sequenceCount,
      obt: first.obt.toISOString(),
      fields,
      firstStationId: first.stationId,
      firstReceivedAt: first.receivedAt.toISOString(),
      publishedAt: new Date().toISOString(),
    } as VhfPacketMessage; // an eclairs light-curve message: the only multi-frame one
    const outbox = await this.db.transaction().execute(async (trx) => {
      const changed = await completeMessage(trx, {
        message_key: key,
        apid,
        message_type: messageType,
        source: first.source,
        message: first.message,
        first_count: group.result.firstCount!,
        last_count: group.result.lastCount,
        first_obt: first.obt,
        first_arrived_at: first.arrivedAt,
        fields: JSON.stringify(fields),
      });
      if (!changed) return undefined;
      return insertOutbox(trx, {
        subject: this.subjects.vhf.packet(first.source, first.message),
        msgId: key,
        payload: JSON.stringify(message),
      });
    });
    if (outbox) {
      this.log.info({ messageKey: key, frames: group.result.frameCount }, 'multi-frame message complete');
      await this.publisher.publish([outbox]);
    }
  }

  /** Opens a partial message for a group that has its first frame, or records it incomplete when too old. */
  private async expire(
    apid: number,
    messageType: number,
    group: SegmentGroup<PoolFrame>,
    incompleteAfterS: number,
  ): Promise<void> {
    const result = group.result;
    if (result.complete) return;
    const earliest = group.frames.reduce((a, b) => (a.arrivedAt <= b.arrivedAt ? a : b));
    const first = group.frames.find((f) => f.sequenceFlags === 'first') ?? earliest;
    const old = Date.now() - earliest.arrivedAt.getTime() > incompleteAfterS * 1000;
    const status = old ? 'incomplete' : 'partial';
    const key = messageKey(first.key);
    await recordUnfinishedMessage(this.db, {
      message_key: key,
      apid,
      message_type: messageType,
      source: first.source,
      message: first.message,
      first_count: result.firstCount ?? first.sequenceCount,
      last_count: result.lastCount,
      first_obt: first.obt,
      first_arrived_at: earliest.arrivedAt,
      status,
      missing_counts: result.missingCounts,
      fields: JSON.stringify({
        firstReceived: result.firstCount !== null,
        lastReceived: result.lastCount !== null,
        conflictingCounts: result.conflictingCounts,
      }),
    });
    if (old)
      this.log.warn({ messageKey: key, missing: result.missingCounts }, 'multi-frame message recorded incomplete');
  }
}
