import type { notify } from '@svom/rest-api-types';
import { CliError, EXIT, usageError } from '../common/exit-codes.js';
import type { HttpReply, JsonClient } from '../common/https-client.js';
import { type FieldNamer, refusal, TOKEN_HINT } from './notify-problem.js';

// The notify service's bodies, as its OpenAPI document gives them (types only: the standalone
// package carries no code of the services).
type NotifySchemas = notify.components['schemas'];
/** A subscription as notify answers it. */
export type Subscription = NotifySchemas['Subscription'];
/** What POST /v1/subscriptions answers: the subscription, and a generated webhook secret once. */
export type CreatedSubscription = NotifySchemas['CreatedSubscription'];
export type SubscriptionRequest = NotifySchemas['SubscriptionRequest'];
export type SubscriptionChange = NotifySchemas['SubscriptionChange'];
export type SubscriptionFilter = NotifySchemas['Filter'];
export type Site = NotifySchemas['Site'];
/** One message sent (or being sent) for a subscription: a notice, a test, an alarm. */
export type Delivery = NotifySchemas['Delivery'];

/** The person's token: --token, else SVOM_TOKEN (which a profile fills). */
export function personToken(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const token = option || env.SVOM_TOKEN;
  if (!token) throw usageError(`the notify service needs to know who you are: ${TOKEN_HINT}`);
  return token;
}

/**
 * The subscription routes of notify (services/notify/README.md), as one person: every call
 * carries their token, and every refusal becomes a one-line {@link CliError} naming the option
 * (through `nameField`) that set the failing field.
 */
export function notifyApi(client: JsonClient, token: string) {
  const path = (id: string, action = '') => `/v1/subscriptions/${encodeURIComponent(id)}${action}`;
  const call = async (
    what: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    ok: number,
    body?: unknown,
    nameField?: FieldNamer,
  ): Promise<HttpReply> => {
    const reply = await client.request(method, url, { token, body });
    if (reply.status === ok) return reply;
    if (reply.status === 404 && isNoRoute(reply))
      throw new CliError(
        `${what}: ${client.baseUrl} has no ${url.split('?')[0]}: is it the notify service? (--url, SVOM_NOTIFY_URL)`,
        EXIT.INVALID,
      );
    throw refusal(what, reply, nameField);
  };

  return {
    async list(owner?: string): Promise<Subscription[]> {
      const query = owner === undefined ? '' : `?${new URLSearchParams({ owner })}`;
      const reply = await call('listing subscriptions', 'GET', `/v1/subscriptions${query}`, 200);
      return reply.json<NotifySchemas['SubscriptionList']>().subscriptions;
    },
    async get(id: string): Promise<Subscription> {
      return (await call(`reading ${id}`, 'GET', path(id), 200)).json<Subscription>();
    },
    async create(body: SubscriptionRequest | object, nameField: FieldNamer): Promise<CreatedSubscription> {
      const reply = await call('adding the subscription', 'POST', '/v1/subscriptions', 201, body, nameField);
      return reply.json<CreatedSubscription>();
    },
    async change(id: string, body: SubscriptionChange | object, nameField: FieldNamer): Promise<Subscription> {
      return (await call(`changing ${id}`, 'PATCH', path(id), 200, body, nameField)).json<Subscription>();
    },
    async setPaused(id: string, paused: boolean): Promise<Subscription> {
      const action = paused ? 'pause' : 'resume';
      const what = `${paused ? 'pausing' : 'resuming'} ${id}`;
      return (await call(what, 'POST', path(id, `/${action}`), 200)).json<Subscription>();
    },
    /** Sends a test notice; notify answers once it was attempted (or its send timed out). */
    async test(id: string): Promise<Delivery> {
      return (await call(`testing ${id}`, 'POST', path(id, '/test'), 200)).json<Delivery>();
    },
    async deliveries(id: string, limit: number): Promise<Delivery[]> {
      const reply = await call(`reading the deliveries of ${id}`, 'GET', path(id, `/deliveries?limit=${limit}`), 200);
      return reply.json<NotifySchemas['DeliveryList']>().deliveries;
    },
    async remove(id: string): Promise<void> {
      await call(`deleting ${id}`, 'DELETE', path(id), 204);
    },
  };
}

export type NotifyApi = ReturnType<typeof notifyApi>;

/** A 404 from the router rather than from a route: the URL is not notify's. */
function isNoRoute(reply: HttpReply): boolean {
  try {
    return reply.json<{ code?: string }>().code === 'FSC_NOT_FOUND';
  } catch {
    return true;
  }
}
