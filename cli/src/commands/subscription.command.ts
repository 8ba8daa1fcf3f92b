import { type Command, Option } from 'commander';
import { colorsFor } from '../common/colors.js';
import { DEFAULT_URLS, trustedCertificates } from '../common/environment.js';
import { EXIT } from '../common/exit-codes.js';
import { createJsonClient } from '../common/https-client.js';
import { finiteNumber, httpsUrl, integerIn } from '../common/parse-options.js';
import { parseRegion } from '../listen/region-option.js';
import { type NotifyApi, notifyApi, personToken } from '../subscriptions/notify-api.js';
import { optionNamer } from '../subscriptions/notify-problem.js';
import {
  changeBody,
  changeNeedsCurrent,
  parseSitePlace,
  requestBody,
  type SubscriptionOptions,
} from '../subscriptions/subscription-body.js';
import {
  deliveriesTable,
  deliveryLine,
  subscriptionReport,
  subscriptionsTable,
} from '../subscriptions/subscription-format.js';

interface Common {
  url: string;
  ca?: string;
  token?: string;
  json?: boolean;
}

const ABOUT = `
A subscription sends you the notices you choose, by email or to a webhook, filtered on the FSC's
side and with what your telescope's site sees of each position: the notify service, as the
dashboard's Subscriptions page. It needs your JWT (--token, SVOM_TOKEN or a profile's token)
with the role scientist, burst-advocate or operator; you see and change your own subscriptions
(an operator, everyone's). Not to be confused with svom subscriber, which gives NATS accounts to
outside machines that read the notices streams themselves.`;

