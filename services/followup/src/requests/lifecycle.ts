/**
 * The request lifecycle: requested → acknowledged → observing → completed | failed | cancelled.
 * A request may fail or be cancelled from any open state; completed, failed and cancelled are final.
 */
import { FollowupRequestStatus } from '@svom/contracts';
import type { Static } from 'typebox';

/** The statuses of the wire contract (`svom.followup.request.*`), which REST answers with too. */
export type RequestStatus = Static<typeof FollowupRequestStatus>;
export const REQUEST_STATUSES: readonly RequestStatus[] = FollowupRequestStatus.anyOf.map((literal) => literal.const);

const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  requested: ['acknowledged', 'failed', 'cancelled'],
  acknowledged: ['observing', 'failed', 'cancelled'],
  observing: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export const OPEN_STATUSES: readonly RequestStatus[] = ['requested', 'acknowledged', 'observing'];

export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function allowedNext(from: RequestStatus): readonly RequestStatus[] {
  return NEXT[from];
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return NEXT[from].includes(to);
}
