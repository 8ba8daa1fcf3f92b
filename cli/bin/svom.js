#!/usr/bin/env node
// The `svom` bin of @svom/cli. Committed rather than built, so `npm install` links it into
// node_modules/.bin (npm links no bin whose file is missing, and dist/ is made after install):
// `npx svom` works in the repository once it is built.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('svom is not built yet: run `npm run build` in the repository (npm start and npm test build it too)');
  process.exit(3);
}
await import(main.href);