/** `svom subscription list|add|show|change|pause|resume|test|deliveries|delete`: notify's subscriptions. */
export function registerSubscriptionCommand(program: Command): void {
  const subscription = program
    .command('subscription')
    .description('Your notices by email or webhook (notify): filters, a site, tests, deliveries (not svom subscriber)')
    .addHelpText(
      'after',
      `${ABOUT}

Examples:
  svom subscription add --name "MXT for TAROT" --webhook https://tarot.example.org/svom --type mxt --min-snr 7
  svom subscription list
  svom subscription test sub_9nUWteBLKX4lhXJe`,
    );
  const common = (command: Command) =>
    command
      .option(
        '--url <url>',
        'the notify service (SVOM_NOTIFY_URL)',
        httpsUrl,
        process.env.SVOM_NOTIFY_URL ?? DEFAULT_URLS.notify,
      )
      .option('--ca <file>', 'PEM certificate to trust (default: TLS_CERT, else DATA_DIR/tls/localhost.crt)')
      // No default shown: help must not print a token taken from the environment.
      .option('--token <jwt>', "your JWT (default: SVOM_TOKEN, or the profile's token)")
      .option('--json', 'print JSON as the API answers it');
  const withId = (name: string, description: string) =>
    common(subscription.command(name).description(description).argument('<id>', 'subscription id (sub_…)'));

  common(subscription.command('list').description('Your subscriptions (an operator: everyone’s), one a line'))
    .option('--owner <name>', "operators: only this person's")
    .addHelpText(
      'after',
      `
Examples:
  svom subscription list
  svom subscription list --json | jq -r '.[] | select(.status == "paused") | .id'
  svom subscription list --owner alice --token "$OPERATOR_JWT"`,
    )
    .action(async (options: Common & { owner?: string }) =>
      withNotify(options, async (api) => {
        const found = await api.list(options.owner);
        print(options, found, () => subscriptionsTable(found, colorsFor()));
      }),
    );

  bodyOptions(
    common(
      subscription
        .command('add')
        .description('Subscribe: by --email (confirmed by a link first) or --webhook, with filters and a site'),
    ),
    'add',
  )
    .addHelpText(
      'after',
      `
Filters: a notice is sent when it passes every criterion given (none: every notice); one
lacking what a criterion looks at (no SNR, no position) does not pass it. A retraction goes to
every subscription that was sent a notice of its burst (--no-retractions: not to this one).
A webhook gets POSTs signed with X-SVOM-Signature: sha256=<HMAC of the body>; without --secret
notify generates one and it is printed this once. An email address gets a confirmation link
first; nothing is sent before it is followed. --from takes the request body as JSON
(services/notify/README.md); the options given replace what it says.

Examples:
  svom subscription add --name "MXT for TAROT" --webhook https://tarot.example.org/svom \\
    --type mxt --min-snr 7 --site 43.75,6.92,1270,15 --observable-within 6
  svom subscription add --name "bursts in the Galactic anticentre" --email ada@example.org \\
    --region 86.4,28.9,20 --type eclairs mxt
  svom subscription add --name "chat room" --webhook https://hooks.slack.com/services/T0/B0/x --format slack
  svom subscription add --from colibri.json --json > colibri-created.json`,
    )
    .action(async (options: Common & SubscriptionOptions, command: Command) =>
      withNotify(options, async (api) => {
        const body = requestBody(options);
        const created = await api.create(body, namer(command, options.from));
        print(options, created, () => subscriptionReport(created, colorsFor()));
      }),
    );

  withId('show', 'One subscription: channel, filter, site, state')
    .addHelpText(
      'after',
      `
Exit 1 when there is no such subscription, or it is someone else's.

Examples:
  svom subscription show sub_9nUWteBLKX4lhXJe
  svom subscription show sub_9nUWteBLKX4lhXJe --json | jq .filter`,
    )
    .action(async (id: string, options: Common) =>
      withNotify(options, async (api) => {
        const found = await api.get(id);
        print(options, found, () => subscriptionReport(found, colorsFor()));
      }),
    );

  bodyOptions(withId('change', 'Change a subscription in place: only what the options name'), 'change')
    .addHelpText(
      'after',
      `
A filter option changes that criterion only: the others stay (--no-type, --no-region ... remove
one). --site replaces the place, --no-site removes the site. A new --webhook URL is checked again;
a new --email address waits for its confirmation link again. The channel's type stays: to go from
email to a webhook, add a new subscription and delete this one. --from sends the file as the
PATCH body (a filter there replaces the whole filter), the options laid over it.

Examples:
  svom subscription change sub_9nUWteBLKX4lhXJe --type mxt vt --min-snr 8
  svom subscription change sub_9nUWteBLKX4lhXJe --no-region --include-test
  svom subscription change sub_9nUWteBLKX4lhXJe --webhook https://tarot.example.org/svom/v2 --secret "$NEW_SECRET"
  svom subscription change sub_9nUWteBLKX4lhXJe --no-site --no-observable-within`,
    )
    .action(async (id: string, options: Common & SubscriptionOptions, command: Command) =>
      withNotify(options, async (api) => {
        const current = changeNeedsCurrent(options) ? await api.get(id) : undefined;
        const changed = await api.change(id, changeBody(options, current), namer(command, options.from));
        print(options, changed, () => subscriptionReport(changed, colorsFor()));
      }),
    );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    withId(action, paused ? 'Stop sending until resumed' : 'Send again (also after a pause for failures)')
      .addHelpText('after', `\nExamples:\n  svom subscription ${action} sub_9nUWteBLKX4lhXJe`)
      .action(async (id: string, options: Common) =>
        withNotify(options, async (api) => {
          const changed = await api.setPaused(id, paused);
          print(options, changed, () => `${changed.id} ${changed.status}`);
        }),
      );
  }

  withId('test', 'Send a test notice now (marked as a test) and say how it went')
    .addHelpText(
      'after',
      `
The test is an MXT position, VOEvent role "test", "test": true in a webhook's JSON, [TEST] in a
mail's subject. Exit 0 when it was delivered, 1 when it failed or waits for a retry.

Examples:
  svom subscription test sub_9nUWteBLKX4lhXJe
  svom subscription test sub_9nUWteBLKX4lhXJe --json | jq .lastHttpStatus`,
    )
    .action(async (id: string, options: Common) =>
      withNotify(options, async (api) => {
        const delivery = await api.test(id);
        print(options, delivery, () => deliveryLine(delivery, colorsFor()));
        if (delivery.status !== 'delivered') process.exitCode = EXIT.INVALID;
      }),
    );

  withId('deliveries', 'What was sent, newest first: notices, tests, alarms, with attempts and errors')
    .option('--limit <n>', 'at most this many', integerIn(1, 1000), 50)
    .addHelpText(
      'after',
      `
Examples:
  svom subscription deliveries sub_9nUWteBLKX4lhXJe
  svom subscription deliveries sub_9nUWteBLKX4lhXJe --json | jq '.[] | select(.status == "failed")'`,
    )
    .action(async (id: string, options: Common & { limit: number }) =>
      withNotify(options, async (api) => {
        const deliveries = await api.deliveries(id, options.limit);
        print(options, deliveries, () => deliveriesTable(deliveries, colorsFor()));
      }),
    );

  withId('delete', 'Delete a subscription and its delivery history')
    .addHelpText('after', '\nExamples:\n  svom subscription delete sub_9nUWteBLKX4lhXJe')
    .action(async (id: string, options: Common) =>
      withNotify(options, async (api) => {
        await api.remove(id);
        print(options, { id, deleted: true }, () => `${id} deleted`);
      }),
    );
}

