import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { KitErrors } from '../errors.js';
import { isRoleList, PERSON_TOKEN_ISSUER, type JwtAlgorithm, type PersonClaims, type Role } from '../identity.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: PersonClaims;
    user: PersonClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A hook that lets through a person holding one of these roles (run at onRequest, see below). */
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
  }
}

const AUTHENTICATES = Symbol('svom.authenticates');

/**
 * Marks a hook as a credentials check. Wherever a route names it (`preHandler`, as routes have
 * always written it), it runs at `onRequest` instead: before the body is read or parsed, so a
 * stranger sending a 4 MiB body a byte at a time costs a header check, not a parse.
 */
export function authenticates<H extends (...args: never[]) => unknown>(hook: H): H {
  return Object.assign(hook, { [AUTHENTICATES]: true });
}

/** Whether a hook was marked by {@link authenticates}: the OpenAPI document shows its route as secured. */
export function isAuthenticating(hook: unknown): boolean {
  return typeof hook === 'function' && (hook as { [AUTHENTICATES]?: boolean })[AUTHENTICATES] === true;
}

/**
 * People's identity: JWTs signed with the one configured HMAC algorithm, issued by the FSC,
 * with an expiry, a subject and an array of known roles. Anything else is a 401.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { secret: string; algorithm?: JwtAlgorithm }) => {
    const algorithm = options.algorithm ?? 'HS256';
    await app.register(fastifyJwt, {
      secret: options.secret,
      sign: { algorithm, iss: PERSON_TOKEN_ISSUER },
      verify: { allowedIss: PERSON_TOKEN_ISSUER, algorithms: [algorithm], requiredClaims: ['exp', 'iss', 'sub'] },
    });
    app.decorate('requireRole', (...roles: Role[]) =>
      authenticates(async (request: FastifyRequest) => {
        try {
          await request.jwtVerify();
        } catch (error) {
          throw new KitErrors.Unauthorized((error as Error).message);
        }
        const claims = request.user as unknown as { sub?: unknown; roles?: unknown };
        // Typed here, not trusted: a string "xoperatorx" passed `includes('operator')` (issue 16).
        if (typeof claims.sub !== 'string' || !isRoleList(claims.roles))
          throw new KitErrors.Unauthorized('the token must carry sub (a string) and roles (an array of known roles)');
        const held = claims.roles;
        if (!roles.some((r) => held.includes(r))) {
          throw new KitErrors.Forbidden(
            `this needs the role ${roles.join(' or ')}; ${claims.sub} holds ${held.join(', ') || 'none'}`,
          );
        }
      }),
    );
    // Credentials hooks move to onRequest on every route registered after this plugin.
    app.addHook('onRoute', (route: RouteOptions) => {
      const pre = route.preHandler;
      const hooks = pre === undefined ? [] : Array.isArray(pre) ? pre : [pre];
      const checks = hooks.filter((h) => (h as { [AUTHENTICATES]?: boolean })[AUTHENTICATES]);
      if (checks.length === 0) return;
      route.preHandler = hooks.filter((h) => !checks.includes(h));
      const on =
        route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [...on, ...(checks as unknown as typeof on)];
    });
  },
  { name: 'svom-auth' },
);

/** Re-exported so that importers' types load @fastify/jwt's `request.user` and `jwtVerify`. */
export type JwtPluginOptions = import('@fastify/jwt').FastifyJWTOptions;
