import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Database } from '@svom/db';
import { subjectsFor, type Subjects } from '@svom/contracts';
import { sql, type Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<any>;
    nats: NatsConnection;
    js: JetStreamClient;
    jsm: JetStreamManager;
    subjects: Subjects;
    natsPrefix: string;
  }
}

export interface InfraOptions {
  database: Database;
  nats: { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager; prefix: string };
}

/**
 * Hands the service its database and NATS connection. They are opened by `server.ts` (or by the
 * one-process `npm start`, which shares them between services), never by the app itself, so
 * tests build apps around their own database and stream prefix.
 */
export const infraPlugin = fp(
  async (app: FastifyInstance, options: InfraOptions) => {
    app.decorate('db', options.database.db);
    app.decorate('nats', options.nats.nc);
    app.decorate('js', options.nats.js);
    app.decorate('jsm', options.nats.jsm);
    app.decorate('natsPrefix', options.nats.prefix);
    app.decorate('subjects', subjectsFor(options.nats.prefix));
    app.addReadinessCheck('postgres', async () => void (await sql`select 1`.execute(options.database.db)));
    app.addReadinessCheck('nats', async () => {
      if (options.nats.nc.isClosed()) throw new Error('connection closed');
      await options.nats.nc.flush();
    });
  },
  { name: 'svom-infra', dependencies: ['svom-health'] },
);
