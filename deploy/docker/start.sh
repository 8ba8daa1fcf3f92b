#!/bin/sh
# Entry point of the one FSC image: $SERVICE (or the first argument) picks what runs.
#   migrate                     apply migrations/ and exit
#   make-tls                    one self-signed certificate for every service name (compose)
#   vhf-ingest alerts followup scheduler xmpp-gateway notify web   the service, on $PORT (its usual port by default)
#   svom ...                    the command-line tool (svom listen, svom station ...)
# `exec` leaves node as the process that receives SIGTERM (compose adds an init as PID 1).
set -eu
what="${1:-${SERVICE:-}}"
[ $# -eq 0 ] || shift
case "$what" in
  migrate) exec node libs/db/dist/migrate-cli.js "$@" ;;
  make-tls) exec node /usr/local/lib/svom/make-tls.mjs "$@" ;;
  svom) exec node cli/dist/main.js "$@" ;;
  web) port=8440 ;;
  vhf-ingest) port=8441 ;;
  alerts) port=8442 ;;
  followup) port=8443 ;;
  scheduler) port=8444 ;;
  xmpp-gateway) port=8445 ;;
  notify) port=8446 ;;
  *)
    echo "start.sh: set SERVICE (or give an argument): migrate, make-tls, vhf-ingest, alerts, followup, scheduler, xmpp-gateway, notify, web or svom; got '${what}'" >&2
    exit 64 ;;
esac
export SERVICE="$what" PORT="${PORT:-$port}"
mkdir -p "$DATA_DIR"
exec node "services/$what/dist/server.js" "$@"
