// `npm run openapi`: writes openapi/<service>.json, the client types generated from openapi/alerts.json,
// docs/messaging.md and docs/asyncapi.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  asyncapiJson,
  clientTypes,
  GENERATED_CLIENT_TYPES,
  messagingMarkdown,
  openapiDocuments,
} from './docs.generator.js';

const root = new URL('..', import.meta.url);
mkdirSync(new URL('openapi/', root), { recursive: true });
const documents = await openapiDocuments();
for (const [name, document] of Object.entries(documents)) {
  writeFileSync(new URL(`openapi/${name}.json`, root), JSON.stringify(document, null, 2) + '\n');
  console.log(`openapi/${name}.json`);
}
// Through JSON, as a client reads the file.
const alerts = JSON.parse(JSON.stringify(documents.alerts));
writeFileSync(new URL(GENERATED_CLIENT_TYPES, root), await clientTypes(alerts));
console.log(GENERATED_CLIENT_TYPES);
writeFileSync(new URL('docs/messaging.md', root), messagingMarkdown());
console.log('docs/messaging.md');
writeFileSync(new URL('docs/asyncapi.json', root), asyncapiJson());
console.log('docs/asyncapi.json');
