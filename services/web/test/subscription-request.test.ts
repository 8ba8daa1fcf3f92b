import { describe, expect, test } from 'vitest';
import {
  formValuesOf,
  inputForField,
  subscriptionChange,
  subscriptionRequest,
  type SubscriptionFormValues,
} from '../src/client/subscription-request.js';
import type { Subscription } from '../src/client/types.js';

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

describe('the subscription form → PATCH /v1/subscriptions/{id}', () => {
  const stored: Subscription = {
    id: 'sub_9nUWteBLKX4lhXJe',
    name: 'COLIBRI',
    owner: 'jdoe',
    status: 'active',
    pausedReason: null,
    filter: { types: ['mxt', 'vt'], minSnr: 7, includeTest: false, includeRetractions: true, alarms: false },
    site: {
      latitudeDeg: 31.0442,
      longitudeDeg: -115.4636,
      altitudeM: 2790,
      horizonDeg: 20,
      maxSunAltitudeDeg: -15,
      minMoonDistanceDeg: 10,
    },
    channel: { type: 'webhook', url: 'https://colibri.example/hooks/svom', format: 'slack' },
    ownerEmail: 'colibri@example.org',
    failingSince: null,
    createdAt: '2026-01-12T09:41:27.118Z',
    updatedAt: '2026-01-12T09:41:27.118Z',
  };

  test('the form filled from a subscription gives back the same subscription, the site limits it does not show kept', () => {
    const values = formValuesOf(stored);
    expect(values).toMatchObject({
      types: 'mxt, vt',
      minSnr: '7',
      latitudeDeg: '31.0442',
      format: 'slack',
      secret: '',
    });
    expect(subscriptionChange(values, stored)).toEqual({
      name: 'COLIBRI',
      filter: { types: ['mxt', 'vt'], minSnr: 7, includeTest: false, includeRetractions: true },
      site: stored.site,
      channel: { url: 'https://colibri.example/hooks/svom', format: 'slack' },
      ownerEmail: 'colibri@example.org',
    });
  });

  test('emptied: the site and owner email are removed (null); a secret typed replaces it; an email channel sends its address only', () => {
    const emptied = {
      ...formValuesOf(stored),
      latitudeDeg: '',
      longitudeDeg: '',
      altitudeM: '',
      horizonDeg: '',
      ownerEmail: '',
      secret: 'a-new-secret-of-sixteen-or-more',
    };
    expect(subscriptionChange(emptied, stored)).toMatchObject({
      site: null,
      ownerEmail: null,
      channel: { url: stored.channel.url, format: 'slack', secret: 'a-new-secret-of-sixteen-or-more' },
    });
    const mail: Subscription = {
      ...stored,
      site: null,
      ownerEmail: 'me@example.org',
      channel: { type: 'email', address: 'me@example.org' },
    };
    const change = subscriptionChange({ ...formValuesOf(mail), address: 'desk@example.org' }, mail);
    expect(change.channel).toEqual({ address: 'desk@example.org' });
    expect(change).not.toHaveProperty('ownerEmail');
    expect(change.site).toBeUndefined();
  });
});
