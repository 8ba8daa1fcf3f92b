import { NotifyErrors, withField } from '../errors.js';
import type { Channel, SubscriptionFilter, SubscriptionRequest } from '../schemas/subscription.schema.js';

/**
 * What the schema cannot say about a subscription request: which channel fields go together,
 * what needs a site, what needs the operator role. Errors name the failing field.
 */
export function checkSubscriptionRequest(
  body: SubscriptionRequest,
  operator: boolean,
): { channel: Channel; filter: SubscriptionFilter } {
  const c = body.channel;
  let channel: Channel;
  if (c.type === 'email') {
    if (!c.address)
      throw withField(new NotifyErrors.BadChannel('an email channel needs an address'), '/body/channel/address');
    for (const field of ['url', 'secret', 'format'] as const)
      if (c[field] !== undefined)
        throw withField(new NotifyErrors.BadChannel(`an email channel has no ${field}`), `/body/channel/${field}`);
    channel = { type: 'email', address: c.address };
  } else {
    if (!c.url) throw withField(new NotifyErrors.BadChannel('a webhook channel needs a url'), '/body/channel/url');
    const protocol = URL.canParse(c.url) ? new URL(c.url).protocol : '';
    if (protocol !== 'https:' && protocol !== 'http:')
      throw withField(new NotifyErrors.BadChannel('a webhook url is http(s)://...'), '/body/channel/url');
    if (c.address !== undefined)
      throw withField(new NotifyErrors.BadChannel('a webhook channel has no address'), '/body/channel/address');
    channel = { type: 'webhook', url: c.url, format: c.format ?? 'json' };
  }
  const filter: SubscriptionFilter = { includeTest: false, includeRetractions: true, ...body.filter };
  if (filter.observableWithinHours !== undefined && !body.site)
    throw withField(
      new NotifyErrors.BadFilter('observableWithinHours needs a site to compute windows from'),
      '/body/filter/observableWithinHours',
    );
  if (filter.alarms && !operator) throw withField(new NotifyErrors.AlarmsForOperators(), '/body/filter/alarms');
  return { channel, filter };
}
