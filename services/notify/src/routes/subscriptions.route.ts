import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { kitProblem, problems, problemsWith, problemWith } from '@svom/service-kit';
import {
  alarmsForOperators,
  badRequest,
  foreignSubscription,
  foreignSubscriptionProblem,
  unknownSubscription,
  webhookTargetRefused,
} from '../schemas/problems.schema.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { checkWebhookUrl } from '../delivery/webhook-target.js';
import { NotifyErrors, withField } from '../errors.js';
import type { NotifyRuntime } from '../runtime.js';
import {
  CreatedSubscription,
  DeliveryList,
  DeliverySchema,
  DeliveryQuery,
  ListQuery,
  SubscriptionIdParam,
  SubscriptionList,
  SubscriptionChange,
  SubscriptionRequest,
  SubscriptionSchema,
} from '../schemas/subscription.schema.js';
import { enqueueDelivery, listDeliveries } from '../db/delivery.repository.js';
import {
  deleteSubscription,
  getSubscription,
  insertSubscription,
  listSubscriptions,
  newSubscriptionId,
  publicView,
  setStatus,
  type StoredSubscription,
} from '../db/subscription.repository.js';
import { applyChange, saveChange } from '../subscriptions/subscription-change.js';
import { checkSubscriptionRequest } from '../subscriptions/subscription-request.js';
import { sendTest } from '../subscriptions/test-notice.js';

const isOperator = (request: FastifyRequest) => request.user.roles.includes('operator');

/** Paused, resumed or tested before its address is confirmed. */
const notConfirmed = problemWith(
  409,
  'NOTIFY_NOT_CONFIRMED',
  'subscription sub_9nUWteBLKX4lhXJe waits for its address to be confirmed (the link in the confirmation email)',
);

