/**
 * A ceiling for the one-shot author bench, run in its own process as the service is:
 * `node --conditions=source --import tsx one-shot-ceiling.server.ts <bare|xsd|receiver>`. It accepts VTP
 * author connections and answers each frame with a canned ack, either at once (`bare`: what the
 * connection pattern alone costs on this machine) or once the service's own XSD pool has
 * validated the event (`xsd`: what the pattern costs with the one check no author event may
 * skip), or through the service's own `VtpReceiver` with that pool (`receiver`: every check and
 * limit of the author port). Nothing is stored or published, so the FSC cannot beat these
 * figures: the gap between them and the FSC is what durability and redistribution cost. Prints the port on stdout, then serves until
 * killed.
 */
import { createServer } from 'node:net';
import { encodeFrame, FrameDecoder, VtpReceiver } from '@svom/vtp';
import { XsdValidatorPool } from '../src/vtp/xsd-validator.pool.js';

const mode = process.argv[2] as 'bare' | 'xsd' | 'receiver';
const ack = encodeFrame('<trn:Transport role="ack" version="1.0"/>');
const nak = encodeFrame('<trn:Transport role="nak" version="1.0"/>');
const xsd = mode === 'bare' ? undefined : new XsdValidatorPool();
xsd?.start();

if (mode === 'receiver') {
  // The service's author port without its store: every check and limit, then 'new' at once.
  const receiver = new VtpReceiver({
    host: '127.0.0.1',
    port: 0,
    allowlist: ['127.0.0.1'],
    maxConnectionsPerAddress: 256,
    ratePerS: 0,
    validate: (xml) => xsd!.validate(xml),
    accept: async () => 'new',
  });
  process.stdout.write(`${await receiver.listen()}\n`);
}

const server =
  mode === 'receiver'
    ? undefined
    : createServer({ noDelay: true }, (socket) => {
        const decoder = new FrameDecoder();
        socket.on('error', () => undefined);
        socket.on('data', (chunk) => {
          for (const payload of decoder.push(chunk)) {
            if (xsd === undefined) socket.write(ack);
            else
              void xsd.validate(payload.toString('utf8')).then(
                (r) => socket.writable && socket.write(r.valid ? ack : nak),
                () => socket.destroy(),
              );
          }
        });
      });
server?.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
