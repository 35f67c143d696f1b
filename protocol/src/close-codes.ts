/**
 * WebSocket close codes the hub uses. 1000-1011 are RFC 6455's; 4000-4999 are
 * hostpulse's own, one per fault so a client (and the hub's fault counters) can tell
 * them apart.
 */
export const CloseCode = {
  /** Orderly close by either side. */
  normal: 1000,
  /** The hub is shutting down; reconnect later. */
  goingAway: 1001,
  /** A frame over the size limit (RFC 6455 "message too big"). */
  messageTooBig: 1009,
  /** A text frame that is not valid JSON, or a binary frame. */
  malformedJson: 4400,
  /** JSON that does not match any message the protocol defines. */
  invalidMessage: 4401,
  /** A hello announcing a protocol version the hub does not speak. */
  unsupportedVersion: 4402,
  /** A valid message at the wrong time, such as a sample before hello or for another host. */
  unexpectedMessage: 4403,
  /** An agent whose per-host token is not the one for the host id its hello named. */
  unauthorized: 4407,
  /** Another agent is already streaming for this host id. */
  hostIdConflict: 4409,
  /** A client too slow to read what it is sent; dropped so it cannot stall anyone else. */
  slowClientDropped: 4408,
  /**
   * A client sending faster than its rate limit: an agent's samples, new host ids
   * from one address, or a dashboard's messages.
   */
  rateLimited: 4429,
  /** A hello for a new host id while the hub already holds its --max-hosts. */
  tooManyHosts: 4507,
} as const;

/** Name of one close code. */
export type CloseCodeName = keyof typeof CloseCode;

/** Name of a close code number, or undefined for one the protocol does not define. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseCode) as CloseCodeName[]).find((name) => CloseCode[name] === code);
}

/**
 * RFC 6455 (7.4.1) names of codes the hub never sends but a client may still see:
 * 1006 when a connection dropped with no close frame, 1005 for a close frame with no code.
 */
const RFC_CLOSE_NAMES: Readonly<Record<number, string>> = {
  1002: 'protocolError',
  1003: 'unsupportedData',
  1005: 'noStatusReceived',
  1006: 'abnormalClosure',
  1007: 'invalidPayloadData',
  1008: 'policyViolation',
  1010: 'mandatoryExtension',
  1011: 'internalError',
  1015: 'tlsHandshakeFailed',
};

/** The name a client shows for any close code: the protocol's own, else RFC 6455's, else undefined. */
export function closeCodeLabel(code: number): string | undefined {
  return closeCodeName(code) ?? RFC_CLOSE_NAMES[code];
}
