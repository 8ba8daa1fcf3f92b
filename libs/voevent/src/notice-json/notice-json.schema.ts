import { Type, type Static } from 'typebox';

/**
 * The JSON notice as `svomNoticeToJson` writes it, whatever schema its `$schema` names (GCN's
 * `svom/trigger.schema.json` for 201-205, the FSC's mxt, vt and retraction schemas): the fields
 * every reader relies on, typed. The full schemas stay the validators (`validateNoticeJson`);
 * this envelope is what `readNoticeJson` reads, and a test holds every notice kind the writer
 * makes to it.
 */

const Deg = (description: string) => Type.Number({ description: `${description} [deg]` });

/** The FSC's identity and extras: under `svom` (209-219), or as `{ svom }` JSON in `additional_info` (201-205). */
export const SvomInfoJson = Type.Object({
  packet_type: Type.Integer({ description: 'Packet_Type of the VOEvent (201-205, 209-211, 219)' }),
  notice_name: Type.String({ description: 'suffix of the IVORN: grm-trigger, eclairs-wakeup, mxt-initial_qf3, ...' }),
  notice_level: Type.String(),
  ivorn: Type.String(),
  alert_sequence_t0: Type.Optional(Type.String({ format: 'date-time' })),
  galactic_lon: Type.Optional(Deg('galactic longitude')),
  galactic_lat: Type.Optional(Deg('galactic latitude')),
  sun_angle: Type.Optional(Deg('geocentric angle to the Sun at T0')),
  moon_angle: Type.Optional(Deg('geocentric angle to the Moon at T0')),
  slew_status: Type.Optional(Type.String()),
  trigger_type: Type.Optional(Type.String()),
  onboard_catalog_id: Type.Optional(Type.Integer()),
  source_name: Type.Optional(Type.String()),
  eclairs_angle: Type.Optional(Type.Number({ description: 'MXT: distance from the ECLAIRs position [arcmin]' })),
  within_eclairs_r90: Type.Optional(Type.Boolean()),
  citations: Type.Optional(Type.Array(Type.Object({ ivorn: Type.String(), cite: Type.String() }))),
});
export type SvomInfoJson = Static<typeof SvomInfoJson>;

export const NoticeJsonEnvelope = Type.Object(
  {
    $schema: Type.String({ description: 'the schema the notice follows' }),
    mission: Type.Literal('SVOM'),
    instrument: Type.String(),
    record_number: Type.Integer({ minimum: 1, description: 'Pkt_Ser_Num' }),
    alert_datetime: Type.String({ format: 'date-time' }),
    alert_tense: Type.Union([Type.Literal('current'), Type.Literal('test')]),
    alert_type: Type.Union([Type.Literal('initial'), Type.Literal('update'), Type.Literal('retraction')]),
    id: Type.Array(Type.String(), { minItems: 1, description: '[burst id]' }),
    trigger_time: Type.String({ format: 'date-time', description: 'T0' }),
    ra: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 360 })),
    dec: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    ra_dec_error: Type.Optional(Type.Number({ minimum: 0, description: 'error radius [deg]; absent when none' })),
    ra_pointing: Type.Optional(Deg('pointing RA')),
    dec_pointing: Type.Optional(Deg('pointing Dec')),
    roll: Type.Optional(Deg('roll')),
    longitude: Type.Optional(Deg('satellite longitude')),
    latitude: Type.Optional(Deg('satellite latitude')),
    altitude: Type.Optional(Type.Number({ description: 'satellite altitude [km]' })),
    rate_snr: Type.Optional(Type.Number()),
    image_snr: Type.Optional(Type.Number()),
    slew_status: Type.Optional(
      Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('not_requested')]),
    ),
    reason: Type.Optional(Type.String({ description: "retraction: the Burst Advocate's comment" })),
    retracted_ivorns: Type.Optional(Type.Array(Type.String())),
    additional_info: Type.Optional(Type.String({ description: '201-205: `{"svom": ...}` as JSON' })),
    svom: Type.Optional(SvomInfoJson),
  },
  { $id: 'https://fsc.svom.eu/schemas/v1/notices/envelope.schema.json' },
);
export type NoticeJsonEnvelope = Static<typeof NoticeJsonEnvelope>;
