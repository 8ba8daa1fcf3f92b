import { subjectsFor, token } from './subjects.js';

/**
 * The XEP-0060 PubSub nodes the XMPP gateway publishes to, on the PubSub service
 * `pubsub.<domain>`. Their names mirror the NATS subjects (`svom.alerts.voevent.<name>`), so a
 * subscriber reads one naming scheme whatever the transport; like the subjects they are built here
 * only, with every token checked. A prefix (tests) roots them as the subjects are rooted.
 */
export function xmppNodesFor(prefix = '') {
  const root = subjectsFor(prefix).root;
  return {
    /** Every notice, the item payload its VOEvent 2.0 XML element. */
    voevents: `${root}.alerts.voevent`,
    /** The notices of one name (`mxt-initial_qf3`), as VOEvent. */
    voevent: (name: string) => `${root}.alerts.voevent.${token(name, 'notice name')}`,
    /** Every notice, the JSON notice in a XEP-0335 JSON container. */
    jsons: `${root}.alerts.json`,
    /** The notices of one name, as JSON. */
    json: (name: string) => `${root}.alerts.json.${token(name, 'notice name')}`,
    /** Burst Advocate comments, confirmations and retractions (whitelist: accounts the operator adds). */
    advocate: `${root}.advocate.comments`,
    /** The Burst Advocate notes of one action (`comment`, `confirmed`, `retracted`). */
    advocateAction: (action: string) => `${root}.advocate.comments.${token(action, 'advocate action')}`,
  } as const;
}

export type XmppNodes = ReturnType<typeof xmppNodesFor>;

/** XEP-0335 JSON Containers: the element a JSON item payload travels in. */
export const XMPP_JSON_CONTAINER = { name: 'json', xmlns: 'urn:xmpp:json:0' } as const;
