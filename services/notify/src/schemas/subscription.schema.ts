import { Type, type Static } from 'typebox';
import { Nullable } from '@svom/service-kit';

const DateTime = Type.String({ format: 'date-time' });

/** The criteria `svom listen` and the VTP filters share (NoticeFilter of @svom/voevent), and ours. */
export const FilterSchema = Type.Object(
  {
    types: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 64,
        description: 'notice names or prefixes (`mxt` matches `mxt-initial_qf3`), or Packet_Type numbers',
      }),
    ),
    instruments: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 16 })),
    minSnr: Type.Optional(Type.Number({ minimum: 0 })),
    region: Type.Optional(
      Type.Object(
        {
          raDeg: Type.Number({ minimum: 0, maximum: 360 }),
          decDeg: Type.Number({ minimum: -90, maximum: 90 }),
          radiusDeg: Type.Number({ exclusiveMinimum: 0, maximum: 180 }),
        },
        { additionalProperties: false },
      ),
    ),
    includeTest: Type.Optional(Type.Boolean({ default: false, description: 'notices of role test (drills)' })),
    includeRetractions: Type.Optional(
      Type.Boolean({ default: true, description: 'retractions of a matching burst, whatever the other criteria' }),
    ),
    observableWithinHours: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 24,
        description: 'only positions whose next window from `site` opens within this many hours (needs `site`)',
      }),
    ),
    alarms: Type.Optional(Type.Boolean({ default: false, description: 'operator alarms too (operators only)' })),
  },
  { title: 'Filter', additionalProperties: false },
);
export type SubscriptionFilter = Static<typeof FilterSchema>;

export const SiteSchema = Type.Object(
  {
    latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
    longitudeDeg: Type.Number({ minimum: -180, maximum: 180, description: 'east positive' }),
    altitudeM: Type.Number({ minimum: -500, maximum: 9000 }),
    horizonDeg: Type.Number({ minimum: 0, maximum: 89, description: 'lowest altitude the telescope points at' }),
    maxSunAltitudeDeg: Type.Optional(
      Type.Number({ minimum: -90, maximum: 90, default: -12, description: 'night: the Sun below this' }),
    ),
    minMoonDistanceDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 180, default: 0 })),
  },
  { title: 'Site', additionalProperties: false },
);
export type Site = Static<typeof SiteSchema>;

export const ChannelRequest = Type.Object(
  {
    type: Type.Union([Type.Literal('email'), Type.Literal('webhook')]),
    address: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'email: where to' })),
    url: Type.Optional(
      Type.String({
        format: 'uri',
        maxLength: 2000,
        description:
          'webhook: http(s) URL of a public address (loopback, private, link-local, CGNAT... refused with 422 unless the service allows them)',
      }),
    ),
    secret: Type.Optional(
      Type.String({
        minLength: 16,
        maxLength: 256,
        description: 'webhook: HMAC-SHA256 key of X-SVOM-Signature; generated (and shown once) when left out',
      }),
    ),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('slack')], {
        description:
          'webhook: json (the default: every notice, for machines) or slack (Slack/Mattermost {text, blocks})',
      }),
    ),
  },
  { title: 'ChannelRequest', additionalProperties: false },
);

/** COLIBRI's webhook on MXT positions observable from San Pedro Mártir within 6 h. */
const requestExample = {
  name: 'COLIBRI: MXT positions observable from San Pedro Mártir',
  filter: { types: ['mxt'], observableWithinHours: 6 },
  site: {
    latitudeDeg: 31.0442,
    longitudeDeg: -115.4636,
    altitudeM: 2790,
    horizonDeg: 20,
    maxSunAltitudeDeg: -12,
    minMoonDistanceDeg: 15,
  },
  channel: { type: 'webhook', url: 'https://colibri.lam.fr/hooks/svom', format: 'json' },
  ownerEmail: 'colibri@lam.fr',
};
/** The same, as stored: the filter's defaults filled in. */
export const subscriptionExample = {
  id: 'sub_9nUWteBLKX4lhXJe',
  name: requestExample.name,
  owner: 'jdoe',
  status: 'active',
  pausedReason: null,
  filter: { includeTest: false, includeRetractions: true, ...requestExample.filter },
  site: requestExample.site,
  channel: requestExample.channel,
  ownerEmail: requestExample.ownerEmail,
  failingSince: null,
  createdAt: '2026-01-12T09:41:27.118Z',
  updatedAt: '2026-01-12T09:41:27.118Z',
};

const SubscriptionName = Type.String({ minLength: 1, maxLength: 200 });
const OwnerEmail = Type.String({
  format: 'email',
  maxLength: 254,
  description: 'webhook: who is told when it is paused after 24 h of failures',
});

export const SubscriptionRequest = Type.Object(
  {
    name: SubscriptionName,
    filter: Type.Optional(FilterSchema),
    site: Type.Optional(SiteSchema),
    channel: ChannelRequest,
    ownerEmail: Type.Optional(OwnerEmail),
  },
  { title: 'SubscriptionRequest', additionalProperties: false, examples: [requestExample] },
);
export type SubscriptionRequest = Static<typeof SubscriptionRequest>;

/**
 * A schema without its defaults, for where it is one branch of an `anyOf` (a nullable field):
 * Ajv applies no default there and refuses the schema for saying one. Who reads what such a
 * field gave fills the defaults in (`Value.Default` with the original schema).
 */
