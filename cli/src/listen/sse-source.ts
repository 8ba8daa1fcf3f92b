import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { backoffDelayMs } from '@svom/vtp';
import type { NoticeSource, SourceHandlers } from './notice-source.js';
import { SseParser, type SseEvent } from './sse-parser.js';
import { summaryFromJson, summaryFromVoEventXml, type NoticeSummary } from '@svom/voevent';

/**
 * Notices from the alerts service's SSE stream (`GET /v1/stream`). Reconnects with jittered
 * back-off, sending `Last-Event-ID` so the server can replay what we missed while away.
 */
export async function sseNoticeSource(
  options: { url: string; ca?: string[] | undefined },
  handlers: SourceHandlers,
): Promise<NoticeSource> {
  let closed = false;
  let attempt = 0;
  let lastEventId: string | undefined;
  let current: { destroy(): void } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const url = new URL(options.url);
  const startedAt = new Date().toISOString();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  const retry = (why: string, serverRetryMs?: number) => {
    if (closed) return;
    const delayMs = serverRetryMs ?? backoffDelayMs(attempt++);
    handlers.status(`${why}; reconnecting in ${(delayMs / 1000).toFixed(1)} s`);
    timer = setTimeout(open, delayMs);
  };

  function open(): void {
    const parser = new SseParser();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    // Without an event id yet, ask for what was issued since we started: nothing is lost
    // between two connections, whichever way the server ended the previous one.
    const target = new URL(url);
    if (!lastEventId && !target.searchParams.has('since')) target.searchParams.set('since', startedAt);
    const req = send(target, { headers, ...(options.ca ? { ca: options.ca } : {}) }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        retry(`${options.url} answered ${res.statusCode}`);
        return;
      }
      attempt = 0;
      handlers.status(`connected to ${options.url}`);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const event of parser.push(chunk)) {
          if (event.id) lastEventId = event.id;
          const summary = noticeOfEvent(event, handlers);
          if (summary) handlers.notice(summary);
        }
      });
      res.on('end', () => retry('stream ended', parser.retryMs));
      res.on('error', () => {});
    });
    req.on('error', (error: Error & { code?: string }) =>
      retry(`cannot reach ${options.url}: ${error.code ?? error.message}`),
    );
    req.end();
    current = req;
  }

  open();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      current?.destroy();
    },
  };
}

/**
 * The notice an event carries, whatever the envelope: the notice itself, `{notice, name}`, or
 * VOEvent XML (as text or `{xml}`). Heartbeats and other events are skipped.
 */
export function noticeOfEvent(event: SseEvent, handlers: Pick<SourceHandlers, 'status'>): NoticeSummary | undefined {
  if (/heartbeat|ping|keep-?alive/i.test(event.event)) return undefined;
  const text = event.data.trim();
  try {
    if (text.startsWith('<')) return summaryFromVoEventXml(text);
    let data = JSON.parse(text);
    // Some servers (the FSC before December 2026) send the notice JSON as a JSON string: unwrap one level.
    if (typeof data === 'string') data = data.trim().startsWith('<') ? { xml: data } : JSON.parse(data);
    if (typeof data?.xml === 'string') return summaryFromVoEventXml(data.xml);
    if (data?.notice && typeof data.notice === 'object')
      return summaryFromJson(data.notice, data.name ?? data.noticeName);
    if (data?.$schema || data?.instrument || data?.trigger_time) return summaryFromJson(data);
    return undefined;
  } catch (error) {
    handlers.status(`unreadable ${event.event} event: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
