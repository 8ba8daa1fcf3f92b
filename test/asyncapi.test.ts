/**
 * docs/asyncapi.json read by the real AsyncAPI parser (@asyncapi/parser, the one AsyncAPI's own
 * tools use), with every reference resolver made to fail: the document must be valid and whole
 * on its own, with no schema fetched from the network. Then what it says is held to the contracts:
 * every subject, message, schema and example is there, and the channel addresses are those the
 * subject builders make.
 */
import { readFileSync } from 'node:fs';
import { type Diagnostic, Parser } from '@asyncapi/parser';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, test } from 'vitest';
import { messageCatalog, subjectsFor } from '@svom/contracts';
import { ASYNCAPI_VERSION, channelAddress, publishedSchemas } from '@svom/contracts/published';

const document = JSON.parse(readFileSync(new URL('../docs/asyncapi.json', import.meta.url), 'utf8'));
const fetched: string[] = [];
const offline = (schema: string) => ({
  schema,
  read: (uri: { toString(): string }) => {
    fetched.push(uri.toString());
    throw new Error(`the AsyncAPI document must not reference ${uri.toString()}`);
  },
});
const parser = new Parser({ __unstable: { resolver: { resolvers: ['http', 'https', 'file'].map(offline) } } });
const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

describe('docs/asyncapi.json', () => {
  let diagnostics: Diagnostic[] = [];
  let parsed: Awaited<ReturnType<Parser['parse']>>['document'];
  beforeAll(async () => {
    ({ document: parsed, diagnostics } = await parser.parse(JSON.stringify(document)));
  });

  test('the AsyncAPI parser reads it offline with no error and no warning', () => {
    const listed = diagnostics.map((d) => `${SEVERITY[d.severity]} ${d.code} ${d.path.join('.')}: ${d.message}`);
    expect(fetched).toEqual([]);
    expect(listed.filter((d) => d.startsWith('error') || d.startsWith('warning'))).toEqual([]);
    // The only note: 3.1.0 exists. Issue 14 asks for 3.0; any other note fails here to be read.
    expect(listed).toEqual([expect.stringMatching(/^info asyncapi-latest-version /)]);
    expect(parsed?.version()).toBe(ASYNCAPI_VERSION);
  });

  test('a reference out of the document would be caught: the parser is really offline', async () => {
    const leaking = structuredClone(document);
    leaking.components.messages.alertBurst.payload = { $ref: publishedSchemas()[0]!.id };
    const { diagnostics: found } = await parser.parse(JSON.stringify(leaking));
    expect(fetched).toEqual([publishedSchemas()[0]!.id]);
    expect(found.some((d) => d.severity === 0)).toBe(true);
    fetched.length = 0;
  });

  test('has a channel, message and send operation per subject of the contracts, at the builders’ subject', () => {
    const channels = parsed!.channels();
    expect(channels.length).toBe(messageCatalog.length);
    const s = subjectsFor();
    const expectAddress: Record<string, (p: Record<string, string>) => string> = {
      vhfPacket: (p) => s.vhf.packet(p['source']!, p['message']!),
      stationHealth: (p) => s.vhf.station(p['stationId']!),
      followupRequest: (p) => s.followup.request(p['facility']!),
      followupReport: (p) => s.followup.report(p['facility']!),
      alertNotice: (p) => s.alerts.notice(p['name']!),
      alertVoEvent: (p) => s.alerts.voevent(p['name']!),
      alertBurst: (p) => s.alerts.burst(p['burstId']!),
      alertHeartbeat: () => s.alerts.heartbeat,
      planPublished: () => s.plan.published,
      planInterrupted: () => s.plan.interrupted,
    };
    for (const contract of messageCatalog) {
      const channel = channels.get(contract.name);
      expect(channel, contract.subject).toBeDefined();
      expect(channel!.address()).toBe(channelAddress(contract.subject));
      // Each parameter filled with a value it allows gives the subject the builder makes.
      const values: Record<string, string> = {};
      for (const parameter of channel!.parameters().all()) {
        expect(parameter.description(), `${contract.subject} {${parameter.id()}}`).toBeTruthy();
        values[parameter.id()] = String(parameter.schema()?.enum()?.at(-1) ?? 'X1');
      }
      const filled = channel!.address()!.replace(/\{(\w+)\}/g, (_m, name: string) => values[name]!);
      expect(filled).toBe(expectAddress[contract.name]!(values));
      expect(
        channel!
          .messages()
          .all()
          .map((m) => m.id()),
      ).toEqual([contract.name]);
      const operation = parsed!.operations().get(`send${contract.name[0]!.toUpperCase()}${contract.name.slice(1)}`);
      expect(operation?.action()).toBe('send');
      expect(operation?.channels().all()[0]?.id()).toBe(contract.name);
      // Marked public exactly when the PUBLIC account receives it (deploy/nats/accounts.conf).
      const tags = (channel!.json() as { tags?: Array<{ name: string }> }).tags?.map((t) => t.name);
      expect(tags).toEqual([contract.subscribers ? 'public' : 'internal']);
    }
    const noticeNames = channels.get('alertNotice')!.parameters().get('name')!.schema()!.enum();
    expect(noticeNames).toContain('mxt-initial_qf3');
    expect(noticeNames).not.toContain('external');
    const publicSubjects = messageCatalog.filter((m) => m.subscribers).map((m) => m.subject);
    expect(publicSubjects).toEqual(['svom.alerts.notice.<name>', 'svom.alerts.heartbeat']);
  });

  test('every payload schema is the published one, with its $id, and its example validates', () => {
    const schemas = document.components.schemas as Record<string, { $id: string; examples: unknown[] }>;
    for (const contract of messageCatalog.filter((m) => m.contentType === 'application/json')) {
      const payload = document.components.messages[contract.name].payload as { $ref: string };
      const schema = schemas[payload.$ref.replace('#/components/schemas/', '')]!;
      expect(schema.$id, contract.subject).toMatch(/^https:\/\/fsc\.svom\.eu\/schemas\/v1\//);
      expect(schema).toEqual(publishedSchemas().find((p) => p.id === schema.$id)?.schema);
      expect(document.components.messages[contract.name].examples[0].payload).toEqual(contract.example);
      expect(Value.Check(schema as never, contract.example), contract.subject).toBe(true);
      if (contract.schema) expect(schema.examples).toEqual([contract.example]);
    }
  });

  test('the production server asks for the credentials of an account; development for nothing', () => {
    const production = parsed!.servers().get('production')!;
    expect(production.protocol()).toBe('nats');
    expect(
      production
        .security()
        .flatMap((r) => r.all())
        .map((r) => r.scheme().type()),
    ).toEqual(['userPassword', 'userPassword']);
    expect(parsed!.servers().get('development')!.security()).toEqual([]);
  });
});
