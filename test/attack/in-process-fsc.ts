// Every service app of the FSC built in this process, as `svom start` builds them, around one
// fresh PostgreSQL database and streams of a random prefix on the machine's real servers. The
// background work (consumers, timers, VTP ports) is not started: the routes are what is probed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { STREAM_NAMES } from '@svom/contracts';
import { mintPersonToken, type Role } from '@svom/service-kit';
import { startTestInfra, TEST_JWT_SECRET, type TestInfra } from '@svom/service-kit/testing';
import { SERVICES } from '../../cli/src/launcher/services.js';

export interface InProcessFsc {
  apps: Map<string, FastifyInstance>;
  infra: TestInfra;
  /** A person's token of one role. */
  person(role: Role): string;
  /** A registered station's token (the ingest) and a facility's (follow-up). */
  stationToken: string;
  facilityToken: string;
  close(): Promise<void>;
}

export async function startInProcessFsc(): Promise<InProcessFsc> {
  const infra = await startTestInfra(STREAM_NAMES);
  const dataDir = mkdtempSync(join(tmpdir(), 'svom-fuzz-'));
  const apps = new Map<string, FastifyInstance>();
  // Rate limits out of the way (a 429 is a fine answer, but it hides the handler behind it).
  const env = {
    DATA_DIR: dataDir,
    MAIL_DIR: join(dataDir, 'mail'),
    RATE_LIMIT_PER_MINUTE: '10000000',
    RECEPTION_REQUESTS_PER_MINUTE: '10000000',
    SSE_MAX_CLIENTS_PER_IP: '100000',
    SSE_MAX_CLIENTS: '100000',
  };
  try {
    for (const module of SERVICES) {
      const config = module.loadConfig(env);
      const app = await module.build(
        { infra: infra.infra, jwtSecret: TEST_JWT_SECRET, logger: false } as never,
        config,
      );
      await app.ready();
      apps.set(module.name, app);
    }
  } catch (error) {
    for (const app of apps.values()) await app.close().catch(() => {});
    await infra.close();
    throw error;
  }
  const person = (role: Role) => mintPersonToken(TEST_JWT_SECRET, `fuzz-${role}`, [role]);
  const operator = { authorization: `Bearer ${person('operator')}` };
  const station = await apps.get('vhf-ingest')!.inject({
    method: 'POST',
    url: '/v1/stations',
    headers: operator,
    payload: { id: 'FUZZ1', name: 'Fuzz station', latitudeDeg: 0, longitudeDeg: 0 },
  });
  const facility = await apps
    .get('followup')!
    .inject({ method: 'POST', url: '/v1/facilities/GWAC/token', headers: operator });
  if (station.statusCode !== 201 || facility.statusCode !== 200)
    throw new Error(
      `seeding tokens: station ${station.statusCode} ${station.body}, facility ${facility.statusCode} ${facility.body}`,
    );
  return {
    apps,
    infra,
    person,
    stationToken: station.json().token,
    facilityToken: facility.json().token,
    async close() {
      for (const app of apps.values()) await app.close().catch(() => {});
      await infra.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
