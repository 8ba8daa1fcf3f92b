// The browser modules: every file of src/client compiled by esbuild to dist/public/js/ at the
// same path (the page loads /js/main.js, which imports the rest), with the code they share from
// workspace libraries (@svom/voevent/notice-json) split into chunks beside them. `tsc -p
// tsconfig.client.json` type-checks the same files; esbuild only strips types and resolves.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const entryPoints = readdirSync(`${root}src/client`, { recursive: true })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `${root}src/client/${file}`);

buildSync({
  entryPoints,
  outbase: `${root}src/client`,
  outdir: `${root}dist/public/js`,
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  // Libraries' TypeScript sources, as the tests read them: no dependency on their dist/.
  conditions: ['source'],
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
