import { assessFacility, type AssessOptions, type Assessment } from './assess-facility.js';
import type { Facility } from './facility.js';
import type { NoticePosition, ParsedNotice } from '../notices/notice-reader.js';
import { isOpen, type RequestStatus } from '../requests/lifecycle.js';

/** The burst's best position so far and the notice it came from. */
export interface BurstPosition extends NoticePosition {
  ivorn: string;
}

export interface BurstState {
  position: BurstPosition | null;
  retracted: boolean;
}

export interface ExistingRequest {
  id: string;
  facilityId: string;
  status: RequestStatus;
}

type Observable = Extract<Assessment, { observable: true }>;

export type FacilityAction =
  | { kind: 'create'; facility: Facility; assessment: Observable }
  | { kind: 'update'; facility: Facility; requestId: string; assessment: Assessment }
  | { kind: 'cancel'; facility: Facility; requestId: string; from: RequestStatus }
  | { kind: 'none'; facility: Facility; reason: string; details: Record<string, unknown> };

export interface Plan {
  burst: BurstState;
  /** The notice's position is now the burst's best one. */
  improved: boolean;
  actions: FacilityAction[];
}

/**
 * What one notice means for every facility: the pure core of the notice consumer (no I/O, the
 * clock passed in). A retraction cancels the open requests; a position better than the burst's
 * (smaller error radius) becomes its position and moves the open requests; facilities without a
 * request are assessed on the best position and get one, or a recorded reason why not (a burst
 * older than `maxBurstAgeHours` gets no new request: the durable consumer may replay old notices).
 */
export interface PlanOptions extends AssessOptions {
  /** A burst triggered longer ago than this gets no new request (a replayed stream, a late notice). */
  maxBurstAgeHours: number;
}

export function planNotice(
  notice: ParsedNotice,
  burst: BurstState,
  facilities: Facility[],
  requests: ExistingRequest[],
  now: Date,
  options: PlanOptions,
): Plan {
  const byFacility = new Map(requests.map((r) => [r.facilityId, r]));
  if (notice.retraction) {
    return {
      burst: { ...burst, retracted: true },
      improved: false,
      actions: facilities.map((facility): FacilityAction => {
        const request = byFacility.get(facility.id);
        if (request && isOpen(request.status))
          return { kind: 'cancel', facility, requestId: request.id, from: request.status };
        return {
          kind: 'none',
          facility,
          reason: 'burst-retracted',
          details: { request: request ? { id: request.id, status: request.status } : null },
        };
      }),
    };
  }
  if (burst.retracted) {
    return {
      burst,
      improved: false,
      actions: facilities.map((facility) => ({ kind: 'none', facility, reason: 'burst-retracted', details: {} })),
    };
  }

  const improved = notice.position !== null && isBetter(notice.position, burst.position);
  const best = improved ? { ...notice.position!, ivorn: notice.ivorn } : burst.position;
  if (!best) {
    return {
      burst,
      improved: false,
      actions: facilities.map((facility) => ({ kind: 'none', facility, reason: 'no-position', details: {} })),
    };
  }

  // Open requests still follow a better position; only new ones stop for an old burst.
  const ageHours = notice.triggerTime ? (now.getTime() - Date.parse(notice.triggerTime)) / 3_600_000 : 0;
  const actions = facilities.map((facility): FacilityAction => {
    const request = byFacility.get(facility.id);
    if (request && !isOpen(request.status))
      return {
        kind: 'none',
        facility,
        reason: 'request-closed',
        details: { request: { id: request.id, status: request.status } },
      };
    if (request && !improved)
      return {
        kind: 'none',
        facility,
        reason: 'position-not-better',
        details: { request: { id: request.id, status: request.status }, errorRadiusDeg: best.errorRadiusDeg },
      };
    if (!request && ageHours > options.maxBurstAgeHours)
      return {
        kind: 'none',
        facility,
        reason: 'burst-too-old',
        details: { ageHours: Math.round(ageHours * 100) / 100 },
      };
    const assessment = assessFacility(facility, best, now, options);
    if (request) return { kind: 'update', facility, requestId: request.id, assessment };
    if (assessment.observable) return { kind: 'create', facility, assessment };
    return { kind: 'none', facility, reason: assessment.reason, details: assessmentDetails(assessment) };
  });
  return { burst: { ...burst, position: best }, improved, actions };
}

/** Better = the first position, or a known error radius smaller than the current one. */
export function isBetter(candidate: NoticePosition, current: NoticePosition | null): boolean {
  if (!current) return true;
  if (candidate.errorRadiusDeg === null) return false;
  return current.errorRadiusDeg === null || candidate.errorRadiusDeg < current.errorRadiusDeg;
}

export function assessmentDetails(assessment: Assessment): Record<string, unknown> {
  const now = assessment.now
    ? {
        altitudeDeg: round(assessment.now.altitudeDeg),
        sunAltitudeDeg: round(assessment.now.sunAltitudeDeg),
        moonDistanceDeg: round(assessment.now.moonDistanceDeg),
      }
    : {};
  if (assessment.observable)
    return { ...now, windowStart: assessment.windowStart.toISOString(), windowEnd: assessment.windowEnd.toISOString() };
  return {
    ...now,
    nextWindow: assessment.nextWindow
      ? { start: assessment.nextWindow.start.toISOString(), end: assessment.nextWindow.end.toISOString() }
      : null,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
