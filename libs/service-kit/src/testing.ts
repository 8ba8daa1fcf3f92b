// Helpers the services' test suites share (`@svom/service-kit/testing`); never used at run time.
import type { Static, TObject, TProperties } from 'typebox';
import { loadConfig } from './config.js';
import { mintPersonToken, type Role } from './identity.js';

/** The JWT secret the test suites sign with (never one of a real deployment). */
export const TEST_JWT_SECRET = 'test-secret-'.padEnd(40, 'x');

/** An `Authorization` header with a person token of these roles. */
export function bearer(name: string, roles: Role[], secret = TEST_JWT_SECRET): { authorization: string } {
  return { authorization: `Bearer ${mintPersonToken(secret, name, roles)}` };
}

/**
 * A service's settings as its config schema's defaults make them, with a test's changes: tests
 * and benches name only what they change, never retype a default.
 */
export function settingsWith<P extends TProperties>(
  properties: P,
  changes: Partial<Static<TObject<P>>> = {},
): ReturnType<typeof loadConfig<P>> {
  return { ...loadConfig(properties, {}), ...changes } as ReturnType<typeof loadConfig<P>>;
}

/** Polls `check` until it gives a truthy value; fails naming `what` after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export { startTestInfra } from './test-infra.js';
export type { TestInfra } from './test-infra.js';
export { startPrivateNatsServer } from './private-nats-server.js';
export type { PrivateNatsServer, PrivateNatsServerOptions } from './private-nats-server.js';
export { startCuttableLink } from './cuttable-link.js';
export type { CuttableLink } from './cuttable-link.js';
