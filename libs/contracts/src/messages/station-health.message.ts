import { fscSchemaId } from '../schema-id.js';
import { Type, type Static } from 'typebox';

const Window = Type.Object({
  receptions: Type.Integer(),
  packets: Type.Integer({ description: 'receptions accepted as a new packet' }),
  duplicates: Type.Integer(),
  rejections: Type.Record(Type.String(), Type.Integer(), { description: 'count by ICD-VHF rejection code' }),
  latencyP50Ms: Type.Union([Type.Number(), Type.Null()], { description: 'receivedAt − OBT, median' }),
  latencyP95Ms: Type.Union([Type.Number(), Type.Null()]),
  medianRssiDbm: Type.Union([Type.Number(), Type.Null()]),
});

/** A station's health: on `svom.vhf.station.<id>` every minute, and at once when it falls silent. */
export const StationHealthMessage = Type.Object(
  {
    stationId: Type.String(),
    name: Type.String(),
    latitudeDeg: Type.Number(),
    longitudeDeg: Type.Number(),
    status: Type.Union([Type.Literal('active'), Type.Literal('silent'), Type.Literal('never-heard')], {
      description: 'silent: nothing received for 5 minutes',
    }),
    lastHeardAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastHour: Window,
    lastDay: Window,
    at: Type.String({ format: 'date-time' }),
  },
  { $id: fscSchemaId('messages/station-health.schema.json') },
);
export type StationHealthMessage = Static<typeof StationHealthMessage>;

const exampleWindow = {
  receptions: 3120,
  packets: 1030,
  duplicates: 2071,
  rejections: { CRC_MISMATCH: 19 },
  latencyP50Ms: 6210,
  latencyP95Ms: 13900,
  medianRssiDbm: -108.5,
};
export const stationHealthExample: StationHealthMessage = {
  stationId: 'NCL1',
  name: 'Nouméa',
  latitudeDeg: -22.27,
  longitudeDeg: 166.45,
  status: 'active',
  lastHeardAt: '2026-02-11T19:24:33.105Z',
  lastHour: exampleWindow,
  lastDay: {
    ...exampleWindow,
    receptions: 70210,
    packets: 23100,
    duplicates: 46700,
    rejections: { CRC_MISMATCH: 410 },
  },
  at: '2026-02-11T19:25:00.000Z',
};
