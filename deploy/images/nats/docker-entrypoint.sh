#!/bin/sh
# As the official alpine image's entrypoint: options alone run nats-server with them; a command
# (compose gives `nats-server --config ...`) runs as given. Started as root (the default, like
# the official image), it first hands the JetStream store to the `nats` user, so a host
# directory works as well as a volume (the OpenStack role mounts /var/lib/svom/nats), then
# drops to that user: the server never runs as root.
set -e
case "${1:-}" in
  -*) set -- nats-server "$@" ;;
esac
if [ "$(id -u)" = 0 ]; then
  [ "$(stat -c %U /data/jetstream)" = nats ] || chown nats:nats /data/jetstream
  exec setpriv --reuid=nats --regid=nats --init-groups "$@"
fi
exec "$@"
