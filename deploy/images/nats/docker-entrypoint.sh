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
  # The supplementary groups the engine gave (compose `group_add: ["1000"]`, the group that may
  # read the TLS key and the subscribers file) are kept, as the official image, running as root,
  # reads those files anyway; root's own group 0 is dropped.
  extra=$(id -G | tr ' ' '\n' | grep -vx 0 | paste -sd, -)
  exec setpriv --reuid=nats --regid=nats --groups "$(id -g nats)${extra:+,$extra}" "$@"
fi
exec "$@"
