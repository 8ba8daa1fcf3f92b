// The shapes the dashboard reads, as the services' OpenAPI documents give them (openapi/).
// Kept here rather than imported so the browser bundle depends on no server package; held to
// those documents by test/client-types.test.ts (each field named here exists there, same type).

export type BurstStatus = 'active' | 'confirmed' | 'retracted';

export interface Position {
  raDeg: number;
  decDeg: number;
  errorRadiusDeg: number;
  instrument: string;
}

export interface BurstSummary {
  burstId: string;
  t0: string;
  status: BurstStatus;
  instruments: string[];
  alertSequenceId: number | null;
  position: Position | null;
  version: number;
  updatedAt: string;
}

export interface NoticeSummary {
  id: string;
  ivorn: string;
  burstId: string;
  name: string;
  packetType: number;
  serialNumber: number;
  issuedAt: string;
  seq: number;
}

export interface LightCurve {
  start: string;
  binMs: number;
  bins: number;
  bands: number;
  /** bins × bands, bin-major. */
  counts: number[][];
}

export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface BurstDetail extends BurstSummary {
  notices: NoticeSummary[];
  lightCurve: LightCurve | null;
  timeline: TimelineEntry[];
}

export interface Window {
  receptions: number;
  packets: number;
  duplicates: number;
  rejections: Record<string, number>;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  medianRssiDbm: number | null;
}

export interface StationHealth {
  stationId: string;
  name: string;
  latitudeDeg: number;
  longitudeDeg: number;
  status: 'active' | 'silent' | 'never-heard';
  lastHeardAt: string | null;
  lastHour: Window;
  lastDay: Window;
  at: string;
}

export interface Candidate {
  raDeg: number;
  decDeg: number;
  errorRadiusDeg: number;
  magnitude: number;
  magnitudeError: number;
  filter?: string;
  time: string;
}

export interface FollowupRequest {
  id: string;
  facilityId: string;
  status: string;
  raDeg: number;
  decDeg: number;
  [key: string]: unknown;
}

export type FollowupEntry =
  | {
      at: string;
      kind: 'notice';
      key: string;
      ivorn: string;
      name: string;
      packetType: number | null;
      position: { raDeg: number; decDeg: number; errorRadiusDeg: number | null } | null;
      improvedPosition: boolean;
    }
  | {
      at: string;
      kind: 'no-request';
      facilityId: string;
      noticeKey: string;
      reason: string;
      details: Record<string, unknown>;
    }
  | {
      at: string;
      kind: 'request';
      requestId: string;
      facilityId: string;
      event: string;
      fromStatus: string | null;
      toStatus: string;
      actor: string;
      reason: string | null;
    }
  | {
      at: string;
      kind: 'report';
      report: { facilityId: string; requestId: string | null; candidates: Candidate[]; [key: string]: unknown };
    };

export interface BurstFollowup {
  burstId: string;
  triggerTime: string | null;
  retractedAt: string | null;
  requests: FollowupRequest[];
  timeline: FollowupEntry[];
}

export interface PlanSummary {
  id: string;
  spanStart: string;
  spanEnd: string;
  status: 'active' | 'superseded' | 'interrupted';
  createdAt: string;
  createdBy: string;
  supersedes: string | null;
  tleName: string;
}

export interface PlanEntry {
  kind: 'observation' | 'slew' | 'core' | 'burst';
  requestId: string | null;
  start: string;
  end: string;
  raDeg: number;
  decDeg: number;
}

export interface PlanView extends PlanSummary {
  entries: PlanEntry[];
  requests: Array<{
    requestId: string;
    kind: string;
    exposureS: number;
    observedS: number;
    slices: number;
    status: string;
    reason: string | null;
    detail: string | null;
  }>;
}

/** A notice subscription (notify): what to send, where, and from which site to judge visibility. */
export interface SubscriptionFilter {
  types?: string[];
  instruments?: string[];
  minSnr?: number;
  region?: { raDeg: number; decDeg: number; radiusDeg: number };
  includeTest?: boolean;
  includeRetractions?: boolean;
  observableWithinHours?: number;
  alarms?: boolean;
}

export interface Site {
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeM: number;
  horizonDeg: number;
  maxSunAltitudeDeg?: number;
  minMoonDistanceDeg?: number;
}

export type SubscriptionStatus = 'pending-confirmation' | 'active' | 'paused';

export interface Subscription {
  id: string;
  name: string;
  owner: string;
  status: SubscriptionStatus;
  pausedReason: string | null;
  filter: SubscriptionFilter;
  site: Site | null;
  channel: { type: 'email' | 'webhook'; address?: string; url?: string; format?: 'json' | 'slack' };
  ownerEmail: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One send of a subscription: a notice, a test, an alarm, a confirmation mail. */
export interface Delivery {
  id: number;
  eventKey: string;
  kind: string;
  burstId: string | null;
  retraction: boolean;
  status: 'pending' | 'delivered' | 'failed' | 'collapsed';
  collapsedInto: number | null;
  attempts: number;
  dueAt: string;
  lastAttemptAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** An operator alarm: opened once, closed once. */
export interface Alarm {
  id: number;
  key: string;
  kind: string;
  summary: string;
  details: unknown;
  openedAt: string;
  closedAt: string | null;
  closeSummary: string | null;
}