/**
 * The options that make a subscription's body, the same for `add` and `change`; `change` also
 * has those that remove (--no-type, --no-site ...), `add` only the ones that say something.
 */
function bodyOptions(command: Command, use: 'add' | 'change'): Command {
  const change = use === 'change';
  const removal = (flags: string, description: string) =>
    command.addOption(new Option(flags, description).hideHelp(!change));
  command
    .option('--from <file>', 'the request body as JSON (- for stdin); the options given replace what it says')
    .option('--name <text>', 'what you call it')
    .option('--email <address>', 'send by email to this address (confirmed by a link first)')
    .option('--webhook <url>', 'POST to this http(s) URL (a public address)')
    .option('--secret <text>', 'webhook: the HMAC-SHA256 key of X-SVOM-Signature (at least 16 characters)')
    .addOption(new Option('--format <format>', 'webhook: the body').choices(['json', 'slack']))
    .option('--owner-email <address>', 'webhook: who is mailed if it is paused after a day of failures');
  removal('--no-owner-email', 'no owner email');
  command.option('--type <name...>', 'notice names or prefixes (eclairs, mxt-initial) or Packet_Type numbers');
  removal('--no-type', 'any notice type');
  command.option('--instrument <name...>', 'instruments (ECLAIRs, GRM, MXT, VT)');
  removal('--no-instrument', 'any instrument');
  command.option('--min-snr <snr>', 'only notices with an SNR at least this', finiteNumber);
  removal('--no-min-snr', 'any SNR');
  command.option('--region <ra,dec,radius>', 'only positions within radius degrees of (ra, dec)', parseRegion);
  removal('--no-region', 'anywhere on the sky');
  command.option(
    '--observable-within <hours>',
    "only positions the site's next window shows within this many hours (needs a site)",
    finiteNumber,
  );
  removal('--no-observable-within', 'whenever observable');
  command.option('--include-test', 'drills too (notices of role test)');
  removal('--no-include-test', 'no drills');
  removal('--retractions', "the retractions of the bursts it was sent (notify's default)");
  command.addOption(new Option('--no-retractions', 'not the retractions of the bursts it was sent'));
  command.option('--alarms', 'operator alarms too (operators only)');
  removal('--no-alarms', 'no operator alarms');
  command.option(
    '--site <lat,lon,alt,horizon>',
    'your telescope: degrees N, degrees E, metres, lowest altitude',
    parseSitePlace,
  );
  removal('--no-site', 'remove the site');
  return command
    .option('--max-sun-altitude <deg>', 'site: night is the Sun below this (default -12)', finiteNumber)
    .option('--min-moon-distance <deg>', 'site: at least this far from the Moon (default 0)', finiteNumber);
}

/** Names a refused field by the option the user gave, else by its place in the --from file. */
function namer(command: Command, fromFile: string | undefined) {
  return optionNamer((attribute) => command.getOptionValueSource(attribute) === 'cli', fromFile);
}

async function withNotify(options: Common, run: (api: NotifyApi) => Promise<void>): Promise<void> {
  const token = personToken(options.token);
  const client = createJsonClient(options.url, { ca: trustedCertificates(options.ca) });
  try {
    await run(notifyApi(client, token));
  } finally {
    client.close();
  }
}

function print(options: Common, value: unknown, text: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}
