import { summaryFromJson } from '@svom/voevent';
import type { Visibility } from '../visibility/site-visibility.js';
import type { NoticeContent } from './plan-deliveries.js';

/** A message for people: a subject line and plain text (email), or the same as Slack blocks. */
export interface HumanMessage {
  subject: string;
  text: string;
}

/**
 * The message of a notice for people: the subject names the burst and the notice, the text gives
 * the position, its error, and what the subscriber's site sees. `earlier` are the names of the
 * updates of the burst collapsed into this message.
 */
export function noticeMessage(
  subscriptionName: string,
  content: NoticeContent,
  options: { test: boolean; earlier?: string[] } = { test: false },
): HumanMessage {
  const s = summaryFromJson(content.notice, content.name);
  const test = options.test || content.notice['alert_tense'] === 'test';
  const retraction = content.name === 'retraction' || content.notice['alert_type'] === 'retraction';
  const subject = `${test ? '[TEST] ' : ''}SVOM ${s.burstId ?? '?'} ${content.name}${retraction ? ' (RETRACTED)' : ''}`;
  const lines = [
    ...(test ? ['THIS IS A TEST NOTICE: no burst happened.', ''] : []),
    `Burst:     ${s.burstId ?? 'unknown'}`,
    `Notice:    ${content.name}${s.packetType ? ` (Packet_Type ${s.packetType})` : ''}`,
    `IVORN:     ${s.ivorn ?? 'none'}`,
    `Trigger:   ${s.time ?? 'unknown'}`,
  ];
  if (retraction) lines.push('', `RETRACTED: ${String(content.notice['reason'] ?? 'not a GRB')}`);
  if (s.raDeg !== undefined && s.decDeg !== undefined)
    lines.push(
      `Position:  RA ${s.raDeg.toFixed(4)} deg, Dec ${s.decDeg.toFixed(4)} deg (J2000)`,
      `Error:     ${s.errorDeg !== undefined ? `${s.errorDeg.toFixed(4)} deg radius` : 'none given'}`,
    );
  if (s.snr !== undefined) lines.push(`SNR:       ${s.snr}`);
  if (content.visibility) lines.push('', ...visibilityLines(content.visibility));
  if (options.earlier?.length)
    lines.push('', `Earlier updates of this burst in this message: ${options.earlier.join(', ')}`);
  lines.push('', `Subscription: ${subscriptionName}`);
  return { subject, text: `${lines.join('\n')}\n` };
}

export function visibilityLines(v: Visibility): string[] {
  const lines = [
    `From your site: ${v.observableNow ? 'OBSERVABLE NOW' : 'not observable now'} (at ${v.at})`,
    `  altitude ${v.altitudeDeg.toFixed(1)} deg, airmass ${v.airmass === null ? 'n/a (below the horizon)' : v.airmass.toFixed(2)}`,
    `  Sun altitude ${v.sunAltitudeDeg.toFixed(1)} deg, Moon separation ${v.moonDistanceDeg.toFixed(1)} deg`,
  ];
  lines.push(
    v.nextWindow
      ? `  next window: ${v.nextWindow.start} to ${v.nextWindow.end}`
      : '  no window in the next 24 h under your limits',
  );
  return lines;
}

/** The body a `format: "json"` webhook receives. */
export function webhookJsonBody(
  subscriptionId: string,
  content: NoticeContent,
  test: boolean,
): { subscriptionId: string; notice: Record<string, unknown>; visibility: Visibility | null; test: boolean } {
  return { subscriptionId, notice: content.notice, visibility: content.visibility, test };
}

/** Slack and Mattermost incoming webhooks: `text` (notifications, fallback) and `blocks`. */
export function slackBody(message: HumanMessage): { text: string; blocks: unknown[] } {
  return {
    text: message.subject,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.subject.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${message.text.slice(0, 2900)}\`\`\`` } },
    ],
  };
}

/** An alarm opening or closing, for operators. */
export function alarmMessage(alarm: {
  kind: string;
  key: string;
  summary: string;
  state: 'open' | 'closed';
  at: string;
  closeSummary?: string | null;
  details?: unknown;
}): HumanMessage {
  const subject = `[SVOM FSC ${alarm.state === 'open' ? 'ALARM' : 'RESOLVED'}] ${alarm.state === 'open' ? alarm.summary : (alarm.closeSummary ?? alarm.summary)}`;
  const lines = [
    `${alarm.state === 'open' ? 'Opened' : 'Closed'}: ${alarm.at}`,
    `Alarm:  ${alarm.key} (${alarm.kind})`,
    `What:   ${alarm.summary}`,
    ...(alarm.closeSummary ? [`Now:    ${alarm.closeSummary}`] : []),
    ...(alarm.details ? ['', JSON.stringify(alarm.details, null, 2)] : []),
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}
