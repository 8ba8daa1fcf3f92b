import { alertNoticeHeaders, alertNoticeKey, type Subjects } from '@svom/contracts';
import { svomIvorn, svomNoticeToJson, svomNoticeToVoEvent, writeVoEventXml, type SvomNotice } from '@svom/voevent';
import type { OutboxMessage } from '../db/outbox.repository.js';

/** A notice in every form it is stored and published in. */
export interface NoticeForms {
  noticeId: string;
  ivorn: string;
  msgId: string;
  xml: string;
  json: Record<string, unknown>;
}

/**
 * Ids of a notice. The IVORN is the real FSC's (`<Burst_Id>_<name>`), which repeats when a name
 * does (a second `mxt-update_qf3`); our own ids add `-<Pkt_Ser_Num>` / `:<Pkt_Ser_Num>` from the
 * second one, so the database and JetStream de-duplication never take two notices for one.
 */
export function noticeIds(notice: SvomNotice): { noticeId: string; ivorn: string; msgId: string } {
  const ivorn = svomIvorn(notice.burstId, notice.name);
  const n = notice.serialNumber;
  return {
    ivorn,
    noticeId: `${notice.burstId}_${notice.name}${n > 1 ? `-${n}` : ''}`,
    msgId: alertNoticeKey(ivorn, n),
  };
}

export function noticeForms(notice: SvomNotice): NoticeForms {
  return {
    ...noticeIds(notice),
    xml: writeVoEventXml(svomNoticeToVoEvent(notice)),
    json: svomNoticeToJson(notice) as unknown as Record<string, unknown>,
  };
}

/** The two JetStream messages of a notice: JSON and VOEvent, with the same routing headers. */
export function noticeMessages(subjects: Subjects, notice: SvomNotice, forms: NoticeForms): OutboxMessage[] {
  const headers = alertNoticeHeaders(notice);
  return [
    { subject: subjects.alerts.notice(notice.name), msgId: forms.msgId, headers, payload: JSON.stringify(forms.json) },
    // Same stream as the JSON: a Nats-Msg-Id of its own, or JetStream would drop it as a duplicate.
    { subject: subjects.alerts.voevent(notice.name), msgId: `xml:${forms.msgId}`, headers, payload: forms.xml },
  ];
}
