// One-shot of the compose stack (`tls-init`): a self-signed certificate for every FSC service
// name and the three NATS nodes (their client port, deploy/nats/client-tls.conf), written once to /run/tls (a volume shared read-only by the services), so the web
// service can verify its upstreams and clients can trust one file. Files already there (your
// own certificate, or a previous run's) are kept. Runs in the FSC image, with its node_modules.
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';

const dir = process.env.TLS_DIR ?? '/run/tls';
const certPath = `${dir}/cert.pem`;
const keyPath = `${dir}/key.pem`;
if (existsSync(certPath) && existsSync(keyPath)) {
  console.log(`make-tls: ${certPath} exists, kept`);
  process.exit(0);
}
const require = createRequire('/app/libs/service-kit/package.json');
const { generate } = require('selfsigned');
const names = [
  'localhost',
  'web',
  'vhf-ingest',
  'alerts',
  'followup',
  'scheduler',
  'notify',
  'xmpp-gateway',
  'nats-1',
  'nats-2',
  'nats-3',
  ...(process.env.TLS_EXTRA_NAMES ?? '').split(',').filter(Boolean),
];
const pems = await generate([{ name: 'commonName', value: 'svom-fsc' }], {
  keySize: 2048,
  days: 825,
  algorithm: 'sha256',
  extensions: [
    {
      name: 'subjectAltName',
      // A name that is an address (the OpenStack floating IP) is an IP entry: clients check
      // an address they connect to against IP entries only.
      altNames: [
        ...names.map((value) => (isIP(value) ? { type: 7, ip: value } : { type: 2, value })),
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ],
});
// 0640, group 1000: the NATS containers read it through `group_add: ["1000"]` (the local
// stand-in image drops root for its own user and keeps that group; the official one is root).
writeFileSync(keyPath, pems.private, { mode: 0o640 });
writeFileSync(certPath, pems.cert, { mode: 0o644 });
// Run as root to write a host directory (OpenStack role): the key goes to the services' user.
if (process.getuid?.() === 0) for (const file of [keyPath, certPath]) chownSync(file, 1000, 1000);
console.log(`make-tls: wrote ${certPath} for ${names.join(', ')}`);
