// `npm run openapi`: writes openapi/<service>.json, docs/messaging.md and docs/asyncapi.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { asyncapiJson, messagingMarkdown, openapiDocuments } from './docs.generator.js';

const root = new URL('..', import.meta.url);
mkdirSync(new URL('openapi/', root), { recursive: true });
for (const [name, document] of Object.entries(await openapiDocuments())) {
  writeFileSync(new URL(`openapi/${name}.json`, root), JSON.stringify(document, null, 2) + '\n');
  console.log(`openapi/${name}.json`);
}
writeFileSync(new URL('docs/messaging.md', root), messagingMarkdown());
console.log('docs/messaging.md');
writeFileSync(new URL('docs/asyncapi.json', root), asyncapiJson());
console.log('docs/asyncapi.json');
