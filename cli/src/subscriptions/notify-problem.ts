import type { notify } from '@svom/rest-api-types';
import { CliError, EXIT } from '../common/exit-codes.js';
import type { HttpReply } from '../common/https-client.js';

type Problem = notify.components['schemas']['Problem'];

/** How to give the token, said wherever one is missing or refused. */
export const TOKEN_HINT =
  'give your JWT with --token <jwt>, SVOM_TOKEN, or a profile (svom profile set <name> --token <jwt>); on a local FSC, make one with: svom user token --name <you> --role scientist';

/** What the user typed that set a field of the request (`/body/channel/url` → `--webhook`), if known. */
export type FieldNamer = (field: string) => string | undefined;

/**
 * The options of `svom subscription add|change` by the JSON pointer notify names in a problem,
 * with the commander attribute each sets (to know whether it was given or came from --from).
 * A field below one of these is named by the nearest (`/body/site/latitudeDeg` → `--site`).
 */
const OPTION_OF_FIELD: ReadonlyArray<{ field: string; option: string; attribute: string }> = [
  { field: '/body/name', option: '--name', attribute: 'name' },
  { field: '/body/channel', option: '--email or --webhook', attribute: 'webhook' },
  { field: '/body/channel/address', option: '--email', attribute: 'email' },
  { field: '/body/channel/url', option: '--webhook', attribute: 'webhook' },
  { field: '/body/channel/secret', option: '--secret', attribute: 'secret' },
  { field: '/body/channel/format', option: '--format', attribute: 'format' },
  { field: '/body/ownerEmail', option: '--owner-email', attribute: 'ownerEmail' },
  { field: '/body/filter/types', option: '--type', attribute: 'type' },
  { field: '/body/filter/instruments', option: '--instrument', attribute: 'instrument' },
  { field: '/body/filter/minSnr', option: '--min-snr', attribute: 'minSnr' },
  { field: '/body/filter/region', option: '--region', attribute: 'region' },
  { field: '/body/filter/includeTest', option: '--include-test', attribute: 'includeTest' },
  { field: '/body/filter/includeRetractions', option: '--no-retractions', attribute: 'retractions' },
  { field: '/body/filter/observableWithinHours', option: '--observable-within', attribute: 'observableWithin' },
  { field: '/body/filter/alarms', option: '--alarms', attribute: 'alarms' },
  { field: '/body/site', option: '--site', attribute: 'site' },
  { field: '/body/site/maxSunAltitudeDeg', option: '--max-sun-altitude', attribute: 'maxSunAltitude' },
  { field: '/body/site/minMoonDistanceDeg', option: '--min-moon-distance', attribute: 'minMoonDistance' },
];

/**
 * Names a field by the option that sets it, or, for what came from a `--from` file and no option
 * replaced, by its place in that file (`channel.url in sub.json`). What is below the matched
 * field stays in the name (`--site latitudeDeg`, `--type #2`).
 */
export function optionNamer(given: (attribute: string) => boolean, fromFile?: string): FieldNamer {
  return (field) => {
    if (field === '/params/id') return 'the subscription id';
    if (!field.startsWith('/body')) return undefined;
    const match = OPTION_OF_FIELD.filter((o) => field === o.field || field.startsWith(`${o.field}/`)).sort(
      (a, b) => b.field.length - a.field.length,
    )[0];
    if (fromFile !== undefined && !(match && given(match.attribute))) {
      const inFile = field.slice('/body/'.length).split('/').join('.');
      return inFile ? `${inFile} in ${fromFile}` : fromFile;
    }
    if (!match) return field.slice('/body/'.length).split('/').join('.') || 'the request';
    const below = field
      .slice(match.field.length + 1)
      .split('/')
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? `#${Number(part) + 1}` : part));
    return [match.option, ...below].join(' ');
  };
}

/**
 * A refusal of notify as one line: what was being done, the option (or file field) at fault, the
 * problem's detail without the pointer it starts with, and its status and stable code. Exit 1, as
 * every request a service refused (exit-codes.ts); 502-504 are a service not answering (3).
 */
export function refusal(what: string, reply: HttpReply, nameField?: FieldNamer): CliError {
  const exitCode = reply.status >= 502 && reply.status <= 504 ? EXIT.UNREACHABLE : EXIT.INVALID;
  let problem: Partial<Problem>;
  try {
    problem = reply.json<Partial<Problem>>();
  } catch {
    return new CliError(`${what}: ${reply.status} ${reply.body.slice(0, 200)}`, exitCode);
  }
  const code = `(${reply.status}${problem.code ? ` ${problem.code}` : ''})`;
  const detail = String(problem.detail ?? problem.title ?? reply.body.slice(0, 200));
  if (reply.status === 401)
    return new CliError(`${what}: notify refused the token: ${detail} ${code}; ${TOKEN_HINT}`, exitCode);
  // From the network: a pointer only if it is a string (anything else is shown without a name).
  const field = typeof problem.field === 'string' ? problem.field : undefined;
  const name = field === undefined ? undefined : nameField?.(field);
  const errors = Array.isArray(problem.errors) ? problem.errors.length : 0;
  const more = errors > 1 ? ` (and ${errors - 1} more)` : '';
  if (name === undefined) return new CliError(`${what}: ${detail}${more} ${code}`, exitCode);
  // The schema's messages start with the pointer ("/body/channel/url must match format"): the name replaces it.
  const said = field !== undefined && detail.startsWith(`${field} `) ? detail.slice(field.length + 1) : detail;
  return new CliError(`${what}: ${name}: ${said}${more} ${code}`, exitCode);
}
