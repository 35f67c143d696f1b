import { Type, type Static } from '@sinclair/typebox';
import { STRICT } from './schema-options.js';

/**
 * An HTTP head as it crossed the wire: the request or status line, the headers in
 * order (request header names come lower-cased, as the hub's HTTP parser hands them
 * over), and its size in bytes including every CRLF. Credentials (Authorization,
 * Cookie) are shown with their values replaced by a same-length mask.
 */
export const HttpHeadSchema = Type.Object({
  line: Type.String(),
  headers: Type.Array(Type.Tuple([Type.String(), Type.String()])),
  bytes: Type.Integer({ minimum: 0 }),
}, STRICT);

/** Dashboard -> hub on /live: send me this socket's handshake. */
export const InspectSchema = Type.Object({
  type: Type.Literal('inspect'),
}, STRICT);

/**
 * Hub -> dashboard, the answer to `inspect`: the upgrade request as the hub received
 * it and the `101 Switching Protocols` it answered with. Browsers hide both from
 * page scripts, so the hub keeps them for each socket.
 */
export const HandshakeSchema = Type.Object({
  type: Type.Literal('handshake'),
  request: HttpHeadSchema,
  response: HttpHeadSchema,
}, STRICT);

/** One poll request and the hub's answer to it. */
export const PollExchangeSchema = Type.Object({
  tsMs: Type.Integer({ minimum: 0 }),
  request: HttpHeadSchema,
  response: HttpHeadSchema,
  /** Body bytes after the response head; 0 for a 304. */
  bodyBytes: Type.Integer({ minimum: 0 }),
}, STRICT);

/**
 * GET /api/inspect, sent with the poller's client-id header: the last poll exchanges
 * of that client, oldest first. The first call starts recording them; recording stops
 * when the calls stop. Not counted as polling.
 */
export const InspectResponseSchema = Type.Object({
  clientId: Type.String(),
  exchanges: Type.Array(PollExchangeSchema),
}, STRICT);

export type HttpHead = Static<typeof HttpHeadSchema>;
export type Inspect = Static<typeof InspectSchema>;
export type Handshake = Static<typeof HandshakeSchema>;
export type PollExchange = Static<typeof PollExchangeSchema>;
export type InspectResponse = Static<typeof InspectResponseSchema>;
