import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { usageError } from '../common/exit-codes.js';

/** `svom xmpp account add`: an account on the FSC's Prosody (prosodyctl on its data dir). */
export function registerXmppCommand(program: Command): void {
  const xmpp = program.command('xmpp').description("Accounts on the FSC's XMPP server (PubSub notices)");
  const account = xmpp.command('account').description('XMPP accounts');
  account
    .command('add <user>')
    .description('Create an account (or set its password) on the local Prosody, with prosodyctl')
    .option('--password <password>', 'its password (default: a random one, printed)')
    .addHelpText(
      'after',
      `
Runs \`prosodyctl register\` with the FSC's configuration (services/xmpp-gateway/prosody/prosody.cfg.lua)
on DATA_DIR/xmpp, the server \`npm start\` runs: it works whether Prosody runs or not. For a
deployed server, run the same in its container: \`prosodyctl register <user> <domain> <password>\`.
Burst Advocate nodes are readable only by accounts an operator adds:
PUT https://<gateway>:8445/v1/advocates/<user>@<domain> with an operator token.

Examples:
  svom xmpp account add ada
  svom xmpp account add ada --password 'correct horse battery staple'`,
    )
    .action(async (user: string, options: { password?: string }) => {
      if (!/^[a-z0-9._-]{1,64}$/.test(user))
        throw usageError(`${user}: an account name is lower-case letters, digits, '.', '_' or '-'`);
      // The gateway's package is the whole service: loaded only when an account is made.
      const { developmentProsody, loadXmppGatewayConfig, prosodyAccount } = await import('@svom/xmpp-gateway');
      const config = loadXmppGatewayConfig();
      const password = options.password ?? randomBytes(12).toString('base64url');
      prosodyAccount(developmentProsody(config), user, password);
      process.stdout.write(`${user}@${config.XMPP_DOMAIN}${options.password ? '' : `  password: ${password}`}\n`);
    });
}
