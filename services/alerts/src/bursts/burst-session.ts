import type { Transaction } from 'kysely';
import type { AlertBurstMessage, Subjects } from '@svom/contracts';
import { svomIvorn, type SvomNotice, type SvomNoticeName } from '@svom/voevent';
import type { BurstRow } from '../db/burst.repository.js';
import { writeBurstSession, type TimelineEntry } from '../db/burst-session.repository.js';
import { noticeInput, noticesOfBurst, type NoticeRow } from '../db/notice.repository.js';
import type { OutboxMessage, OutboxRow } from '../db/outbox.repository.js';
import type { AlertsTables } from '../db/tables.js';
import { applyPacket, bestPosition, instrumentsOf, t0Of, type BurstState } from './burst-state.js';
import { buildNotice } from './notice-builder.js';
import { noticeForms, noticeMessages } from './notice-forms.js';
import type { PacketInput } from './packet-input.js';

/** The FSC itself, as the actor of timeline entries it makes. */
export const FSC_ACTOR = 'fsc';

/**
 * One burst inside one transaction: packets are folded in, notices issued, and `save()` writes
 * the burst, its notices and their outbox messages together, so a notice is never stored without
 * being published nor published without being stored.
 */
export class BurstSession {
  state: BurstState;
  private readonly earlier: NoticeRow[];
  private readonly issued: Array<{ notice: SvomNotice; packetKey: string | null }> = [];
  private readonly changes: string[] = [];
  private readonly timeline: TimelineEntry[] = [];
  private lightCurve: unknown;
  private status: BurstRow['status'];

  private constructor(
    readonly trx: Transaction<AlertsTables>,
    readonly row: BurstRow,
    earlier: NoticeRow[],
    private readonly subjects: Subjects,
    private readonly now: Date,
  ) {
    this.state = row.state as BurstState;
    this.earlier = earlier;
    this.status = row.status;
  }

  static async open(
    trx: Transaction<AlertsTables>,
    row: BurstRow,
    subjects: Subjects,
    now: Date,
  ): Promise<BurstSession> {
    return new BurstSession(trx, row, await noticesOfBurst(trx, row.burst_id), subjects, now);
  }

  get burstId(): string {
    return this.row.burst_id;
  }

  /** Every notice of the burst so far, stored and new, oldest first. */
  get notices(): SvomNotice[] {
    return [...this.earlier.map(noticeInput), ...this.issued.map((i) => i.notice)];
  }

  /** Folds a packet in and issues the notice it makes; a retracted burst issues none. */
  apply(input: PacketInput, packetKey: string): void {
    const applied = applyPacket(this.state, input);
    this.state = applied.state;
    this.changes.push('packet');
    if (applied.lightCurve) {
      this.lightCurve = applied.lightCurve;
      this.note('light-curve', { packetKey, bins: applied.lightCurve.bins, binMs: applied.lightCurve.binMs });
    }
    if (!applied.notice) return;
    if (this.status === 'retracted') {
      this.note('notice-withheld', { packetKey, reason: 'burst retracted', kind: applied.notice });
      return;
    }
    const notice = buildNotice(applied.notice, this.state, {
      burstId: this.burstId,
      dateIssued: this.now.toISOString(),
      serialNumberOf: (name) => this.serialNumberOf(name),
      citations: [...new Set(this.notices.map((n) => svomIvorn(n.burstId, n.name)))].map((ivorn) => ({ ivorn })),
    });
    this.issue(notice, packetKey);
  }

  /** Adds an entry to the burst's timeline, written by `save()`. */
  note(action: string, detail: Record<string, unknown> = {}, actor = FSC_ACTOR): void {
    this.timeline.push({ actor, action, detail });
  }

  /** Adds a notice built elsewhere (a Burst Advocate's retraction). */
  issue(notice: SvomNotice, packetKey: string | null): void {
    this.issued.push({ notice, packetKey });
    this.changes.push('notice');
  }

  setStatus(status: BurstRow['status'], change: string): void {
    this.status = status;
    this.changes.push(change);
  }

  serialNumberOf(name: SvomNoticeName): number {
    return this.notices.filter((n) => n.name === name).length + 1;
  }

