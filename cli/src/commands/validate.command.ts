import type { Command } from 'commander';
import { colorsFor } from '../common/colors.js';
import { CliError, EXIT } from '../common/exit-codes.js';
import { progressBar } from '../common/progress-bar.js';
import { inputDocuments } from '../convert/input-files.js';
import { validateDocument, type ValidationProblem } from '../convert/validate-document.js';

/** `svom validate`: VOEvent XML against the XSD, JSON notices against their schemas. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Validate VOEvent XML (VOEvent 2.0 XSD) and JSON notices (the schema their $schema names)')
    .argument('<input>', 'a file, a folder (every .xml and .json below it), or - for stdin')
    .option('-q, --quiet', 'print only the invalid documents')
    .option('--json', 'one JSON line per document: {file, valid, against, problems:[{line, field, message}]}')
    .addHelpText(
      'after',
      `
Each problem names the file, the line (and column when known) and, for JSON, the field as a
JSON Pointer: "notice.json:14: /ra_dec_error: must be >= 0". JSON notices must name their
schema in $schema (GCN's svom/trigger, the FSC's mxt, vt, retraction, or the VOEvent JSON form).
Exit 0 when every document is valid, 1 when any is not.

Examples:
  svom validate notice.xml
  svom validate testdata/notices -q
  svom convert notice.xml | svom validate -
  svom validate notices/ --json | jq -c 'select(.valid | not)'`,
    )
    .action(async (input: string, options: { quiet?: boolean; json?: boolean }) => {
      const { documents, isFolder } = inputDocuments(input);
      if (documents.length === 0) throw new CliError(`${input}: no .xml or .json file below it`, EXIT.INVALID);
      const c = colorsFor();
      const bar = progressBar(documents.length);
      let invalid = 0;
      documents.forEach((document, i) => {
        bar.tick(i, document.relativePath);
        const result = validateDocument(document.read(), document.name);
        const valid = result.problems.length === 0;
        if (!valid) invalid++;
        if (options.json) {
          bar.done();
          process.stdout.write(
            `${JSON.stringify({ file: document.name, valid, against: result.against, problems: result.problems })}\n`,
          );
          return;
        }
        if (valid && options.quiet) return;
        bar.done();
        const mark = valid ? c.green('✓') : c.red('✗');
        const lines = [
          `${mark} ${document.name}  ${c.dim(result.against)}`,
          ...result.problems.map(
            (p) => `    ${where(document.name, p)}: ${p.field ? `${c.cyan(p.field)}: ` : ''}${p.message}`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
      bar.done();
      if (isFolder && !options.json)
        process.stderr.write(
          `${documents.length - invalid} valid, ${invalid ? c.red(`${invalid} invalid`) : '0 invalid'}\n`,
        );
      if (invalid) process.exitCode = EXIT.INVALID;
    });
}

function where(name: string, p: ValidationProblem): string {
  return `${name}${p.line ? `:${p.line}` : ''}${p.line && p.column ? `:${p.column}` : ''}`;
}
