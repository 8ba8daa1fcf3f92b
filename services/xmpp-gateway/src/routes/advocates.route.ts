import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { kitProblem, problems, problemsWith, problemWith } from '@svom/service-kit';
import { Type } from 'typebox';
import { XmppGatewayErrors } from '../errors.js';
import { ADVOCATE_ACTIONS } from '../publish/alert-items.js';
import type { XmppGatewayRuntime } from '../runtime.js';

const BARE_JID = /^[^@/\s]{1,256}@[A-Za-z0-9.-]{1,253}$/;
const Jid = Type.String({ description: 'a bare JID, user@domain', maxLength: 512 });
/** The whitelist, documented with the members a route leaves (`jdoe@fsc.svom.eu` added or removed). */
const advocates = (members: string[]) =>
  Type.Object(
    {
      nodes: Type.Array(Type.String()),
      members: Type.Array(Jid, { description: 'accounts that may read the advocate nodes (whitelist)' }),
    },
    {
      title: 'Advocates',
      examples: [
        {
          nodes: [
            'svom.advocate.comments',
            'svom.advocate.comments.comment',
            'svom.advocate.comments.confirmed',
            'svom.advocate.comments.retracted',
          ],
          members,
        },
      ],
    },
  );
const ON_DUTY = ['ba-duty@fsc.svom.eu', 'jdoe@fsc.svom.eu'];
/** A JID in the path that is not bare (a resource, no domain) is refused beside a malformed path. */
const badJid = problemsWith(400, kitProblem(400), {
  code: 'XMPP_GATEWAY_BAD_JID',
  detail: 'ba-duty@fsc.svom.eu/laptop is not a bare JID (user@domain)',
  field: '/params/jid',
});
/** What the routes answer while the XMPP server is away (the link's last error). */
const away = problemWith(
  503,
  'XMPP_GATEWAY_XMPP_AWAY',
  'the XMPP server is not connected (connect ECONNREFUSED 10.0.3.12:5223); retry later',
);

/**
 * The Burst Advocate node family is `whitelist`: an operator names the XMPP accounts that may
 * subscribe and read. Prosody keeps the affiliations with the nodes (nothing stored here).
 */
export async function advocatesRoute(app: FastifyInstance, runtime: XmppGatewayRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const family = () => [runtime.nodes.advocate, ...ADVOCATE_ACTIONS.map((a) => runtime.nodes.advocateAction(a))];
  const online = async () => {
    if (!runtime.link.online) throw new XmppGatewayErrors.XmppAway(runtime.link.lastError ?? 'connecting');
    for (const node of family()) await runtime.link.ensureNode(node, 'whitelist');
  };
  const members = async () =>
    (await runtime.link.pubsub.affiliations(runtime.nodes.advocate))
      .filter((a) => a.affiliation === 'member')
      .map((a) => a.jid)
      .sort();
  const setEveryNode = async (jid: string, affiliation: 'member' | 'none') => {
    for (const node of family()) await runtime.link.pubsub.setAffiliations(node, [{ jid, affiliation }]);
  };
  const jidOf = (jid: string) => {
    if (!BARE_JID.test(jid)) throw Object.assign(new XmppGatewayErrors.BadJid(jid), { field: '/params/jid' });
    return jid.toLowerCase();
  };

  r.get(
    '/v1/advocates',
    {
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['advocates'],
        summary: 'The accounts that may read the Burst Advocate nodes',
        security: [{ personJwt: [] }],
        response: { 200: advocates(ON_DUTY), ...problems(401, 403), ...away },
      },
    },
    async () => {
      await online();
      return { nodes: family(), members: await members() };
    },
  );

  r.put(
    '/v1/advocates/:jid',
    {
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['advocates'],
        summary: 'Lets an account read the Burst Advocate nodes (member of each)',
        security: [{ personJwt: [] }],
        params: Type.Object({ jid: Jid }),
        response: { 200: advocates(ON_DUTY), ...badJid, ...problems(401, 403), ...away },
      },
    },
    async (request) => {
      const jid = jidOf(request.params.jid);
      await online();
      await setEveryNode(jid, 'member');
      request.log.info({ jid }, 'advocate account added');
      return { nodes: family(), members: await members() };
    },
  );

  r.delete(
    '/v1/advocates/:jid',
    {
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['advocates'],
        summary: 'Takes an account off the Burst Advocate nodes',
        security: [{ personJwt: [] }],
        params: Type.Object({ jid: Jid }),
        response: { 200: advocates(['ba-duty@fsc.svom.eu']), ...badJid, ...problems(401, 403), ...away },
      },
    },
    async (request) => {
      const jid = jidOf(request.params.jid);
      await online();
      await setEveryNode(jid, 'none');
      request.log.info({ jid }, 'advocate account removed');
      return { nodes: family(), members: await members() };
    },
  );
}
