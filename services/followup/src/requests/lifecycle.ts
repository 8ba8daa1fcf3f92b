/**
 * The request lifecycle: requested → acknowledged → observing → completed | failed | cancelled.
 * A request may fail or be cancelled from any open state; completed, failed and cancelled are final.
 */
export const REQUEST_STATUSES = ['requested', 'acknowledged', 'observing', 'completed', 'failed', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

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
