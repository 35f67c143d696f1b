/** The reason uWS gives its close handler when it drops a frame over maxPayloadLength. */
const TOO_BIG_REASON = 'Received too big message';

/**
 * Whether uWS closed a socket because a frame was over maxPayloadLength. uWS
 * v20.30 closes such a socket abruptly (the peer sees 1006, not 1009) and tells
 * only its own close handler why, with code 1006 and this reason.
 */
export function isTooBigClose(code: number, message: ArrayBuffer): boolean {
  return code === 1006 && Buffer.from(message).toString('utf8') === TOO_BIG_REASON;
}
