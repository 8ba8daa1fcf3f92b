import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { root } from './fsc-process.js';
import { startInProcessFsc, type InProcessFsc } from './in-process-fsc.js';
import { operationsOf, type Operation } from './openapi-inputs.js';
import { harvest, hostilePlans, poolNamesOf, send, validPlans, type Plan, type Sent } from './openapi-requests.js';

// Issue 15: a hostile-input test generated from the OpenAPI documents. Every operation of every
// service (openapi/*.json, kept current by `npm run openapi`), every parameter and body field:
// valid requests as each of its callers (so handlers run past their auth), then requests with
// one thing wrong (a wrong type, a boundary, 1 MB strings, lone surrogates, RTL, NUL, a raw
// body no encoder makes, bad credentials), drawn by fast-check from a printed seed. Against the
// real apps on the real PostgreSQL and NATS. Asserted: no 5xx, no request left unanswered, every
// 4xx a problem+json with its status and code, and every 400 naming the field at fault.
//
// Replay: OPENAPI_FUZZ_SEED=<seed> [OPENAPI_FUZZ_ONLY='<service> <METHOD> <path>'] npm run test:attack -- openapi-fuzz
const { OPENAPI_FUZZ_SEED, OPENAPI_FUZZ_VALID, OPENAPI_FUZZ_HOSTILE, OPENAPI_FUZZ_ONLY: ONLY } = process.env;
const SEED = Number(OPENAPI_FUZZ_SEED ?? 15_2026);
const VALID_RUNS = Number(OPENAPI_FUZZ_VALID ?? 12);
const HOSTILE_RUNS = Number(OPENAPI_FUZZ_HOSTILE ?? 40);

const documents = readdirSync(join(root, 'openapi'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    service: f.replace(/\.json$/, ''),
    document: JSON.parse(readFileSync(join(root, 'openapi', f), 'utf8')),
  }));
const operations = documents
  .flatMap(({ service, document }) => operationsOf(service, document))
  .filter((op) => !ONLY || `${op.service} ${op.method} ${op.path}` === ONLY);

/** Each operation's own seed, from the run's: adding an operation does not change the others' requests. */
const seedOf = (op: Operation, salt: string) =>
  createHash('sha256').update(`${SEED} ${salt} ${op.service} ${op.method} ${op.path}`).digest().readInt32LE(0);

interface Failure {
  operation: string;
  probe: string;
  why: string;
  sent: Omit<Sent, 'answer' | 'contentType'> & { answer: string };
}

/** Answers that stop a request before its route runs, whoever sends it. */
const BEFORE_ROUTING = new Set(['FSC_BAD_URL', 'FSC_URI_TOO_LONG']);

/**
 * What is wrong with an answer, if anything. A 503 is right where the operation documents it (a
 * dependency down: /ready, the XMPP gateway without its XMPP server); every other 5xx is a bug.
 */
function fault(op: Operation, plan: Plan, sent: Sent): string | undefined {
  if (sent.status >= 500 && !(sent.status === 503 && op.responses.includes('503'))) return `answered ${sent.status}`;
  // Without valid credentials nothing of the route runs: refused (401, or 403 where only another
  // kind of caller may come), rate-limited, or stopped by the router.
  if (
    op.security.length &&
    (plan.auth === 'none' || plan.auth === 'garbage') &&
    ![401, 403, 429].includes(sent.status)
  ) {
    const code = sent.status >= 400 ? (JSON.parse(sent.answer) as { code?: string }).code : undefined;
    if (!BEFORE_ROUTING.has(code ?? '')) return `answered ${sent.status} without valid credentials`;
  }
  if (sent.status < 400 || sent.status >= 500) return undefined;
  if (!sent.contentType.startsWith('application/problem+json'))
    return `a ${sent.status} of type ${sent.contentType || 'none'}, not application/problem+json`;
  let problem: { status?: unknown; code?: unknown; field?: unknown };
  try {
    problem = JSON.parse(sent.answer);
  } catch {
    return `a ${sent.status} whose problem+json does not parse`;
  }
  if (problem.status !== sent.status) return `a ${sent.status} whose problem says status ${String(problem.status)}`;
  if (typeof problem.code !== 'string') return `a ${sent.status} without a code`;
  if (sent.status === 400 && !(typeof problem.field === 'string' && problem.field.startsWith('/')))
    return `a 400 (${problem.code}) naming no field`;
  return undefined;
}