/** Subscriptions of people: each sees and edits only their own; operators see all. */
export async function subscriptionsRoute(app: FastifyInstance, runtime: NotifyRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const person = app.requireRole('operator', 'burst-advocate', 'scientist');
  const security = [{ personJwt: [] }];

  /** The subscription, if the caller may see it. */
  const own = async (request: FastifyRequest, id: string): Promise<StoredSubscription> => {
    const found = await getSubscription(runtime.db, id);
    if (!found) throw new NotifyErrors.UnknownSubscription(id);
    if (found.owner !== request.user.sub && !isOperator(request)) throw new NotifyErrors.ForeignSubscription(id);
    return found;
  };

  r.post(
    '/v1/subscriptions',
    {
      onRequest: person,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['subscriptions'],
        summary: 'Subscribe to notices by email (confirmed by a link first) or webhook',
        description:
          'A webhook URL must reach a public address: one whose host is, or resolves to, a loopback, private (RFC 1918, fc00::/7), link-local (169.254/16, fe80::/10), carrier-grade NAT (100.64/10), unspecified, multicast or reserved address (or an IPv4-mapped form of one) is refused with 422 `NOTIFY_WEBHOOK_TARGET_REFUSED`, field `/body/channel/url`, unless the service allows private targets (`WEBHOOK_ALLOW_PRIVATE`, the default outside production) or that network (`WEBHOOK_ALLOWED_CIDRS`). Each delivery checks again the address it connects to (DNS may have changed); a refused one is recorded as failed, not retried.',
        security,
        body: SubscriptionRequest,
        response: {
          201: CreatedSubscription,
          ...problemsWith(400, ...badRequest),
          ...problems(401),
          ...problemsWith(403, kitProblem(403), alarmsForOperators),
          ...webhookTargetRefused,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const checked = checkSubscriptionRequest(body, isOperator(request));
      const email = checked.channel.type === 'email';
      if (!email) {
        const refused = await checkWebhookUrl(checked.channel.url!, runtime.webhookPolicy);
        if (refused) throw withField(new NotifyErrors.WebhookTargetRefused(refused), '/body/channel/url');
      }
      const generated = !email && !body.channel.secret ? randomBytes(32).toString('hex') : undefined;
      const created = await insertSubscription(runtime.db, {
        id: newSubscriptionId(),
        owner: request.user.sub,
        ownerIsOperator: isOperator(request),
        name: body.name,
        filter: checked.filter,
        site: body.site ?? null,
        channel: checked.channel,
        webhookSecret: email ? null : (body.channel.secret ?? generated!),
        ownerEmail: email ? checked.channel.address! : (body.ownerEmail ?? null),
        status: email ? 'pending-confirmation' : 'active',
      });
      if (email) {
        await enqueueDelivery(runtime.db, {
          subscriptionId: created.id,
          eventKey: 'confirm:1',
          kind: 'confirmation',
          content: {},
        });
        runtime.worker.poke();
      }
      request.log.info({ subscription: created.id, channel: created.channel.type }, 'subscription made');
      return reply.code(201).send({ ...publicView(created), ...(generated ? { secret: generated } : {}) });
    },
  );

  r.get(
    '/v1/subscriptions',
    {
      onRequest: person,
      schema: {
        tags: ['subscriptions'],
        summary: "Your subscriptions (an operator's: everyone's, or one person's with ?owner=)",
        security,
        querystring: ListQuery,
        response: { 200: SubscriptionList, ...problems(401, 403) },
      },
    },
    async (request) => {
      const owner = isOperator(request) ? request.query.owner : request.user.sub;
      return { subscriptions: (await listSubscriptions(runtime.db, { owner })).map(publicView) };
    },
  );

  r.get(
    '/v1/subscriptions/:id',
    {
      onRequest: person,
      schema: {
        tags: ['subscriptions'],
        summary: 'One subscription',
        security,
        params: SubscriptionIdParam,
        response: { 200: SubscriptionSchema, ...problems(401), ...foreignSubscription, ...unknownSubscription },
      },
    },
    async (request) => publicView(await own(request, request.params.id)),
  );

  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    r.post(
      `/v1/subscriptions/:id/${action}`,
      {
        onRequest: person,
        schema: {
          tags: ['subscriptions'],
          summary: action === 'pause' ? 'Stop sending until resumed' : 'Send again (clears a pause after failures)',
          security,
          params: SubscriptionIdParam,
          response: {
            200: SubscriptionSchema,
            ...problems(401),
            ...foreignSubscription,
            ...unknownSubscription,
            ...notConfirmed,
          },
        },
      },
      async (request) => {
        const found = await own(request, request.params.id);
        if (found.status === 'pending-confirmation') throw new NotifyErrors.NotConfirmed(found.id);
        const changed = await setStatus(
          runtime.db,
          found.id,
          status,
          status === 'paused' ? `paused by ${request.user.sub}` : null,
        );
        return publicView(changed!);
      },
    );
  }

  r.patch(
    '/v1/subscriptions/:id',
    {
      onRequest: person,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['subscriptions'],
        summary: 'Change a subscription: its name, filter, site, owner email or channel fields',
        description:
          'What the body names replaces what the subscription has (a filter replaces the whole filter; `null` removes the site or owner email); the result is checked as a new subscription is, with the same problems and fields. A new webhook URL is checked against the same policy and forgets past failures; a new email address waits for its confirmation again (a link mailed to it; links mailed to the old address no longer confirm). The channel type cannot change: delete and add again.',
        security,
        params: SubscriptionIdParam,
        body: SubscriptionChange,
        response: {
          200: SubscriptionSchema,
          ...problemsWith(400, ...badRequest),
          ...problems(401),
          ...problemsWith(403, kitProblem(403), alarmsForOperators, foreignSubscriptionProblem),
          ...unknownSubscription,
          ...webhookTargetRefused,
        },
      },
    },
    async (request) => {
      const found = await own(request, request.params.id);
      const next = applyChange(found, request.body);
      if (next.urlChanged) {
        const refused = await checkWebhookUrl(next.channel.url!, runtime.webhookPolicy);
        if (refused) throw withField(new NotifyErrors.WebhookTargetRefused(refused), '/body/channel/url');
      }
      const changed = await saveChange(runtime.db, found.id, next);
      // Deleted meanwhile.
      if (!changed) throw new NotifyErrors.UnknownSubscription(found.id);
      if (next.addressChanged) runtime.worker.poke();
      request.log.info(
        { subscription: found.id, fields: Object.keys(request.body), addressChanged: next.addressChanged },
        'subscription changed',
      );
      return publicView(changed);
    },
  );

  r.delete(
    '/v1/subscriptions/:id',
    {
      onRequest: person,
      schema: {
        tags: ['subscriptions'],
        summary: 'Delete a subscription and its delivery history',
        security,
        params: SubscriptionIdParam,
        response: { 204: Type.Null(), ...problems(401), ...foreignSubscription, ...unknownSubscription },
      },
    },
    async (request, reply) => {
      const found = await own(request, request.params.id);
      await deleteSubscription(runtime.db, found.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/subscriptions/:id/test',
    {
      onRequest: person,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['subscriptions'],
        summary: 'Send a clearly marked test notice now; answers with its delivery once it is done',
        security,
        params: SubscriptionIdParam,
        response: {
          200: DeliverySchema,
          ...problems(401),
          ...foreignSubscription,
          ...unknownSubscription,
          ...notConfirmed,
        },
      },
    },
    async (request) => {
      const found = await own(request, request.params.id);
      if (found.status === 'pending-confirmation') throw new NotifyErrors.NotConfirmed(found.id);
      return sendTest(runtime, found);
    },
  );

  r.get(
    '/v1/subscriptions/:id/deliveries',
    {
      onRequest: person,
      schema: {
        tags: ['subscriptions'],
        summary: 'What was sent, newest first: notices, tests, alarms, with each outcome',
        security,
        params: SubscriptionIdParam,
        querystring: DeliveryQuery,
        response: { 200: DeliveryList, ...problems(401), ...foreignSubscription, ...unknownSubscription },
      },
    },
    async (request) => {
      const found = await own(request, request.params.id);
      return { deliveries: await listDeliveries(runtime.db, found.id, request.query.limit ?? 100) };
    },
  );
}
