import { SVOM_NOTICE_NAMES } from '@svom/voevent';
import { messageCatalog, type MessageContract } from '../catalog.js';
import { ALERT_NOTICE_ENVELOPE_SCHEMA, ALERT_NOTICE_SCHEMAS } from '../messages/alert-notice.message.js';
import { VHF_PACKET_VARIANTS } from '../messages/vhf-packet.message.js';
import { PUBLIC_JS_API_PREFIX, PUBLIC_NOTICE_STREAM } from '../public-access.js';
import { publishedSchemas, type PublishedSchema } from './published-schemas.js';

/** The AsyncAPI version of the document: 3.0, as issue 14 asks (the parser notes 3.1 exists). */
export const ASYNCAPI_VERSION = '3.0.0';

type Json = Record<string, unknown>;

/** `<token>` → `{token}`: the catalog's subject as an AsyncAPI channel address. */
export function channelAddress(subject: string): string {
  return subject.replace(/<(\w+)>/g, '{$1}');
}

/** The variable tokens of a catalog subject, in order. */
function tokens(subject: string): string[] {
  return [...subject.matchAll(/<(\w+)>/g)].map((m) => m[1]!);
}

const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** What a token may be, where the contracts know the values: the rest are free subject tokens. */
function parameterValues(contract: MessageContract, token: string): Json {
  const variants = Object.keys(VHF_PACKET_VARIANTS).map((v) => v.split('/') as [string, string]);
  const distinct = (values: string[]) => [...new Set(values)].sort();
  if (contract.name === 'vhfPacket' && token === 'source') return { enum: distinct(variants.map(([s]) => s)) };
  if (contract.name === 'vhfPacket' && token === 'message') return { enum: distinct(variants.map(([, m]) => m)) };
  if (contract.name === 'alertNotice') return { enum: [...SVOM_NOTICE_NAMES] };
  if (contract.name === 'alertVoEvent') return { enum: [...SVOM_NOTICE_NAMES, 'external'] };
  return {};
}

/** The published schema of a JSON message's payload (for a notice, the envelope all share). */
function payloadSchema(contract: MessageContract): PublishedSchema | undefined {
  if (contract.contentType !== 'application/json') return undefined;
  const id =
    contract.name === 'alertNotice'
      ? ALERT_NOTICE_ENVELOPE_SCHEMA
      : (contract.schema as { $id?: string } | undefined)?.$id;
  const published = publishedSchemas().find((s) => s.id === id);
  if (!published) throw new Error(`${contract.subject}: no published schema has the $id ${String(id)}`);
  return published;
}

/** A component name for a published schema: `v1/messages/alert-burst.schema.json` → `AlertBurst`. */
function schemaKey(schema: PublishedSchema): string {
  const words = schema.path
    .replace(/\.schema\.json$/, '')
    .split(/[/-]/)
    .filter((w) => !/^v\d+$/.test(w) && w !== 'messages')
    .map((w) => (w === 'notices' ? 'notice' : w));
  return words.map(pascal).join('');
}

/** A message's payload: a reference to its schema among the components, or the VOEvent string. */
function payloadOf(contract: MessageContract): Json {
  const schema = payloadSchema(contract);
  if (schema) return { $ref: `#/components/schemas/${schemaKey(schema)}` };
  return { type: 'string', description: 'a VOEvent 2.0 XML document', examples: [contract.example] };
}

function headersOf(contract: MessageContract): Json | undefined {
  const headers: Record<string, Json> = {};
  if (contract.msgId !== 'none')
    headers['Nats-Msg-Id'] = {
      type: 'string',
      description: `${contract.msgId}: JetStream stores a message once per id within 10 minutes`,
    };
  for (const [name, description] of Object.entries(contract.headers ?? {}))
    headers[name] = { type: 'string', description };
  return Object.keys(headers).length ? { type: 'object', properties: headers } : undefined;
}

function messageOf(contract: MessageContract): Json {
  const headers = headersOf(contract);
  const notice = contract.name === 'alertNotice';
  return {
    name: contract.name,
    title: pascal(contract.name),
    summary: contract.description,
    contentType: contract.contentType,
    ...(headers ? { headers } : {}),
    payload: payloadOf(contract),
    ...(notice
      ? {
          description: `The payload schema is the envelope every notice shares (${ALERT_NOTICE_ENVELOPE_SCHEMA}); the full schema of a notice is the one its \`$schema\` names, each served at its URL: ${Object.values(ALERT_NOTICE_SCHEMAS).join(', ')}.`,
        }
      : {}),
    examples: [{ name: `${contract.name}Example`, payload: contract.example }],
  };
}

