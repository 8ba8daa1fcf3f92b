import { type Command, Option } from 'commander';
import { mintPersonToken, ROLES, type Role } from '@svom/service-kit/identity';
import { jwtAlgorithm, jwtSecret } from '../common/environment.js';
import { numberIn } from '../common/parse-options.js';

/** `svom user token`: a person's JWT, signed with the key the local FSC verifies with. */
export function registerUserCommand(program: Command): void {
  const user = program.command('user').description("People's identities (JWTs with roles)");
  user
    .command('token')
    .description('Print a JWT for a person, signed with JWT_SECRET or the development key under DATA_DIR')
    .requiredOption('--name <name>', 'who the token is for (its subject)')
    .addOption(
      new Option('--role <role...>', 'role(s) it grants').choices(ROLES as unknown as string[]).makeOptionMandatory(),
    )
    .option('--hours <h>', 'validity in hours', numberIn(0.01, 24 * 365), 12)
    .addHelpText(
      'after',
      `
The key is JWT_SECRET when set, else DATA_DIR/jwt-secret (./data by default), generated once:
the same key \`svom start\` and the services use, so the token works against a local FSC.
The token carries its issuer (iss: svom-fsc) and expiry (exp), which the services require, and
is signed with JWT_ALGORITHM (HS256 by default), the only algorithm they accept.

Examples:
  svom user token --name alice --role operator
  svom user token --name bob --role burst-advocate scientist --hours 2
  TOKEN=$(svom user token --name ci --role operator) && curl -H "authorization: Bearer $TOKEN" ...`,
    )
    .action((options: { name: string; role: Role[]; hours: number }) => {
      const token = mintPersonToken(
        jwtSecret(),
        options.name,
        [...new Set(options.role)],
        Math.round(options.hours * 3600),
        jwtAlgorithm(),
      );
      process.stdout.write(`${token}\n`);
    });
}
