import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { KitErrors } from '../errors.js';
import type { PersonClaims, Role } from '../identity.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: PersonClaims;
    user: PersonClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A preHandler that lets through a person holding one of these roles. */
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
  }
}

/** People's identity: HS256 JWTs with roles, verified on the routes that ask for a role. */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { secret: string }) => {
    await app.register(fastifyJwt, { secret: options.secret, verify: { allowedIss: 'svom-fsc' } });
    app.decorate('requireRole', (...roles: Role[]) => {
      return async (request: FastifyRequest) => {
        try {
          await request.jwtVerify();
        } catch (error) {
          throw new KitErrors.Unauthorized((error as Error).message);
        }
        const held = request.user.roles ?? [];
        if (!roles.some((r) => held.includes(r))) {
          throw new KitErrors.Forbidden(
            `this needs the role ${roles.join(' or ')}; ${request.user.sub} holds ${held.join(', ') || 'none'}`,
          );
        }
      };
    });
  },
  { name: 'svom-auth' },
);

/** Re-exported so that importers' types load @fastify/jwt's `request.user` and `jwtVerify`. */
export type JwtPluginOptions = import('@fastify/jwt').FastifyJWTOptions;
