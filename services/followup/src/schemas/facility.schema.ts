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

export const FacilityIdParam = Type.Object({ id: Id });

export const NewFacility = Type.Object(
  { id: Id, ...FacilityFields },
  { title: 'NewFacility', additionalProperties: false },
);
export const FacilityUpdate = Type.Object(
  { ...FacilityFields, active: Type.Boolean() },
  { title: 'FacilityUpdate', additionalProperties: false },
);

export const FacilitySchema = Type.Object(
  { id: Type.String(), ...FacilityFields, active: Type.Boolean() },
  { title: 'Facility' },
);
export const FacilityList = Type.Object({ facilities: Type.Array(FacilitySchema) }, { title: 'FacilityList' });

export const FacilityCredentials = Type.Object(
  {
    facilityId: Type.String(),
    token: Type.String({ description: 'shown once; only its hash is stored' }),
  },
  { title: 'FacilityCredentials' },
);
