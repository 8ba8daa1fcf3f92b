import { UnusableMessageError } from '@svom/service-kit';
import { AlertBurstMessage, XMPP_JSON_CONTAINER, type Subjects, type XmppNodes } from '@svom/contracts';
import { VOEVENT_NS } from '@svom/voevent';
import { xml } from '@xmpp/client';
import { parse, type Element } from 'ltx';

import { Value } from 'typebox/value';

/**
 * What one message of the ALERTS stream becomes in XMPP: pure (bytes in, items out). A notice is
 * one item in the node of every notice and one in the node of its name, in its own form (the
 * VOEvent element, or the JSON notice in a XEP-0335 container); a Burst Advocate action is one
 * item in the advocate nodes; anything else (a burst's state) publishes nothing. A message that
 * can never be published throws the kit's UnusableMessageError (a dead letter at once).
 */

export interface Publication {
  node: string;
  /** Public notice nodes are `open`; advocate nodes are `whitelist`. */
  access: 'open' | 'whitelist';
  itemId: string;
  payload: Element;
}

export interface AlertItems {
  kind: 'voevent' | 'json' | 'advocate' | 'none';
  /** The item id: the IVORN fragment (`sb26031401_mxt-initial_qf3`), `:<Pkt_Ser_Num>` from a name's second notice. */
  itemId: string;
  publications: Publication[];
}

/** The Burst Advocate actions published to the advocate nodes (AlertBurstMessage `change`). */
export const ADVOCATE_ACTIONS = ['comment', 'confirmed', 'retracted'] as const;

export interface AlertEnvelope {
  subject: string;
  data: Uint8Array;
}

export function alertItems(message: AlertEnvelope, subjects: Subjects, nodes: XmppNodes): AlertItems {
  const jsonRoot = subjects.alerts.notices.slice(0, -1);
  const voeventRoot = subjects.alerts.voevents.slice(0, -1);
  const burstRoot = subjects.alerts.bursts.slice(0, -1);
  const text = new TextDecoder().decode(message.data);
  if (message.subject.startsWith(jsonRoot)) {
    const name = message.subject.slice(jsonRoot.length);
    const itemId = jsonItemId(text);
    const payload = xml(XMPP_JSON_CONTAINER.name, { xmlns: XMPP_JSON_CONTAINER.xmlns }, text);
    return {
      kind: 'json',
      itemId,
      publications: [nodes.jsons, nodeOf(() => nodes.json(name))].map((node) => ({
        node,
        access: 'open' as const,
        itemId,
        payload,
      })),
    };
  }
  if (message.subject.startsWith(voeventRoot)) {
    const name = message.subject.slice(voeventRoot.length);
    const { itemId, element } = voEventItem(text);
    return {
      kind: 'voevent',
      itemId,
      publications: [nodes.voevents, nodeOf(() => nodes.voevent(name))].map((node) => ({
        node,
        access: 'open' as const,
        itemId,
        payload: element,
      })),
    };
  }
  if (message.subject.startsWith(burstRoot)) return advocateItems(text, nodes);
  return { kind: 'none', itemId: '', publications: [] };
}

/** The item id of a notice: the fragment of its IVORN, and `:<n>` from the second notice of a name. */
export function noticeItemId(ivorn: string, serialNumber: number): string {
  const fragment = ivorn.split('#')[1];
  if (!fragment || !/^[A-Za-z0-9._~-]{1,200}$/.test(fragment))
    throw new UnusableMessageError('BAD_IVORN', `no usable IVORN fragment in ${JSON.stringify(ivorn)}`);
  return serialNumber > 1 ? `${fragment}:${serialNumber}` : fragment;
}

function jsonItemId(text: string): string {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UnusableMessageError('NOT_JSON', `not JSON: ${(error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new UnusableMessageError('NOT_JSON', 'a notice is a JSON object');
  // The FSC forms carry `svom`; 201-205 (GCN's schema) carry it as JSON text in `additional_info`.
  let svom = json['svom'] as Record<string, unknown> | undefined;
  if (!svom && typeof json['additional_info'] === 'string') {
    try {
      svom = JSON.parse(json['additional_info'])?.svom;
    } catch {
      svom = undefined;
    }
  }
  const ivorn = svom?.['ivorn'];
  if (typeof ivorn !== 'string') throw new UnusableMessageError('BAD_IVORN', 'the notice names no IVORN (svom.ivorn)');
  const serial = json['record_number'];
  return noticeItemId(ivorn, typeof serial === 'number' && Number.isInteger(serial) ? serial : 1);
}

function voEventItem(text: string): { itemId: string; element: Element } {
  let element: Element;
  try {
    element = parse(text) as unknown as Element;
  } catch (error) {
    throw new UnusableMessageError('NOT_XML', `not XML: ${(error as Error).message}`);
  }
  if (element.getName() !== 'VOEvent' || element.getNS() !== VOEVENT_NS)
    throw new UnusableMessageError('NOT_VOEVENT', `the root element is ${element.name}, not a VOEvent 2.0`);
  const ivorn = element.attrs['ivorn'];
  if (typeof ivorn !== 'string') throw new UnusableMessageError('BAD_IVORN', 'the VOEvent has no ivorn');
  const serial = element
    .getChild('What')
    ?.getChildren('Param')
    .find((p) => p.attrs['name'] === 'Pkt_Ser_Num')?.attrs['value'];
  return { itemId: noticeItemId(ivorn, Number.parseInt(serial ?? '1', 10) || 1), element };
}

function advocateItems(text: string, nodes: XmppNodes): AlertItems {
  let burst: unknown;
  try {
    burst = JSON.parse(text);
  } catch (error) {
    throw new UnusableMessageError('NOT_JSON', `not JSON: ${(error as Error).message}`);
  }
  if (!Value.Check(AlertBurstMessage, burst))
    throw new UnusableMessageError('BAD_BURST', 'not a burst state message (AlertBurstMessage)');
  const action = ADVOCATE_ACTIONS.find((a) => a === burst.change);
  if (!action || !burst.advocate) return { kind: 'none', itemId: '', publications: [] };
  const itemId = `${burst.burstId}:${burst.version}`;
  const note = {
    burstId: burst.burstId,
    version: burst.version,
    action,
    status: burst.status,
    by: burst.advocate.actor,
    text: burst.advocate.text,
    at: burst.at,
  };
  const payload = xml(XMPP_JSON_CONTAINER.name, { xmlns: XMPP_JSON_CONTAINER.xmlns }, JSON.stringify(note));
  return {
    kind: 'advocate',
    itemId,
    publications: [nodes.advocate, nodes.advocateAction(action)].map((node) => ({
      node,
      access: 'whitelist' as const,
      itemId,
      payload,
    })),
  };
}

/** A node of a name that cannot be one (a subject token is stricter than any notice name). */
function nodeOf(build: () => string): string {
  try {
    return build();
  } catch (error) {
    throw new UnusableMessageError('BAD_NAME', (error as Error).message);
  }
}
