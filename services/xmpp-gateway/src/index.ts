// What the one-process `npm start`, the CLI, the OpenAPI generator and the tests use of this service.
export { xmppGatewayService } from './service.js';
export { buildXmppGatewayApp, SERVICE } from './app.js';
export type { XmppGatewayApp } from './app.js';
export { loadXmppGatewayConfig, XmppGatewayConfig } from './config.js';
export { alertItems, noticeItemId } from './publish/alert-items.js';
export type { AlertItems, Publication } from './publish/alert-items.js';
export { xmppClient } from './xmpp/xmpp-client.js';
export type { XmppAccount } from './xmpp/xmpp-client.js';
export { PubSub, isStanzaError } from './xmpp/pubsub.js';
export { gatewayCaFile, gatewayPassword } from './runtime.js';
export {
  portAnswers,
  prosodyAccount,
  prosodyBinary,
  prosodySqlStorage,
  developmentProsody,
  prosodyEnv,
  PROSODY_CONFIG,
  startProsody,
  writeProsodyCertificate,
} from './prosody/prosody-setup.js';
export type { ProsodyOptions, ProsodyProcess } from './prosody/prosody-setup.js';
