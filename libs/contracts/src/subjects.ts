/**
 * Every NATS subject of the FSC is built here and only here, so producers and consumers can never
 * drift apart. An optional prefix (config `NATS_PREFIX`) roots them elsewhere, so test suites that
 * share one NATS server never see each other's messages.
 */

export class SubjectTokenError extends Error {
  override name = 'SubjectTokenError';
  readonly code = 'CONTRACTS_BAD_SUBJECT_TOKEN';
  constructor(
    readonly token: string,
    readonly role: string,
  ) {
    super(`${role} ${JSON.stringify(token)} cannot be a NATS subject token (letters, digits, '-', '_' only)`);
  }
}

const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks one subject token: no dots, wildcards or spaces can slip into a subject. */
export function token(value: string, role = 'token'): string {
  if (!TOKEN.test(value)) throw new SubjectTokenError(value, role);
  return value;
}

/** The subject builders, all rooted at `<prefix>.svom` (or `svom` with no prefix). */
export function subjectsFor(prefix = '') {
  const root = prefix ? `${token(prefix, 'prefix')}.svom` : 'svom';
  return {
    root,
    vhf: {
      all: `${root}.vhf.>`,
      packets: `${root}.vhf.packet.>`,
      /** A decoded packet or a completed multi-frame message (JSON, `VhfPacketMessage`). */
      packet: (source: string, message: string) =>
        `${root}.vhf.packet.${token(source, 'source')}.${token(message, 'message')}`,
      stations: `${root}.vhf.station.*`,
      /** A station's health, every minute and when it falls silent (`StationHealthMessage`). */
      station: (stationId: string) => `${root}.vhf.station.${token(stationId, 'station id')}`,
    },
    alerts: {
      all: `${root}.alerts.>`,
      notices: `${root}.alerts.notice.>`,
      notice: (name: string) => `${root}.alerts.notice.${token(name, 'notice name')}`,
      voevents: `${root}.alerts.voevent.>`,
      voevent: (name: string) => `${root}.alerts.voevent.${token(name, 'notice name')}`,
      bursts: `${root}.alerts.burst.*`,
      burst: (burstId: string) => `${root}.alerts.burst.${token(burstId, 'burst id')}`,
      heartbeat: `${root}.alerts.heartbeat`,
    },
    followup: {
      all: `${root}.followup.>`,
      request: (facility: string) => `${root}.followup.request.${token(facility, 'facility')}`,
      requests: `${root}.followup.request.*`,
      report: (facility: string) => `${root}.followup.report.${token(facility, 'facility')}`,
      reports: `${root}.followup.report.*`,
    },
    plan: {
      all: `${root}.plan.>`,
      published: `${root}.plan.published`,
      interrupted: `${root}.plan.interrupted`,
    },
  } as const;
}

export type Subjects = ReturnType<typeof subjectsFor>;
