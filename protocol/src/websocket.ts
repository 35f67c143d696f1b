/** The GUID RFC 6455 (1.3) appends to a client's Sec-WebSocket-Key before hashing it into Sec-WebSocket-Accept. */
export const WEBSOCKET_ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Size of a WebSocket frame header (RFC 6455 5.2) for a payload length; a client's frames add a 4-byte mask. */
export function wsFrameHeaderBytes(payloadBytes: number, masked: boolean): number {
  const base = payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
  return masked ? base + 4 : base;
}
