import type { Command } from 'commander';
import { sendVoEvent, VtpConnectionError, VtpTimeoutError } from '@svom/vtp';
import { colorsFor } from '../common/colors.js';
import { CliError, EXIT, usageError } from '../common/exit-codes.js';
import { hostPort, numberIn } from '../common/parse-options.js';
import { inputDocuments } from '../convert/input-files.js';

interface SendOptions {
  to: { host: string; port: number };
  timeout: number;
}

const DEFAULT_AUTHOR_PORT = '127.0.0.1:8098';

/**
 * `svom send`: submit VOEvents to a VTP broker's author port, as `comet-sendvo` does: one
 * connection per event, the broker's ack or nak reported per file.
 */
export function registerSendCommand(program: Command): void {
  program
    .command('send')
    .description("Submit VOEvents to a VTP broker's author port (as comet-sendvo): ack or nak per file")
    .argument('<file|folder|->', 'a VOEvent XML file, a folder of them, or - for stdin')
    .option(
      '--to <host:port>',
      `the broker's author port (default ${DEFAULT_AUTHOR_PORT})`,
      hostPort,
      hostPort(DEFAULT_AUTHOR_PORT),
    )
    .option('--timeout <seconds>', 'give up on a broker that sends no receipt (default 10)', numberIn(0.1, 3600), 10)
    .addHelpText(
      'after',
      `
One line per event: "ack" or "nak" with the broker's reason. Exit 0 when every event was acked,
1 when the broker refused at least one (nak), 3 when it could not be reached or sent no receipt.
Folders are read recursively (.xml only, sorted). The FSC admits authors by address (its author
allowlist): ask its operators to add yours.

Examples:
  svom send notice.xml
  svom send notices/ --to fsc.example.org:8098
  svom convert notice.json | svom send -`,
    )
    .action(async (target: string, options: SendOptions) => {
      const documents = inputDocuments(target).documents.filter((d) => d.name === '-' || /\.xml$/i.test(d.name));
      if (documents.length === 0) throw usageError(`${target}: no .xml file to send`);
      const c = colorsFor();
      let refused = 0;
      for (const document of documents) {
        const xml = document.read();
        let receipt;
        try {
          receipt = await sendVoEvent(options.to.host, options.to.port, xml, { timeoutMs: options.timeout * 1000 });
        } catch (error) {
          if (error instanceof VtpConnectionError || error instanceof VtpTimeoutError)
            throw new CliError(`${document.name}: ${error.message}`, EXIT.UNREACHABLE, { cause: error });
          throw error;
        }
        const reason = receipt.meta?.result ?? '';
        if (receipt.role === 'ack') process.stdout.write(`${c.green('ack')} ${document.name}\n`);
        else {
          refused += 1;
          process.stdout.write(`${c.red('nak')} ${document.name}${reason ? `: ${reason}` : ''}\n`);
        }
      }
      if (refused > 0) throw new CliError(`${refused} of ${documents.length} refused by the broker`, EXIT.INVALID);
    });
}
