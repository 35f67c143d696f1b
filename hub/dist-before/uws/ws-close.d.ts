/**
 * Whether uWS closed a socket because a frame was over maxPayloadLength. uWS
 * v20.30 closes such a socket abruptly (the peer sees 1006, not 1009) and tells
 * only its own close handler why, with code 1006 and this reason.
 */
export declare function isTooBigClose(code: number, message: ArrayBuffer): boolean;
/** A close reason cut to what a close frame can carry, never splitting a character. */
export declare function closeReason(detail: string): string;
//# sourceMappingURL=ws-close.d.ts.map