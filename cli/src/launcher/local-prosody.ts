import { loadXmppGatewayConfig } from '@svom/xmpp-gateway';
import {
  developmentProsody,
  gatewayPassword,
  portAnswers,
  prosodyAccount,
  prosodyBinary,
  prosodySqlStorage,
  startProsody,
} from '@svom/xmpp-gateway';

/**
 * Makes sure an XMPP server answers for the gateway: when nothing answers on 5222 (nor on the
 * gateway's XMPP_SERVICE port) and the service is local, starts Debian's `prosody` from the PATH
 * with the FSC's configuration under `<DATA_DIR>/xmpp`, the gateway's account registered; otherwise
 * says how to get one (the gateway keeps trying to connect meanwhile, and catches up once it can).
 */
export async function ensureLocalProsody(log: (line: string) => void): Promise<{ started: boolean; stop(): void }> {
  const config = loadXmppGatewayConfig();
  const options = developmentProsody(config);
  const none = { started: false, stop() {} };
  if ((await portAnswers(options.host, options.c2sPort)) || (await portAnswers(options.host, options.tlsPort)))
    return none;
  const local = ['127.0.0.1', 'localhost', '::1'].includes(options.host);
  if (!local || !prosodyBinary()) {
    log(
      `no XMPP server answers at ${config.XMPP_SERVICE}: the XMPP gateway waits for one.\n` +
        (local
          ? '  Install Prosody (Debian: `apt-get install prosody`) and `npm start` runs it with the FSC configuration\n  (services/xmpp-gateway/prosody/prosody.cfg.lua), or set XMPP_SERVICE to a server you have.'
          : '  Start it, or set XMPP_SERVICE to a server that answers.'),
    );
    return none;
  }
  const prosody = await startProsody(options);
  prosodyAccount(options, config.XMPP_USER, gatewayPassword(config));
  log(
    `starting prosody: XMPP on ${options.host}:${options.c2sPort} (STARTTLS) and ${options.tlsPort} (TLS), PubSub pubsub.${options.domain}, data ${options.dataDir}` +
      (prosodySqlStorage()
        ? ''
        : '\n  Prosody keeps its items in files (no `lua-dbi-sqlite3`): slow once nodes fill up; `apt-get install lua-dbi-sqlite3`'),
  );
  return { started: true, stop: () => void prosody.stop() };
}
