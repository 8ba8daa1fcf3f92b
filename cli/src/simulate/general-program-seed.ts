import { defaultOrbitLines } from '@svom/astro';
import type { scheduler } from '@svom/rest-api-types';
import { mintPersonToken } from '@svom/service-kit/identity';
import { createJsonClient, type HttpReply, problemText } from '../common/https-client.js';
import { CliError, EXIT } from '../common/exit-codes.js';

/**
 * Sky fields for the simulated general program: well-known targets spread over the sky, so
 * the plan shows real choices (Sun and Moon exclusion, slews, the SAA) rather than one point.
 */
const FIELDS: ReadonlyArray<{ title: string; raDeg: number; decDeg: number; exposureS: number }> = [
  { title: 'Crab nebula (calibration)', raDeg: 83.633, decDeg: 22.014, exposureS: 6_000 },
  { title: 'GRB 221009A afterglow monitoring', raDeg: 288.265, decDeg: 19.773, exposureS: 8_000 },
  { title: 'M31 novae survey', raDeg: 10.685, decDeg: 41.269, exposureS: 12_000 },
  { title: 'LMC X-ray binaries', raDeg: 80.894, decDeg: -69.756, exposureS: 10_000 },
  { title: 'Sgr A* flares', raDeg: 266.417, decDeg: -29.008, exposureS: 15_000 },
  { title: 'Cygnus X-1 state monitoring', raDeg: 299.59, decDeg: 35.202, exposureS: 6_000 },
  { title: 'Vela pulsar glitch watch', raDeg: 128.836, decDeg: -45.176, exposureS: 5_000 },
  { title: 'Coma cluster deep field', raDeg: 194.953, decDeg: 27.981, exposureS: 20_000 },
  { title: 'SMC transients', raDeg: 13.187, decDeg: -72.829, exposureS: 9_000 },
  { title: 'Cas A supernova remnant', raDeg: 350.85, decDeg: 58.815, exposureS: 7_000 },
  { title: 'Magnetar SGR 1935+2154', raDeg: 293.732, decDeg: 21.897, exposureS: 10_000 },
  { title: 'Chandra Deep Field South', raDeg: 53.123, decDeg: -27.806, exposureS: 25_000 },
];

const SUBMITTER = 'svom-simulate';

// The scheduler's bodies, as its OpenAPI document gives them (types only).
type SchedulerSchemas = scheduler.components['schemas'];

export interface GeneralProgramSeed {
  /** Requests submitted now (0 when a previous run already did). */
  submitted: number;
  planId: string;
}

/**
 * Gives the scheduler what `npm start -- --simulate` needs for a live General program page: a
 * TLE of the 630 km, 30° orbit with today's epoch, a dozen accepted GP requests and a ToO (once:
 * a second run finds them), and a plan of the next 24 hours.
 * @throws {CliError} naming the call the scheduler refused.
 */
export async function seedGeneralProgram(options: {
  url: string;
  ca?: string[];
  jwtSecret: string;
  now?: Date;
}): Promise<GeneralProgramSeed> {
  const now = options.now ?? new Date();
  const client = createJsonClient(options.url, options.ca ? { ca: options.ca } : {});
  const operator = mintPersonToken(options.jwtSecret, SUBMITTER, ['operator'], 600);
  const scientist = mintPersonToken(options.jwtSecret, SUBMITTER, ['scientist'], 600);
  const call = async (method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<HttpReply> => {
    const reply = await client.request(method, path, { body, token });
    if (reply.status >= 300)
      throw new CliError(`${method} ${path}: ${reply.status} ${problemText(reply)}`, EXIT.INVALID);
    return reply;
  };
  try {
    // The default orbit (630 km, 30°) with today's epoch.
    const [line1, line2] = defaultOrbitLines(now);
    await call('POST', '/v1/orbit/tle', operator, {
      name: 'SVOM (simulated)',
      line1,
      line2,
    } satisfies SchedulerSchemas['NewTle']);

    const existing = (await call('GET', '/v1/requests?limit=1000', operator)).json<
      SchedulerSchemas['ObservationRequestList']
    >();
    let submitted = 0;
    if (!existing.requests.some((r) => r.submittedBy === SUBMITTER)) {
      const latest = new Date(now.getTime() + 3 * 86_400_000).toISOString();
      const bodies: Array<Omit<SchedulerSchemas['NewObservationRequest'], 'earliest' | 'latest' | 'instruments'>> = [
        ...FIELDS.map((field) => ({ kind: 'GP' as const, ...field, minSliceS: 600 })),
        // A ToO of the nominal kind: the planner puts it first, around which the GP is sequenced.
        {
          kind: 'ToO-NOM',
          title: 'ToO: optical transient follow-up',
          raDeg: 150.1,
          decDeg: 2.2,
          exposureS: 3_000,
          minSliceS: 600,
        },
      ];
      for (const body of bodies) {
        const created = await call('POST', '/v1/requests', scientist, {
          ...body,
          earliest: now.toISOString(),
          latest,
          instruments: ['MXT', 'VT'],
        } satisfies SchedulerSchemas['NewObservationRequest']);
        const { id } = created.json<SchedulerSchemas['ObservationRequest']>();
        await call('POST', `/v1/requests/${id}/accept`, operator);
        submitted += 1;
      }
    }
    const plan = await call('POST', '/v1/plans', operator, {
      start: now.toISOString(),
      end: new Date(now.getTime() + 86_400_000).toISOString(),
    } satisfies SchedulerSchemas['NewPlan']);
    return { submitted, planId: plan.json<SchedulerSchemas['Plan']>().id };
  } finally {
    client.close();
  }
}
