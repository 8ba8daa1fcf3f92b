import type { NoticeSummary } from '@svom/voevent';

/** A live feed of notices that keeps itself connected until closed. */
export interface NoticeSource {
  close(): Promise<void>;
}

export interface SourceHandlers {
  notice(summary: NoticeSummary): void;
  /** Connection news (connected, lost, retrying) and unreadable payloads, for stderr. */
  status(line: string): void;
}
