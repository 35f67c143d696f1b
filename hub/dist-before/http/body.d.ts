import type { HttpResponse } from 'uWebSockets.js';
import { type Reply } from './reply.js';
import type { InFlight } from './in-flight.js';
/** Reads a request body of at most `maxBytes`; resolves null when it is larger. Call in the handler's synchronous top. */
export declare function readBody(res: HttpResponse, maxBytes: number): Promise<string | null>;
/** Whether a request's Content-Type says JSON. */
export declare function isJsonContentType(contentType: string): boolean;
/**
 * Runs `work` after the handler returned and writes its reply, unless the client
 * went away; a rejection becomes a 500 naming `what`. Counted in `inFlight`, so a
 * shutdown waits for it. Call in the handler's synchronous top.
 */
export declare function answerLater(res: HttpResponse, inFlight: InFlight, what: string, work: () => Promise<Reply>): void;
//# sourceMappingURL=body.d.ts.map