import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The page's assets (HTML, CSS, icons), kept as written, beside src/ and dist/. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
/** The browser modules compiled from src/client by `tsc -p tsconfig.client.json`. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/public/js/', import.meta.url));

/** Same origin only: the page loads nothing from elsewhere and talks only to this service. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export async function staticRoute(app: FastifyInstance): Promise<void> {
  if (!existsSync(CLIENT_DIR))
    app.log.warn(`${CLIENT_DIR} is missing: run the build (npm run build -w @svom/web) or the page has no script`);
  await app.register(async (assets) => {
    // Never shed (the kit's load shedding answers 503 past MAX_EVENT_LOOP_DELAY_MS): a file costs
    // next to nothing to send, while a 503 on the page or on one of its modules leaves a dead
    // page that no browser retries. The page's own calls (/api, /events) are still shed, and it
    // retries those.
    assets.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), neverShed: true } as typeof route.config;
    });
    await files(assets);
  });
}

async function files(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    // The HTML names its scripts without a hash: let the browser revalidate rather than guess.
    cacheControl: true,
    maxAge: 0,
    setHeaders: (res, path) => {
      if (path.endsWith('.html')) res.header('content-security-policy', CSP);
    },
  });
  await app.register(fastifyStatic, {
    root: CLIENT_DIR,
    prefix: '/js/',
    decorateReply: false,
    wildcard: true,
    maxAge: 0,
  });
}
