import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { authenticates, type Role } from '@svom/service-kit';
import type { FollowupTables } from '../db/tables.js';
import { FollowupErrors } from '../errors.js';
import { facilityIdForToken } from '../db/facility.repository.js';

/** Facility tokens start with this, so one header can carry either a facility token or a JWT. */
export const FACILITY_TOKEN_PREFIX = 'fup';

/** Who moves a request or posts a report. */
export type Actor = { kind: 'facility'; facilityId: string } | { kind: 'person'; name: string };

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const actorName = (actor: Actor) =>
  actor.kind === 'facility' ? `facility:${actor.facilityId}` : `person:${actor.name}`;

/**
 * A preHandler admitting a facility (its bearer token, looked up by hash) or, when `roles` are
 * given, a person's JWT holding one of them. Facility tokens are rare writers (a few a burst), so
 * there is no cache: a rotated token stops working at once. `db` is read per request, since an
 * app built without infrastructure (the OpenAPI generator) has none at registration.
 */
export function authenticateActor(app: FastifyInstance, db: () => Kysely<FollowupTables>, ...roles: Role[]) {
  const person = roles.length ? app.requireRole(...roles) : undefined;
  // Marked as a credentials check: the kit runs it at onRequest, before the body is read.
  return authenticates(async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new FollowupErrors.MissingToken(roles.join(' or ') || '(none: facilities only)');
    if (token.startsWith(`${FACILITY_TOKEN_PREFIX}_`)) {
      let facilityId: string | undefined;
      try {
        facilityId = await facilityIdForToken(db(), token);
      } catch (error) {
        request.log.error({ err: error }, 'facility token lookup failed');
        throw new FollowupErrors.NotDurable('database unreachable');
      }
      if (!facilityId) throw new FollowupErrors.BadToken();
      request.actor = { kind: 'facility', facilityId };
      return;
    }
    if (!person) throw new FollowupErrors.FacilityOnly();
    await person.call(app, request, reply);
    request.actor = { kind: 'person', name: request.user.sub };
  });
}
