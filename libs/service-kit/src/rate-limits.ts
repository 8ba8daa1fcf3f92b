/**
 * Route rate limits, per client and minute, by what a request costs. Routes opt in with
 * `config: perMinute(RATE_LIMITS.admin)`; the kit's rate-limit plugin counts them.
 */
export const RATE_LIMITS = {
  /** Seconds of CPU per request: computing a plan, loading a TLE. */
  expensive: 30,
  /** Administration by operators: stations, facilities and their tokens. */
  admin: 60,
  /** What facilities send: reports, request transitions. */
  facility: 120,
  /** Observation requests submitted and reviewed. */
  submissions: 600,
} as const;

/** A route's `config` limiting it to `max` requests per client and minute. */
export function perMinute(max: number): { rateLimit: { max: number; timeWindow: string } } {
  return { rateLimit: { max, timeWindow: '1 minute' } };
}