function withoutDefaults<T extends object>(schema: T, title: string): T {
  return { ...JSON.parse(JSON.stringify(schema, (key, value) => (key === 'default' ? undefined : value))), title };
}

/** A change: what it names replaces what the subscription has; the rest stays. */
export const SubscriptionChange = Type.Object(
  {
    name: Type.Optional(SubscriptionName),
    filter: Type.Optional(FilterSchema),
    site: Type.Optional(Nullable(withoutDefaults(SiteSchema, 'SiteChange'))),
    channel: Type.Optional(
      Type.Partial(Type.Omit(ChannelRequest, ['type']), {
        title: 'ChannelChange',
        additionalProperties: false,
        description:
          'the fields of the channel to change; its type stays. A new email address waits for its confirmation again',
      }),
    ),
    ownerEmail: Type.Optional(Nullable(OwnerEmail)),
  },
  {
    title: 'SubscriptionChange',
    additionalProperties: false,
    minProperties: 1,
    description:
      'Each field given replaces the whole of that field (a filter replaces the filter); null removes the site or owner email.',
    examples: [{ filter: { types: ['mxt', 'vt'] }, site: null }],
  },
);
export type SubscriptionChange = Static<typeof SubscriptionChange>;

export const ChannelSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('email'), Type.Literal('webhook')]),
    address: Type.Optional(Type.String()),
    url: Type.Optional(Type.String()),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('slack')])),
  },
  { title: 'Channel' },
);
export type Channel = Static<typeof ChannelSchema>;

export const Status = Type.Union([
  Type.Literal('pending-confirmation'),
  Type.Literal('active'),
  Type.Literal('paused'),
]);

export const SubscriptionSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    owner: Type.String(),
    status: Status,
    pausedReason: Nullable(Type.String()),
    filter: FilterSchema,
    site: Nullable(SiteSchema),
    channel: ChannelSchema,
    ownerEmail: Nullable(Type.String()),
    failingSince: Nullable(DateTime),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { title: 'Subscription', examples: [subscriptionExample] },
);
export type Subscription = Static<typeof SubscriptionSchema>;

export const CreatedSubscription = Type.Object(
  {
    ...SubscriptionSchema.properties,
    secret: Type.Optional(Type.String({ description: 'the webhook secret, shown once when it was generated' })),
  },
  {
    title: 'CreatedSubscription',
    examples: [{ ...subscriptionExample, secret: 'ac9562d1cb3099acd5171a27488490010d64b4760938fa136350a9cb4ef6ced4' }],
  },
);

export const SubscriptionList = Type.Object(
  { subscriptions: Type.Array(SubscriptionSchema) },
  { title: 'SubscriptionList', examples: [{ subscriptions: [subscriptionExample] }] },
);
export const SubscriptionIdParam = Type.Object({ id: Type.String({ pattern: '^sub_[A-Za-z0-9_-]{1,64}$' }) });
export const TokenQuery = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });
export const ListQuery = Type.Object({
  owner: Type.Optional(Type.String({ maxLength: 200, description: 'operators: one person only' })),
});

/** A test delivery (what POST …/test answers), then the notice before it, newest first. */
const deliveryExamples = [
  {
    id: 5120,
    eventKey: 'test:75fb828a-47b2-46d8-aec2-45a2caa95dd1',
    kind: 'test',
    burstId: null,
    retraction: false,
    status: 'delivered',
    collapsedInto: null,
    attempts: 1,
    dueAt: '2026-01-15T14:30:02.004Z',
    lastAttemptAt: '2026-01-15T14:30:02.031Z',
    lastHttpStatus: 204,
    lastError: null,
    deliveredAt: '2026-01-15T14:30:02.187Z',
    createdAt: '2026-01-15T14:30:02.004Z',
  },
  {
    id: 5117,
    eventKey: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
    kind: 'notice',
    burstId: 'sb26011501',
    retraction: false,
    status: 'delivered',
    collapsedInto: null,
    attempts: 2,
    dueAt: '2026-01-15T14:09:03.270Z',
    lastAttemptAt: '2026-01-15T14:09:13.402Z',
    lastHttpStatus: 200,
    lastError: null,
    deliveredAt: '2026-01-15T14:09:13.655Z',
    createdAt: '2026-01-15T14:09:03.270Z',
  },
];

export const DeliverySchema = Type.Object(
  {
    id: Type.Integer(),
    eventKey: Type.String(),
    kind: Type.String(),
    burstId: Nullable(Type.String()),
    retraction: Type.Boolean(),
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('delivered'),
      Type.Literal('failed'),
      Type.Literal('collapsed'),
    ]),
    collapsedInto: Nullable(Type.Integer()),
    attempts: Type.Integer(),
    dueAt: DateTime,
    lastAttemptAt: Nullable(DateTime),
    lastHttpStatus: Nullable(Type.Integer()),
    lastError: Nullable(Type.String()),
    deliveredAt: Nullable(DateTime),
    createdAt: DateTime,
  },
  { title: 'Delivery', examples: [deliveryExamples[0]] },
);
export const DeliveryList = Type.Object(
  { deliveries: Type.Array(DeliverySchema) },
  { title: 'DeliveryList', examples: [{ deliveries: deliveryExamples }] },
);
export const DeliveryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
