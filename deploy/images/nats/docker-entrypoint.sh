#!/bin/sh
# As the official alpine image's entrypoint: options alone run nats-server with them; a command
# (compose gives `nats-server --config ...`) runs as given.
set -e
case "${1:-}" in
  -*) set -- nats-server "$@" ;;
esac
exec "$@"
