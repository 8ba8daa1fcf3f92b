import { Type } from 'typebox';
import { IsoTime } from './common.schema.js';
import { newTleExample, positionExample, tleExample } from './scheduler.examples.js';

export const NewTle = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 24 }),
    line1: Type.String({ minLength: 69, maxLength: 80, description: 'TLE line 1 (69 columns, checksum checked)' }),
    line2: Type.String({ minLength: 69, maxLength: 80 }),
  },
  { title: 'NewTle', additionalProperties: false, examples: [newTleExample] },
);

export const TleView = Type.Object(
  {
    id: Type.Union([Type.Integer(), Type.Null()], { description: 'null for the built-in default orbit' }),
    name: Type.String(),
    line1: Type.String(),
    line2: Type.String(),
    epoch: IsoTime(),
    inclinationDeg: Type.Number(),
    periodMin: Type.Number(),
    uploadedBy: Type.Union([Type.String(), Type.Null()]),
    uploadedAt: Type.Union([IsoTime(), Type.Null()]),
  },
  { title: 'Tle', examples: [tleExample] },
);

export const PositionQuery = Type.Object({ t: IsoTime('the instant (ISO 8601 with a zone)') });

export const Position = Type.Object(
  {
    t: IsoTime(),
    latitudeDeg: Type.Number({ description: 'WGS84 geodetic' }),
    longitudeDeg: Type.Number({ description: 'east-positive, [-180, 180)' }),
    altitudeKm: Type.Number({ description: 'WGS84 height' }),
    gcrsKm: Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: 'geocentric, ICRS-aligned axes' }),
    inSaa: Type.Boolean(),
    tleName: Type.String(),
  },
  { title: 'OrbitPosition', examples: [positionExample] },
);
