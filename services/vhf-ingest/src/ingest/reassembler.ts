import { sql, type Kysely } from 'kysely';
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
import type { VhfTables } from '../db/tables.js';
import type { OutboxPublisher, OutboxRow } from '@svom/service-kit';

interface PoolFrame extends SegmentFrame {
  key: string;
  obt: Date;
  arrivedAt: Date;
  source: string;
  message: string;
  stationId: string;
  receivedAt: Date;
}

// Frames of one message are made seconds apart on board: a pool this wide around the new frames
// holds the whole message and stays far below half the 16384-count cycle.
const POOL_MARGIN = "interval '20 minutes'";

/** The key of a reassembled message: its first frame's packet key, marked as a message. */
export const messageKey = (firstFrameKey: string) => `${firstFrameKey}-msg`;

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
    const waiting = await this.db
      .selectFrom('vhf.packets')
      .select(['apid', 'message_type', sql<Date>`min(obt)`.as('from'), sql<Date>`max(obt)`.as('to')])
      .where('sequence_flags', '<>', 'standalone')
      .where('arrived_at', '>', sql<Date>`now() - make_interval(secs => ${incompleteAfterS + 3600})`)
      .groupBy(['apid', 'message_type'])
      .execute();
    for (const w of waiting)
      await this.judge(
        w.apid,
        w.message_type,
        new Date(w.from).toISOString(),
        new Date(w.to).toISOString(),
        incompleteAfterS,
      );
  }

  private async judge(
    apid: number,
    messageType: number,
    fromObt: string,
    toObt: string,
    incompleteAfterS?: number,
  ): Promise<void> {
    const rows = await this.db
      .selectFrom('vhf.packets')
      .select([
        'packet_key',
        'sequence_flags',
        'sequence_count',
        'frame',
        'obt',
        'arrived_at',
        'source',
        'message',
        'first_station_id',
        'first_received_at',
      ])
      .where('apid', '=', apid)
      .where('message_type', '=', messageType)
      .where('sequence_flags', '<>', 'standalone')
      .where('obt', '>=', sql<Date>`${fromObt}::timestamptz - ${sql.raw(POOL_MARGIN)}`)
      .where('obt', '<=', sql<Date>`${toObt}::timestamptz + ${sql.raw(POOL_MARGIN)}`)
      .execute();
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
      const changed = await trx
        .insertInto('vhf.messages')
        .values({
          message_key: key,
          apid,
          message_type: messageType,
          source: first.source,
          message: first.message,
          first_count: group.result.firstCount!,
          last_count: group.result.lastCount,
          first_obt: first.obt,
          first_arrived_at: first.arrivedAt,
          status: 'complete',
          missing_counts: null,
          fields: JSON.stringify(fields),
          completed_at: new Date(),
        })
        .onConflict((oc) =>
          oc
            .column('message_key')
            .doUpdateSet({
              status: 'complete',
              last_count: group.result.lastCount,
              missing_counts: null,
              fields: JSON.stringify(fields),
              completed_at: new Date(),
            })
            .where('vhf.messages.status', '=', 'partial'),
        )
        .returning('message_key')
        .execute();
      if (changed.length === 0) return [] as OutboxRow[];
      return trx
        .insertInto('vhf.outbox')
        .values({
          subject: this.subjects.vhf.packet(first.source, first.message),
          msg_id: key,
          payload: JSON.stringify(message),
        })
        .returning(['id', 'subject', 'msg_id as msgId', 'payload'])
        .execute();
    });
    if (outbox.length) {
      this.log.info({ messageKey: key, frames: group.result.frameCount }, 'multi-frame message complete');
      await this.publisher.publish(outbox);
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
    await this.db
      .insertInto('vhf.messages')
      .values({
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
        completed_at: null,
      })
      .onConflict((oc) =>
        oc
          .column('message_key')
          .doUpdateSet({ status, missing_counts: result.missingCounts, last_count: result.lastCount })
          .where('vhf.messages.status', '=', 'partial'),
      )
      .execute();
    if (old)
      this.log.warn({ messageKey: key, missing: result.missingCounts }, 'multi-frame message recorded incomplete');
  }
}
