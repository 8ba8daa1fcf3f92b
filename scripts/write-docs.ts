// `npm run openapi`: writes openapi/<service>.json, the REST types generated from them
// (libs/rest-api-types/src), docs/messaging.md and docs/asyncapi.json.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import {
  asyncapiJson,
  messagingMarkdown,
  openapiDocuments,
  REST_API_TYPES_DIR,
  restApiTypes,
} from './docs.generator.js';

const root = new URL('..', import.meta.url);
mkdirSync(new URL('openapi/', root), { recursive: true });
const documents = await openapiDocuments();
for (const [name, document] of Object.entries(documents)) {
  writeFileSync(new URL(`openapi/${name}.json`, root), JSON.stringify(document, null, 2) + '\n');
  console.log(`openapi/${name}.json`);
}
// Through JSON, as a client reads the files. The generated files of a service that is gone go.
const types = await restApiTypes(JSON.parse(JSON.stringify(documents)));
for (const file of readdirSync(new URL(REST_API_TYPES_DIR, root)))
  if (file.endsWith('.generated.ts') && !(`${REST_API_TYPES_DIR}${file}` in types))
    rmSync(new URL(`${REST_API_TYPES_DIR}${file}`, root));
for (const [path, text] of Object.entries(types)) {
  writeFileSync(new URL(path, root), text);
  console.log(path);
}
writeFileSync(new URL('docs/messaging.md', root), messagingMarkdown());
console.log('docs/messaging.md');
writeFileSync(new URL('docs/asyncapi.json', root), asyncapiJson());
console.log('docs/asyncapi.json');
