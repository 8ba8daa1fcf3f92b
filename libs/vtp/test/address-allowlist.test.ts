import { describe, expect, it } from 'vitest';
import { VtpConfigError, backoffDelayMs, createAddressAllowlist } from '../src/index.js';

describe('createAddressAllowlist', () => {
  it('admits loopback only when empty (the FSC default)', () => {
    const allowed = createAddressAllowlist([]);
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].map(allowed)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '192.168.1.1', '2001:db8::1', undefined].map(allowed)).toEqual([false, false, false, false]);
  });

  it('matches addresses and CIDRs of both families, including v4-mapped peers', () => {
    const allowed = createAddressAllowlist(['192.0.2.7', '198.51.100.0/24', '2001:db8::/32']);
    expect(allowed('192.0.2.7')).toBe(true);
    expect(allowed('192.0.2.8')).toBe(false);
    expect(allowed('::ffff:198.51.100.200')).toBe(true);
    expect(allowed('198.51.101.1')).toBe(false);
    expect(allowed('2001:db8:ffff::1')).toBe(true);
    expect(allowed('2001:db9::1')).toBe(false);
    expect(allowed('127.0.0.1')).toBe(false); // a non-empty list replaces the loopback default
  });

  it('rejects entries that are not IPs or CIDRs', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.0/x', '::/129', '1.2.3.4/8/1']) {
      expect(() => createAddressAllowlist([bad]), bad).toThrow(VtpConfigError);
    }
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the initial delay up to the cap, with equal jitter', () => {
    const opts = { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelayMs(n, opts, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelayMs(n, opts, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
  });
});