function channelOf(contract: MessageContract): Json {
  const parameters = Object.fromEntries(
    tokens(contract.subject).map((token) => {
      const description = contract.parameters?.[token];
      if (!description) throw new Error(`${contract.subject}: the token <${token}> has no description`);
      return [token, { description, ...parameterValues(contract, token) }];
    }),
  );
  const kept = contract.stream.startsWith('—')
    ? 'Not kept (core NATS).'
    : `Kept in the JetStream stream ${contract.stream}.`;
  const subscribers = contract.subscribers
    ? `PUBLIC account (outside subscribers): ${contract.subscribers}.`
    : 'Not visible to the PUBLIC account.';
  return {
    address: channelAddress(contract.subject),
    title: contract.subject,
    description: `${contract.description} Published by ${contract.publisher}. ${kept} ${subscribers}`,
    ...(Object.keys(parameters).length ? { parameters } : {}),
    messages: { [contract.name]: { $ref: `#/components/messages/${contract.name}` } },
    tags: [{ name: contract.subscribers ? 'public' : 'internal' }],
  };
}

function operationOf(contract: MessageContract): Json {
  return {
    action: 'send',
    channel: { $ref: `#/channels/${contract.name}` },
    summary: `${contract.publisher} publishes ${contract.subject}`,
    messages: [{ $ref: `#/channels/${contract.name}/messages/${contract.name}` }],
    tags: [{ name: contract.subscribers ? 'public' : 'internal' }],
  };
}

/**
 * The AsyncAPI 3.0 document of the FSC's NATS messages, from the contracts: a channel, message
 * and `send` operation per catalog entry, every payload schema with its `$id` and example, the
 * servers and the accounts that guard them. Self-contained (no `$ref` leaves the document), so a
 * reader needs no network; docs/asyncapi.json is this, written by `npm run openapi`.
 */
export function asyncapiDocument(): Json {
  const schemas = Object.fromEntries(
    messageCatalog.flatMap((m) => {
      const schema = payloadSchema(m);
      return schema ? [[schemaKey(schema), schema.schema]] : [];
    }),
  );
  return {
    asyncapi: ASYNCAPI_VERSION,
    id: 'urn:eu:svom:fsc:nats',
    info: {
      title: 'SVOM FSC — NATS messages',
      version: '1.0.0',
      description: [
        'Every message the French Science Center of SVOM publishes on NATS, generated from libs/contracts.',
        'Subjects are rooted at `svom` (`<prefix>.svom` only for test suites sharing a server).',
        'Outside subscribers use the PUBLIC account: the JSON notices and the heartbeat live, and the notices replayed',
        `from the JetStream stream ${PUBLIC_NOTICE_STREAM} through ordered consumers under the JetStream API prefix`,
        `\`${PUBLIC_JS_API_PREFIX}\` (docs/subscribe.md). Payload schemas are versioned in their \`$id\` and served at it;`,
        'the evolution rule is in docs/schemas.md: within a major version, properties are only added, so a reader ignores',
        'properties it does not know.',
      ].join(' '),
      tags: [
        { name: 'public', description: 'received by the PUBLIC account (outside subscribers)' },
        { name: 'internal', description: 'between the FSC services (account FSC) only' },
      ],
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: '{host}:4222',
        protocol: 'nats',
        title: 'The FSC NATS cluster',
        description:
          'TLS on the client port, always (a self-signed certificate comes with the credentials as NATS_CA). Users authenticate with a user and password: an outside subscriber in the account PUBLIC, the services in the account FSC. The cluster has three nodes and they do not advertise each other: give a client every URL of NATS_URL (comma-separated in the credentials file; compose publishes them on ports 4222, 4223 and 4224 of one host, OpenStack on port 4222 of each node) so that it fails over when a node is down.',
        variables: {
          host: {
            default: 'fsc.svom.eu',
            description: 'the public host name of a node (NATS_URL of the credentials file names every node)',
          },
        },
        security: [
          { $ref: '#/components/securitySchemes/publicAccount' },
          { $ref: '#/components/securitySchemes/fscAccount' },
        ],
      },
      development: {
        host: '127.0.0.1:4222',
        protocol: 'nats',
        title: 'npm start on one machine',
        description: 'One nats-server with JetStream, no TLS and no authentication: development and the tests.',
      },
    },
    channels: Object.fromEntries(messageCatalog.map((m) => [m.name, channelOf(m)])),
    operations: Object.fromEntries(messageCatalog.map((m) => [`send${pascal(m.name)}`, operationOf(m)])),
    components: {
      schemas,
      messages: Object.fromEntries(messageCatalog.map((m) => [m.name, messageOf(m)])),
      securitySchemes: {
        publicAccount: {
          type: 'userPassword',
          description:
            'An outside subscriber of the NATS account PUBLIC: the user and password of `svom subscriber add <name>` (a file of NATS_URL, NATS_USER, NATS_PASSWORD), over TLS only. Receives the channels tagged public, nothing else; publishes only the JetStream API calls of a replay.',
        },
        fscAccount: {
          type: 'userPassword',
          description: 'The FSC services (NATS account FSC, user fsc, NATS_USER / NATS_PASSWORD of each service).',
        },
      },
    },
  };
}
