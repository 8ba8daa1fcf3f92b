import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';

/** The XMPP gateway's settings, read once from the environment. */
export const XmppGatewayConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ default: 8445, minimum: 0, maximum: 65535 }),
  XMPP_SERVICE: Type.String({
    default: 'xmpps://127.0.0.1:5223',
    pattern: '^xmpps?://[^/]+$',
    description: 'the XMPP server: xmpps://host:port (direct TLS) or xmpp://host:port (STARTTLS, public CAs only)',
  }),
  XMPP_DOMAIN: Type.String({ default: 'localhost', pattern: '^[A-Za-z0-9.-]+$', description: 'the XMPP domain' }),
  XMPP_PUBSUB: Type.String({
    default: '',
    pattern: '^[A-Za-z0-9.-]*$',
    description: 'the PubSub service; pubsub.<XMPP_DOMAIN> when empty',
  }),
  XMPP_USER: Type.String({
    default: 'fsc-gateway',
    pattern: '^[a-z0-9._-]+$',
    description: "the gateway's account; Prosody's `admins` must name it (it owns the nodes)",
  }),
  XMPP_PASSWORD: Type.String({
    default: '',
    description: 'its password; in development made once under DATA_DIR/xmpp (npm start registers it)',
  }),
  XMPP_CA: Type.String({
    default: '',
    description:
      "PEM file of the CA of the server's certificate (with xmpps://); DATA_DIR/xmpp/tls/xmpp.crt in development",
  }),
  XMPP_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 100,
    description: 'an XMPP request without an answer this long failed (the notice is redelivered)',
  }),
  XMPP_MAX_ITEMS: Type.Integer({
    default: 1000,
    minimum: 1,
    maximum: 10_000,
    description: "items a node keeps (Prosody's pubsub_max_items must allow it)",
  }),
  // The kit consumer's settings (BaseConfig), with the gateway's defaults: an XMPP server away for
  // hours must not turn notices into dead letters (each delivery waits XMPP_TIMEOUT_MS, then backs off).
  CONSUMER_MAX_DELIVER: Type.Integer({
    default: 10_000,
    minimum: 1,
    description: 'deliveries of a failing message before it becomes a dead letter (XMPP away: hours of them)',
  }),
  CONSUMER_BACKOFF_MAX_MS: Type.Integer({
    default: 10_000,
    minimum: 0,
    description: 'the longest redelivery delay (the gateway catches up within this once XMPP is back)',
  }),
};

export type XmppGatewayConfig = ReturnType<typeof loadXmppGatewayConfig>;

export function loadXmppGatewayConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(XmppGatewayConfig, env);
}
