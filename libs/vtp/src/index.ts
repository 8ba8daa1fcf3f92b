/**
 * @svom/vtp: the VOEvent Transport Protocol (IVOA VTP 2.0): framing, Transport messages,
 * the broker (subscriber port), the receiver (author port), the subscriber client and the
 * one-shot author client.
 */
export { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES, FrameDecoder, encodeFrame } from './frame-decoder.js';
export type { DecodedFrame, FrameDecoderOptions } from './frame-decoder.js';
export type { FrameDropReason } from './framed-socket.js';
export type { RefusalReason } from './peer-guard.js';
export {
  VtpConfigError,
  VtpConnectionError,
  VtpError,
  VtpFrameTooLargeError,
  VtpParseError,
  VtpTimeoutError,
} from './errors.js';
export type { VtpErrorCode } from './errors.js';
export { TRANSPORT_NAMESPACE, TRANSPORT_ROLES } from './transport-message.types.js';
export type {
  TransportMessage,
  TransportMeta,
  TransportParam,
  TransportRole,
  VoEventMessage,
  VtpMessage,
} from './transport-message.types.js';
export {
  buildAck,
  buildAuthenticate,
  buildIamalive,
  buildIamaliveResponse,
  buildNak,
  buildTransport,
  formatTimestamp,
} from './transport-message.builder.js';
export type { ResponseOptions, TransportFields } from './transport-message.builder.js';
export { checkWellFormed, parseTransport, parseVtpMessage, peekVtpMessage } from './vtp-message.parser.js';
export type { VtpMessageHead } from './vtp-message.parser.js';
export { decodeXmlEntities, isXmlChar, scanRootElement } from './root-element.scanner.js';
export { voEventDigest } from './voevent-digest.js';
export type { RootElement } from './root-element.scanner.js';
export { LOOPBACK_ONLY, createAddressAllowlist, normaliseAddress } from './address-allowlist.js';
export type { AddressAllowlist } from './address-allowlist.js';
export { DEFAULT_BACKOFF, backoffDelayMs } from './reconnect-backoff.js';
export type { BackoffOptions } from './reconnect-backoff.js';
export { silentLogger } from './logger.js';
export type { VtpLogger } from './logger.js';
export {
  DEFAULT_AUTHOR_BURST,
  DEFAULT_AUTHOR_IDLE_TIMEOUT_MS,
  DEFAULT_AUTHOR_PIPELINE_DEPTH,
  DEFAULT_AUTHOR_PORT,
  DEFAULT_AUTHOR_RATE_PER_S,
  DEFAULT_BROKER_IVORN,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_DEAD_BROKER_INTERVALS,
  DEFAULT_FRAME_DEADLINE_MS,
  DEFAULT_HIGH_WATER_MARK_BYTES,
  DEFAULT_IAMALIVE_INTERVAL_MS,
  DEFAULT_IAMALIVE_TIMEOUT_MS,
  DEFAULT_MAX_AUTHOR_CONNECTIONS,
  DEFAULT_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_QUEUED_BYTES,
  DEFAULT_MAX_SUBSCRIBERS,
  DEFAULT_MAX_SUBSCRIBERS_PER_ADDRESS,
  DEFAULT_SUBSCRIBER_FRAME_BYTES,
  DEFAULT_SUBSCRIBER_IVORN,
  DEFAULT_SUBSCRIBER_PORT,
  DEFAULT_WRITE_DEADLINE_MS,
  MAX_IVORN_CHARS,
} from './vtp-defaults.js';
export { VtpBroker } from './vtp-broker.js';
export type {
  BrokerDropReason,
  BrokerFrameDropReason,
  DisconnectReason,
  PublishResult,
  PublishedEvent,
  SubscriberInfo,
  VtpBrokerEvents,
  VtpBrokerOptions,
  VtpBrokerStats,
} from './vtp-broker.types.js';
export { VtpReceiver } from './vtp-receiver.js';
export type {
  AcceptOutcome,
  AuthorDropReason,
  AuthorNakReason,
  ValidationOutcome,
  VtpReceiverEvents,
  VtpReceiverOptions,
  VtpReceiverStats,
} from './vtp-receiver.js';
export { VtpSubscriber } from './vtp-subscriber.js';
export type { VtpSubscriberEvents, VtpSubscriberOptions, VtpSubscriberStats } from './vtp-subscriber.js';
export { sendVoEvent } from './send-voevent.js';
export type { SendVoEventOptions, VoEventReceipt } from './send-voevent.js';
