import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Command, Option } from 'commander';
import { colorsFor } from '../common/colors.js';
import { CliError, EXIT } from '../common/exit-codes.js';
import { progressBar } from '../common/progress-bar.js';
import { convertDocument, type JsonForm } from '../convert/document.js';
import { inputDocuments, type InputDocument } from '../convert/input-files.js';

interface ConvertOptions {
  out?: string;
  form: JsonForm;
}

/** `svom convert`: VOEvent XML → JSON, and JSON → VOEvent XML, on a file, a folder or stdin. */
export function registerConvertCommand(program: Command): void {
  program
    .command('convert')
    .description('Convert VOEvent XML to JSON and JSON back to VOEvent XML (a file, every file of a folder, or stdin)')
    .argument('<input>', 'a file, a folder (every .xml and .json below it), or - for stdin')
    .option(
      '-o, --out <path>',
      'where to write: a file, or a folder (mirrors the input tree); default stdout for one document, beside each file for a folder',
    )
    .addOption(
      new Option(
        '--form <form>',
        'JSON form of XML input: voevent (lossless, converts back) or notice (GCN-style FSC notice)',
      )
        .choices(['voevent', 'notice'])
        .default('voevent'),
    )
    .addHelpText(
      'after',
      `
The direction follows the content: XML becomes JSON, JSON becomes XML. The "voevent" JSON form
keeps everything and converts back to the same XML; the "notice" form is the GCN unified JSON
the FSC publishes (FSC notices only) and has no way back. In a folder, notice.xml gets a
notice.json beside it (an existing one is replaced); a progress bar shows on a terminal.
Exit 1 if any document could not be converted (the others still are).

Examples:
  svom convert eclairs_297.xml
  svom convert eclairs_297.xml --form notice | jq '.ra, .dec'
  cat notice.json | svom convert - > notice.xml
  svom convert testdata/notices --out /tmp/notices-json`,
    )
    .action(async (input: string, options: ConvertOptions) => {
      const { documents, isFolder } = inputDocuments(input);
      if (documents.length === 0) throw new CliError(`${input}: no .xml or .json file below it`, EXIT.INVALID);
      const c = colorsFor(process.stderr);
      const bar = progressBar(documents.length);
      let failed = 0;
      documents.forEach((document, i) => {
        bar.tick(i, document.relativePath);
        try {
          const converted = convertDocument(document.read(), { form: options.form, source: document.name });
          const target = targetOf(document, converted.kind, {
            out: options.out,
            isFolder,
            single: documents.length === 1,
          });
          if (target === undefined) process.stdout.write(converted.text);
          else {
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, converted.text);
          }
        } catch (error) {
          if (!(error instanceof CliError)) throw error;
          failed++;
          bar.done();
          process.stderr.write(`${c.red('✗')} ${error.message}\n`);
        }
      });
      bar.tick(documents.length, 'done');
      bar.done();
      if (isFolder)
        process.stderr.write(
          `converted ${documents.length - failed} of ${documents.length}${failed ? c.red(`, ${failed} failed`) : ''}\n`,
        );
      if (failed) process.exitCode = EXIT.INVALID;
    });
}

/** Where a converted document goes; undefined for stdout. */
function targetOf(
  document: InputDocument,
  kind: 'xml' | 'json',
  where: { out?: string | undefined; isFolder: boolean; single: boolean },
): string | undefined {
  const renamed = (path: string) => path.replace(/\.(xml|json)$/i, '') + `.${kind}`;
  if (where.out === undefined) return where.isFolder && document.path ? renamed(document.path) : undefined;
  const outIsFolder =
    where.isFolder || where.out.endsWith('/') || (existsSync(where.out) && statSync(where.out).isDirectory());
  if (!outIsFolder) return where.out;
  return join(
    where.out,
    renamed(where.isFolder ? document.relativePath : document.path ? basename(document.path) : `stdin.${kind}`),
  );
}