describe('every OpenAPI operation under hostile input (in-process apps, real PostgreSQL and NATS)', () => {
  let fsc: InProcessFsc;

  beforeAll(async () => {
    fsc = await startInProcessFsc();
  });
  afterAll(async () => fsc?.close());

  test(`${operations.length} operations, ${VALID_RUNS} valid and ${HOSTILE_RUNS} hostile requests each`, async () => {
    console.log(
      `openapi-fuzz: seed ${SEED}; replay with OPENAPI_FUZZ_SEED=${SEED} npm run test:attack -- openapi-fuzz` +
        ` (OPENAPI_FUZZ_ONLY='<service> <METHOD> <path>' for one operation)`,
    );
    const failures: Failure[] = [];
    const statuses = new Map<string, Map<number, number>>();
    // Operations no request got a 2xx from: their handlers ran only as far as their checks.
    const neverSucceeded = new Set(operations.map((op) => `${op.service} ${op.method} ${op.path}`));
    const started = Date.now();

    const runService = async (service: string) => {
      const app = fsc.apps.get(service);
      if (!app) throw new Error(`no app for ${service}`);
      const mine = operations.filter((op) => op.service === service);
      // Ids the service answers are reused as path parameters, so routes reach their rows.
      const pathNames = new Set(mine.flatMap((op) => poolNamesOf(op)));
      // Seeded with the callers' own ids: a station posts receptions of its own station.
      const pools = new Map<string, string[]>([
        ['stationId', ['FUZZ1']],
        ['facilityId', ['GWAC']],
      ]);
      const counts = new Map<number, number>();
      statuses.set(service, counts);
      // Writes before reads, so that reads find what the writes made.
      const ordered = [...mine].sort((a, b) => Number(a.method === 'GET') - Number(b.method === 'GET'));
      const plans = ordered.map((op) => ({
        op,
        valid: fc.sample(validPlans(op), { seed: seedOf(op, 'valid'), numRuns: VALID_RUNS }),
        hostile: fc.sample(hostilePlans(op), { seed: seedOf(op, 'hostile'), numRuns: HOSTILE_RUNS }),
      }));
      for (const kind of ['valid', 'hostile'] as const)
        for (const { op, ...byKind } of plans)
          for (const plan of byKind[kind] as Plan[]) {
            const name = `${op.service} ${op.method} ${op.path}`;
            let sent: Sent;
            try {
              sent = await send(app, op, plan, fsc, pools);
            } catch (error) {
              failures.push({
                operation: name,
                probe: plan.probe,
                why: (error as Error).message,
                sent: { method: op.method, url: op.path, auth: plan.auth, body: undefined, status: 0, answer: '' },
              });
              continue;
            }
            counts.set(sent.status, (counts.get(sent.status) ?? 0) + 1);
            if (sent.status < 300) neverSucceeded.delete(name);
            let why: string | undefined;
            try {
              why = fault(op, plan, sent);
            } catch (error) {
              why = `an answer that does not parse: ${(error as Error).message}`;
            }
            if (why)
              failures.push({
                operation: name,
                probe: plan.probe,
                why,
                sent: { ...sent, answer: sent.answer.slice(0, 400) },
              });
            if (sent.status < 300 && sent.contentType.includes('json')) {
              try {
                harvest(JSON.parse(sent.answer), pathNames, pools);
              } catch {
                // not JSON after all: nothing to reuse
              }
            }
          }
    };
    await Promise.all([...new Set(operations.map((op) => op.service))].map(runService));

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const [service, counts] of statuses) {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const by = [...counts].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.log(`openapi-fuzz ${service}: ${total} requests: ${by.join(' ')}`);
    }
    console.log(`openapi-fuzz: no 2xx from ${neverSucceeded.size} operations: ${[...neverSucceeded].join('; ')}`);
    console.log(`openapi-fuzz: ${failures.length} failures in ${seconds} s (seed ${SEED})`);
    // One example of each kind of failure, with what was sent.
    const seen = new Set<string>();
    for (const f of failures) {
      const kind = `${f.operation} ${f.why}`;
      if (seen.has(kind)) continue;
      seen.add(kind);
      console.log(JSON.stringify(f));
    }
    expect(
      failures.map((f) => `${f.operation} [${f.probe}]: ${f.why}`),
      `seed ${SEED}; the requests are printed above`,
    ).toEqual([]);
  }, 240_000);
});
