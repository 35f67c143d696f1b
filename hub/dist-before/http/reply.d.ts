import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
/** One HTTP answer, before it is written. */
export interface Reply {
    status: string;
    headers: [string, string][];
    /** null for a response with no body (304). */
    body: string | Buffer | null;
}
/** Headers of every JSON answer. */
export declare const JSON_HEADERS: [string, string][];
/** A JSON answer. */
export declare function jsonReply(status: string, value: unknown, extra?: [string, string][]): Reply;
/** A JSON ErrorResponse with the status code taken from `status` ("404 Not Found"). */
export declare function errorReply(status: string, message: string, extra?: [string, string][]): Reply;
/** The headers writeReply writes for a reply, in order: the security headers, then the reply's own. */
export declare function writtenHeaders(reply: Reply): [string, string][];
/**
 * Writes a reply with the security headers every answer carries, and returns its
 * size on the wire. Call it in the handler's synchronous top, or inside res.cork()
 * after any await.
 */
export declare function writeReply(res: HttpResponse, reply: Reply): {
    payloadBytes: number;
    wireBytes: number;
};
/** Size of the request's head on the wire, rebuilt from what uWS parsed (its headers come lowercased). */
export declare function requestWireBytes(req: HttpRequest): number;
/** The text of an address uWS hands out as an ArrayBuffer. */
export declare function addressText(buffer: ArrayBuffer): string;
//# sourceMappingURL=reply.d.ts.map