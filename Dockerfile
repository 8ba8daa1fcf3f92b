# One image recipe for every FSC service:
#   docker build --build-arg SERVICE=alerts --build-arg PORT=8442 -t svom-fsc/alerts .
# SERVICE is the folder name under services/ (vhf-ingest, alerts, followup, scheduler, web).
# The same image also runs the migrations: `node libs/db/dist/migrate-cli.js`.

# ---- build: install every workspace, compile the service, the libs it needs and libs/db (every
#      image can run the migrations), then drop dev dependencies
FROM node:20-bookworm-slim AS build
ARG SERVICE
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app
# The root package.json names npm@11.19.1 (turbo reads it); use that npm for the lockfile.
RUN npm install --global npm@11.19.1
# Whole context (trimmed by .dockerignore): npm ci needs every workspace's package.json.
COPY . .
RUN test -n "${SERVICE}" && test -f "services/${SERVICE}/package.json" \
    && npm ci \
    && npx turbo run build --filter="@svom/${SERVICE}..." --filter="@svom/db..." \
    && npm prune --omit=dev \
    && test -f "services/${SERVICE}/dist/server.js" \
    && test -f libs/db/dist/migrate-cli.js

# ---- runtime: production node_modules, built libs, the one service, the migrations
FROM node:20-bookworm-slim AS runtime
ARG SERVICE
ARG PORT=8440
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0 \
    PORT=${PORT}
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/libs ./libs
COPY --from=build --chown=root:root /app/migrations ./migrations
COPY --from=build --chown=root:root /app/services/${SERVICE} ./services/${SERVICE}
COPY --chown=root:root deploy/docker/healthcheck.cjs /usr/local/lib/svom/healthcheck.cjs
# Code is owned by root and read-only for the process; it runs as the image's `node` user (uid 1000).
USER node
# EXPOSE is documentation only and takes no variable here (dockerfilelint): the service listens
# on $PORT; the set below is every FSC port (web, ingest, alerts, followup, scheduler, VTP).
EXPOSE 8440 8441 8442 8443 8444 8098 8099
# Liveness only (/health). No --start-period: dockerfilelint 1.8 rejects it; compose sets one.
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
    CMD ["node", "/usr/local/lib/svom/healthcheck.cjs", "/health"]
# Exec form through sh so ${SERVICE} expands; `exec` leaves node as the process that gets SIGTERM.
CMD ["/bin/sh", "-c", "exec node services/${SERVICE}/dist/server.js"]