  /** Writes everything and answers the outbox rows to publish once the transaction commits. */
  async save(extra: { alertSequenceId?: number | undefined; change?: string } = {}): Promise<OutboxRow[]> {
    if (extra.change) this.changes.push(extra.change);
    const best = bestPosition(this.state);
    const version = this.row.version + 1;
    const instruments = instrumentsOf(this.state);
    const burst = {
      state: JSON.stringify(this.state),
      status: this.status,
      instruments,
      version,
      t0: t0Of(this.state) ?? this.row.t0,
      eclairs_t0: this.state.eclairs?.best.triggerTime ?? null,
      grm_t0: this.state.grm?.triggerTime ?? null,
      alert_sequence_id: this.state.eclairs ? String(this.state.eclairs.best.alertSequenceId) : null,
      ra_deg: best?.raDeg ?? null,
      dec_deg: best?.decDeg ?? null,
      error_radius_deg: best?.errorRadiusDeg ?? null,
      position_instrument: best?.instrument ?? null,
      ...(this.lightCurve ? { light_curve: JSON.stringify(this.lightCurve) } : {}),
    };
    const messages: OutboxMessage[] = [];
    const rows = this.issued.map(({ notice, packetKey }) => {
      const forms = noticeForms(notice);
      messages.push(...noticeMessages(this.subjects, notice, forms));
      return {
        notice_id: forms.noticeId,
        ivorn: forms.ivorn,
        msg_id: forms.msgId,
        burst_id: this.burstId,
        name: notice.name,
        packet_type: notice.packetType,
        serial_number: notice.serialNumber,
        packet_key: packetKey,
        issued_at: this.now,
        input: JSON.stringify(notice),
        xml: forms.xml,
        json: JSON.stringify(forms.json),
      };
    });
    for (const r of rows) this.note('notice', { noticeId: r.notice_id, ivorn: r.ivorn, packetKey: r.packet_key });
    const state = this.message(
      version,
      instruments,
      best,
      rows.map((r) => r.ivorn),
    );
    messages.push({
      subject: this.subjects.alerts.burst(this.burstId),
      msgId: `${this.burstId}:${version}`,
      headers: {},
      payload: JSON.stringify(state),
    });
    return writeBurstSession(this.trx, {
      burstId: this.burstId,
      burst,
      notices: rows,
      timeline: this.timeline,
      outbox: messages,
    });
  }

  private message(
    version: number,
    instruments: string[],
    best: ReturnType<typeof bestPosition>,
    newIvorns: string[],
  ): AlertBurstMessage {
    const change = this.changes.includes('notice') ? 'notice' : (this.changes.at(-1) ?? 'packet');
    return {
      burstId: this.burstId,
      version,
      change: this.row.version === 0 ? 'created' : change,
      status: this.status,
      t0: new Date(t0Of(this.state) ?? this.row.t0).toISOString(),
      instruments,
      alertSequenceId: this.state.eclairs?.best.alertSequenceId ?? null,
      position: best
        ? { raDeg: best.raDeg, decDeg: best.decDeg, errorRadiusDeg: best.errorRadiusDeg, instrument: best.instrument }
        : null,
      notices: [...this.earlier.map((r) => r.ivorn), ...newIvorns],
      hasLightCurve: Boolean(this.lightCurve ?? this.row.light_curve),
      at: this.now.toISOString(),
      ...advocateOf(this.timeline),
    };
  }
}

const ADVOCATE_TEXT = { comment: 'text', confirmed: 'comment', retracted: 'reason' } as const;

/** A Burst Advocate's action of this change, with its text, for whoever relays it (the XMPP advocate nodes). */
function advocateOf(timeline: TimelineEntry[]): Pick<AlertBurstMessage, 'advocate'> {
  const entry = timeline.findLast((e) => e.actor !== FSC_ACTOR && e.action in ADVOCATE_TEXT);
  if (!entry) return {};
  const action = entry.action as keyof typeof ADVOCATE_TEXT;
  const text = entry.detail[ADVOCATE_TEXT[action]];
  return { advocate: { actor: entry.actor, action, text: typeof text === 'string' ? text : null } };
}
