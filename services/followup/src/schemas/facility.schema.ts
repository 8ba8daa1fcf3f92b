import { Type } from 'typebox';
import { Id } from './common.schema.js';

const Kind = Type.Union(
  [
    Type.Literal('wide-field'),
    Type.Literal('robotic-optical'),
    Type.Literal('robotic-optical-nir'),
    Type.Literal('spectroscopic'),
    Type.Literal('radio'),
    Type.Literal('x-ray'),
  ],
  { description: 'what sort of instrument it is' },
);

const FacilityFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  siteName: Type.String({ minLength: 1, maxLength: 200 }),
  latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
  longitudeDeg: Type.Number({ minimum: -180, maximum: 180, description: 'east positive' }),
  altitudeM: Type.Number({ minimum: -500, maximum: 9000 }),
  minAltitudeDeg: Type.Number({ minimum: 0, maximum: 90, description: 'lowest target altitude (geometric)' }),
  maxSunAltitudeDeg: Type.Number({
    minimum: -90,
    maximum: 90,
    description: 'highest Sun altitude (−12 nautical, −18 astronomical twilight); 90 for radio',
  }),
  minMoonDistanceDeg: Type.Number({ minimum: 0, maximum: 180 }),
  fieldOfViewDeg: Type.Number({
    exclusiveMinimum: 0,
    maximum: 180,
    description: 'side of the field: an error circle wider than it gets no request',
  }),
  filters: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 50 }),
  typicalResponseS: Type.Integer({ minimum: 0, maximum: 7 * 86_400 }),
  contact: Type.String({ minLength: 1, maxLength: 200 }),
  source: Type.String({ minLength: 1, maxLength: 500, description: 'where the coordinates and limits come from' }),
};

/** GWAC as the migration seeds it (published coordinates and limits). */
const gwacFields = {
  name: 'Ground Wide Angle Cameras',
  kind: 'wide-field',
  siteName: 'Xinglong',
  latitudeDeg: 40.3942,
  longitudeDeg: 117.575,
  altitudeM: 900,
  minAltitudeDeg: 20,
  maxSunAltitudeDeg: -12,
  minMoonDistanceDeg: 10,
  fieldOfViewDeg: 60,
  filters: ['R'],
  typicalResponseS: 15,
  contact: 'gwac@nao.cas.cn',
  source: 'Xinglong 40°23′39″N 117°34′30″E 900 m (MPC 327); GWAC: Wei et al. 2016 arXiv:1610.06892',
};
export const facilityExample = { id: 'GWAC', ...gwacFields, active: true };

export const FacilityIdParam = Type.Object({ id: Id });

export const NewFacility = Type.Object(
  { id: Id, ...FacilityFields },
  {
    title: 'NewFacility',
    additionalProperties: false,
    examples: [
      {
        id: 'TAROT-R',
        name: 'TAROT Réunion (18 cm)',
        kind: 'robotic-optical',
        siteName: 'Les Makes',
        latitudeDeg: -21.1992,
        longitudeDeg: 55.4097,
        altitudeM: 990,
        minAltitudeDeg: 15,
        maxSunAltitudeDeg: -12,
        minMoonDistanceDeg: 10,
        fieldOfViewDeg: 4.2,
        filters: ['clear'],
        typicalResponseS: 30,
        contact: 'tarot@oca.eu',
        source: 'Les Makes 21°11′57″S 55°24′35″E 990 m (MPC 181)',
      },
    ],
  },
);
export const FacilityUpdate = Type.Object(
  { ...FacilityFields, active: Type.Boolean() },
  {
    title: 'FacilityUpdate',
    additionalProperties: false,
    examples: [{ ...gwacFields, minMoonDistanceDeg: 15, active: true }],
  },
);

export const FacilitySchema = Type.Object(
  { id: Type.String(), ...FacilityFields, active: Type.Boolean() },
  { title: 'Facility', examples: [facilityExample] },
);
export const FacilityList = Type.Object(
  { facilities: Type.Array(FacilitySchema) },
  { title: 'FacilityList', examples: [{ facilities: [facilityExample] }] },
);

export const FacilityCredentials = Type.Object(
  {
    facilityId: Type.String(),
    token: Type.String({ description: 'shown once; only its hash is stored' }),
  },
  { title: 'FacilityCredentials', examples: [{ facilityId: 'GWAC', token: 'fup_CjVR_f0kOnkTsYMNDoXV_OEIHkyvvlL7' }] },
);
