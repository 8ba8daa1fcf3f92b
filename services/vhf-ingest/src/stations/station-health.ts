import type { StationHealthMessage } from '@svom/contracts';
import type { StationRow } from '../db/station.repository.js';

export type Window = StationHealthMessage['lastHour'];

export const emptyWindow = (): Window => ({
  receptions: 0,
  packets: 0,
  duplicates: 0,
  rejections: {},
  latencyP50Ms: null,
  latencyP95Ms: null,
  medianRssiDbm: null,
});

/** A station's health as published on `svom.vhf.station.<id>` and answered by REST. */
export function stationHealth(
  station: StationRow,
  windows: { lastHour: Window; lastDay: Window } | undefined,
  at = new Date(),
): StationHealthMessage {
  const status = station.lastHeardAt === null ? 'never-heard' : station.silentSince ? 'silent' : 'active';
  return {
    stationId: station.id,
    name: station.name,
    latitudeDeg: station.latitudeDeg,
    longitudeDeg: station.longitudeDeg,
    status,
    lastHeardAt: station.lastHeardAt,
    lastHour: windows?.lastHour ?? emptyWindow(),
    lastDay: windows?.lastDay ?? emptyWindow(),
    at: at.toISOString(),
  };
}
