import { Type } from 'typebox';
import { StationHealthMessage, stationHealthExample } from '@svom/contracts';
import { newStationExample, stationCredentialsExample, stationListExample } from './ingest.examples.js';

export const StationIdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });

export const NewStation = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'short station id, e.g. NCL1' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
    longitudeDeg: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { title: 'NewStation', additionalProperties: false, examples: [newStationExample] },
);

export const StationCredentials = Type.Object(
  {
    stationId: Type.String(),
    token: Type.String({ description: 'shown once; only its hash is stored' }),
  },
  { title: 'StationCredentials', examples: [stationCredentialsExample] },
);

// The contract schema carries an $id for docs/messaging.md; inline copies must not repeat it.
const { $id: _id, ...health } = StationHealthMessage as typeof StationHealthMessage & { $id?: string };
export const StationHealth = { ...health, title: 'StationHealth', examples: [stationHealthExample] };
export const StationList = Type.Object(
  { stations: Type.Array(StationHealth) },
  { title: 'StationList', examples: [stationListExample] },
);
