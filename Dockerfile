# One image for every FSC service; the service is chosen when the container starts:
#   docker build --network host -t svom-fsc:dev .          (BuildKit; `npm run images` does this)
#   docker run -e SERVICE=alerts -e PORT=8442 ... svom-fsc:dev
# SERVICE is a folder of services/ (vhf-ingest, alerts, followup, scheduler, web); `migrate`
# applies migrations/ and exits. One `npm ci` and one compile serve all five, so a build takes
# the time of one service's, and the services share every image layer on a host.
# NODE_IMAGE is the official image; `npm run images` passes a local stand-in when it is absent.
# A registry behind a TLS-intercepting proxy: pass its CA bundle as the build secret `npm-ca`
# (`--secret id=npm-ca,src=/etc/ssl/certs/ca-certificates.crt`; `npm run images` passes npm's
# cafile); it is used by npm during the build and is in no layer.
ARG NODE_IMAGE=node:26-bookworm-slim

# ---- manifests: the root and every workspace's package.json, and the lockfile. Rebuilt on any
#      change, but its output only changes with a manifest, so `npm ci` below stays cached.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /out \; \
    && cp package-lock.json /out/

# ---- deps: every dependency, dev included (TypeScript, turbo) to compile
FROM ${NODE_IMAGE} AS deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
COPY --from=manifests /out/ ./
RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npm-ca \
    { [ ! -s /run/secrets/npm-ca ] || export NPM_CONFIG_CAFILE=/run/secrets/npm-ca; } \
    && npm ci --no-audit --no-fund

# ---- prod-deps: production dependencies only, minus what a container never loads: PGlite (the
#      embedded database, used only when DATABASE_URL is unset), source maps, types, docs
FROM ${NODE_IMAGE} AS prod-deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
COPY --from=manifests /out/ ./
RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npm-ca \
    { [ ! -s /run/secrets/npm-ca ] || export NPM_CONFIG_CAFILE=/run/secrets/npm-ca; } \
    && npm ci --omit=dev --no-audit --no-fund \
    && rm -rf node_modules/@electric-sql/pglite \
    && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \
         -o -iname '*.md' -o -name '*.markdown' -o -name '.eslintrc*' -o -name 'tsconfig*.json' \) -delete

# ---- build: compile every workspace (turbo's cache kept between builds: a one-line change
#      recompiles only the workspaces that depend on it), then keep what runs
FROM deps AS build
ENV TURBO_TELEMETRY_DISABLED=1
COPY . .
RUN --mount=type=cache,target=/app/.turbo/cache \
    npx turbo run build --cache-dir=.turbo/cache --filter='./services/*' --filter=@svom/db --filter=@svom/cli \
    && mkdir /out && cp -r migrations package.json /out/ \
    && for d in libs/* services/* cli; do \
         mkdir -p "/out/$d" && cp "$d/package.json" "/out/$d/" && cp -r "$d/dist" "/out/$d/" \
         && for extra in schemas public data; do [ ! -d "$d/$extra" ] || cp -r "$d/$extra" "/out/$d/"; done; \
       done \
    && find /out -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.tsbuildinfo' \) -delete

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/tmp/fsc
WORKDIR /app
# Code and dependencies belong to root and are read-only for the process (compose also mounts
# the root filesystem read-only); it runs as the image's `node` user (uid 1000) and writes only
# under DATA_DIR (its self-signed TLS pair), a tmpfs in compose.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
COPY deploy/docker/healthcheck.cjs deploy/docker/start.sh deploy/docker/make-tls.mjs /usr/local/lib/svom/
# /run/tls, /run/nats-subscribers and /var/lib/svom/mail: the compose stack's certificate volume,
# the NATS subscribers' volume and notify's mail folder (no SMTP_URL) take this owner when first
# mounted (make-tls.mjs, `svom subscriber init`, the notify service).
RUN mkdir -p /run/tls /run/nats-subscribers /var/lib/svom/mail \
    && chown node:node /run/tls /run/nats-subscribers /var/lib/svom/mail
USER node
# EXPOSE documents every FSC port (web, ingest, alerts, followup, scheduler, VTP authors and
# subscribers); a container listens on its service's $PORT (and alerts on the VTP ports).
EXPOSE 8440 8441 8442 8443 8444 8098 8099
# Liveness (/health) on $PORT; compose checks readiness (/ready) and gives a start period.
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
    CMD ["node", "/usr/local/lib/svom/healthcheck.cjs", "/health"]
ENTRYPOINT ["/usr/local/lib/svom/start.sh"]
