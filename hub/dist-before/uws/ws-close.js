/** The reason uWS gives its close handler when it drops a frame over maxPayloadLength. */
const TOO_BIG_REASON = 'Received too big message';
/** A WebSocket close reason may carry at most 123 bytes (RFC 6455 5.5.1). */
const MAX_REASON_BYTES = 123;
/**
 * Whether uWS closed a socket because a frame was over maxPayloadLength. uWS
 * v20.30 closes such a socket abruptly (the peer sees 1006, not 1009) and tells
 * only its own close handler why, with code 1006 and this reason.
 */
export function isTooBigClose(code, message) {
    return code === 1006 && Buffer.from(message).toString('utf8') === TOO_BIG_REASON;
}
/** A close reason cut to what a close frame can carry, never splitting a character. */
export function closeReason(detail) {
    let reason = detail;
    while (Buffer.byteLength(reason) > MAX_REASON_BYTES)
        reason = reason.slice(0, -1);
    return reason;
}
//# sourceMappingURL=ws-close.js.map