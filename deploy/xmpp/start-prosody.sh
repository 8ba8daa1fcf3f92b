#!/bin/sh
# Prosody for the FSC in a container: a self-signed pair for the domain and pubsub.<domain> made
# once in the data volume (replace it with your own), the gateway's account registered, then
# Prosody in the foreground.
set -eu
: "${SVOM_XMPP_DOMAIN:?set SVOM_XMPP_DOMAIN}" "${XMPP_PASSWORD:?set XMPP_PASSWORD in .env}"
export SVOM_XMPP_DATA="${SVOM_XMPP_DATA:-/var/lib/prosody/svom}"
mkdir -p "$SVOM_XMPP_DATA/tls"
export SVOM_XMPP_CERT="${SVOM_XMPP_CERT:-$SVOM_XMPP_DATA/tls/xmpp.crt}" SVOM_XMPP_KEY="${SVOM_XMPP_KEY:-$SVOM_XMPP_DATA/tls/xmpp.key}"
if [ ! -s "$SVOM_XMPP_CERT" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$SVOM_XMPP_DOMAIN" \
    -addext "subjectAltName=DNS:$SVOM_XMPP_DOMAIN,DNS:pubsub.$SVOM_XMPP_DOMAIN" \
    -keyout "$SVOM_XMPP_KEY" -out "$SVOM_XMPP_CERT" 2>/dev/null
fi
config=/etc/svom/prosody.cfg.lua
prosodyctl --config "$config" register "${SVOM_XMPP_ADMIN%@*}" "$SVOM_XMPP_DOMAIN" "$XMPP_PASSWORD"
exec prosody --config "$config" -F
