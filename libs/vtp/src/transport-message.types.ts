/**
 * Shapes of the two kinds of VTP payload (VTP 2.0 §3.3): a VOEvent, opaque to the transport
 * apart from its identifier, and a Transport document of one of four roles.
 */

/** Namespace that Comet and the GCN Classic brokers put on `<Transport>`; we emit this one. */
export const TRANSPORT_NAMESPACE = 'http://www.telescope-networks.org/xml/Transport/v1.1';

/** `role` attribute of a Transport document (the schema's `roleType`). */
export type TransportRole = 'iamalive' | 'authenticate' | 'ack' | 'nak';

/** The roles the Transport schema allows, for checking untrusted input. */
export const TRANSPORT_ROLES: readonly TransportRole[] = ['iamalive', 'authenticate', 'ack', 'nak'];

/** `<Param name value/>` inside `<Meta>`: free-form identification (e.g. `IPAddr`, `Contact`). */
export interface TransportParam {
  name: string;
  value: string;
}

/** `<Meta>` of a Transport document; `params` is empty and `result` absent when there is none. */
export interface TransportMeta {
  params: TransportParam[];
  /** Human-readable outcome; the reason of a `nak`. */
  result?: string;
}

/** A parsed `<Transport>` document. */
export interface TransportMessage {
  kind: 'transport';
  role: TransportRole;
  /** `version` attribute (`1.0` everywhere in practice). */
  version: string;
  /** Broker IVOID for iamalive/authenticate, the VOEvent IVOID for ack/nak. */
  origin: string;
  /** Identifies the responder (subscriber or broker) in responses; absent otherwise. */
  response?: string;
  /** xs:dateTime text as received (UTC, usually with `Z`). */
  timestamp: string;
  meta: TransportMeta;
}

/** A VOEvent payload, identified without a full parse; `xml` is the exact text received. */
export interface VoEventMessage {
  kind: 'voevent';
  /** `ivorn` attribute of the root; empty when missing (an invalid VOEvent). */
  ivorn: string;
  /** `role` attribute: observation, prediction, utility or test. */
  role: string;
  xml: string;
}

/** Either kind of VTP payload. */
export type VtpMessage = TransportMessage | VoEventMessage;
