import { describe, expect, test } from 'vitest';
import { inputForField, subscriptionRequest, type SubscriptionFormValues } from '../src/client/subscription-request.js';

const blank: SubscriptionFormValues = {
  name: '',
  types: '',
  instruments: [],
  minSnr: '',
  raDeg: '',
  decDeg: '',
  radiusDeg: '',
  includeTest: false,
  includeRetractions: true,
  observableWithinHours: '',
  alarms: false,
  latitudeDeg: '',
  longitudeDeg: '',
  altitudeM: '',
  horizonDeg: '',
  channelType: 'webhook',
  address: '',
  url: '',
  secret: '',
  format: 'json',
  ownerEmail: '',
};

describe('the subscription form → POST /v1/subscriptions', () => {
  test("the issue's request, typed into the form", () => {
    expect(
      subscriptionRequest({
        ...blank,
        name: ' MXT positions for TAROT ',
        types: 'mxt',
        instruments: ['MXT'],
        minSnr: '7',
        raDeg: '120',
        decDeg: '-30',
        radiusDeg: '10',
        latitudeDeg: '43.75',
        longitudeDeg: '6.92',
        altitudeM: '1270',
        horizonDeg: '15',
        url: 'https://example.org/hook',
        secret: 'a-secret-of-sixteen-or-more',
      }),
    ).toEqual({
      name: 'MXT positions for TAROT',
      filter: {
        types: ['mxt'],
        instruments: ['MXT'],
        minSnr: 7,
        region: { raDeg: 120, decDeg: -30, radiusDeg: 10 },
        includeTest: false,
        includeRetractions: true,
      },
      site: { latitudeDeg: 43.75, longitudeDeg: 6.92, altitudeM: 1270, horizonDeg: 15 },
      channel: {
        type: 'webhook',
        url: 'https://example.org/hook',
        secret: 'a-secret-of-sixteen-or-more',
        format: 'json',
      },
    });
  });

  test('blank groups are left out, half-filled ones sent as they are (notify names what is missing)', () => {
    const body = subscriptionRequest({
      ...blank,
      name: 'x',
      types: 'eclairs, 209  grm',
      raDeg: '10',
      altitudeM: '0',
      observableWithinHours: '6',
      channelType: 'email',
      address: ' me@example.org ',
      url: 'https://ignored.example/',
      ownerEmail: 'ignored@example.org',
    });
    expect(body).toEqual({
      name: 'x',
      filter: {
        types: ['eclairs', '209', 'grm'],
        region: { raDeg: 10 },
        observableWithinHours: 6,
        includeTest: false,
        includeRetractions: true,
      },
      site: { altitudeM: 0 },
      channel: { type: 'email', address: 'me@example.org' },
    });
    // Not a number: sent as typed, so notify's validation names /body/filter/minSnr.
    expect(subscriptionRequest({ ...blank, minSnr: 'high' }).filter.minSnr).toBe('high');
  });

  test("a problem's field finds its input, or the nearest one", () => {
    const inputs = [
      '/body/name',
      '/body/filter/types',
      '/body/channel/url',
      '/body/site/latitudeDeg',
      '/body/site/horizonDeg',
    ];
    expect(inputForField('/body/channel/url', inputs)).toBe('/body/channel/url');
    expect(inputForField('/body/filter/types/2', inputs)).toBe('/body/filter/types');
    expect(inputForField('/body/site', inputs)).toBe('/body/site/latitudeDeg');
    expect(inputForField('/body/channel', inputs)).toBe('/body/channel/url');
    expect(inputForField('/body/ownerEmail', inputs)).toBeUndefined();
    expect(inputForField(undefined, inputs)).toBeUndefined();
  });
});
