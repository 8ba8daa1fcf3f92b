import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { badLinkToken, unknownSubscription } from '../schemas/problems.schema.js';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { NotifyErrors } from '../errors.js';
import type { NotifyRuntime } from '../runtime.js';
import { SubscriptionIdParam, TokenQuery } from '../schemas/subscription.schema.js';
import { checkLinkToken, type LinkPurpose } from '../subscriptions/links.js';
import { getSubscription, setStatus } from '../db/subscription.repository.js';

/** What a link answers; each route shows its own example (an email subscription's). */
const answer = (status: string, message: string) =>
  Type.Object(
    { id: Type.String(), status: Type.String(), message: Type.String() },
    { title: 'LinkAnswer', examples: [{ id: 'sub_Xq3vR0mJt8LwPz2a', status, message }] },
  );

/**
 * The links of the emails, opened without a login (the token in the link is the proof):
 * confirm an address, and unsubscribe in one click (RFC 8058: a GET shows, only a POST acts,
 * so a mail scanner following links unsubscribes nobody).
 */
export async function linksRoute(app: FastifyInstance, runtime: NotifyRuntime): Promise<void> {
  // RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click` as a form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const checked = async (id: string, token: string, purpose: LinkPurpose) => {
    // Found first: a confirmation's token signs the address the subscription has now.
    const found = await getSubscription(runtime.db, id);
    if (!found) throw new NotifyErrors.UnknownSubscription(id);
    if (!checkLinkToken(runtime.linkKey, purpose, found, token)) throw new NotifyErrors.BadToken(id);
    return found;
  };

  r.get(
    '/v1/subscriptions/:id/confirm',
    {
      schema: {
        tags: ['links'],
        summary: 'Confirm an email address (the link of the confirmation mail)',
        params: SubscriptionIdParam,
        querystring: TokenQuery,
        response: {
          200: answer('active', 'confirmed: notices will be sent to this address'),
          ...badLinkToken,
          ...unknownSubscription,
        },
      },
    },
    async (request) => {
      const found = await checked(request.params.id, request.query.token, 'confirm');
      const changed = await setStatus(runtime.db, found.id, 'active', null, ['pending-confirmation']);
      return {
        id: found.id,
        status: changed?.status ?? found.status,
        message: changed ? 'confirmed: notices will be sent to this address' : 'already confirmed',
      };
    },
  );

  r.get(
    '/v1/subscriptions/:id/unsubscribe',
    {
      schema: {
        tags: ['links'],
        summary: 'What the unsubscribe link shows: nothing changes until it is POSTed',
        params: SubscriptionIdParam,
        querystring: TokenQuery,
        response: {
          200: answer('active', 'POST to this same URL to stop "GRB alerts, Nice" (one click, RFC 8058)'),
          ...badLinkToken,
          ...unknownSubscription,
        },
      },
    },
    async (request) => {
      const found = await checked(request.params.id, request.query.token, 'unsubscribe');
      return {
        id: found.id,
        status: found.status,
        message: `POST to this same URL to stop "${found.name}" (one click, RFC 8058)`,
      };
    },
  );

  r.post(
    '/v1/subscriptions/:id/unsubscribe',
    {
      schema: {
        tags: ['links'],
        summary: 'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post): the subscription is paused',
        params: SubscriptionIdParam,
        querystring: TokenQuery,
        response: {
          200: answer('paused', 'unsubscribed: nothing more will be sent'),
          ...badLinkToken,
          ...unknownSubscription,
        },
      },
    },
    async (request) => {
      const found = await checked(request.params.id, request.query.token, 'unsubscribe');
      const changed = await setStatus(runtime.db, found.id, 'paused', 'unsubscribed by the link of an email');
      request.log.info({ subscription: found.id }, 'unsubscribed by link');
      return { id: found.id, status: changed!.status, message: 'unsubscribed: nothing more will be sent' };
    },
  );
}
