import { errorReply, writeReply } from './reply.js';
/** Reads a request body of at most `maxBytes`; resolves null when it is larger. Call in the handler's synchronous top. */
export function readBody(res, maxBytes) {
    return new Promise((resolve) => {
        const chunks = [];
        let size = 0;
        res.onData((chunk, isLast) => {
            size += chunk.byteLength;
            // The chunk is only valid during this call: copy it.
            if (size <= maxBytes)
                chunks.push(Buffer.from(chunk.slice(0)));
            if (isLast)
                resolve(size <= maxBytes ? Buffer.concat(chunks).toString('utf8') : null);
        });
    });
}
/** Whether a request's Content-Type says JSON. */
export function isJsonContentType(contentType) {
    return /^application\/json\s*(;|$)/i.test(contentType);
}
/**
 * Runs `work` after the handler returned and writes its reply, unless the client
 * went away; a rejection becomes a 500 naming `what`. Counted in `inFlight`, so a
 * shutdown waits for it. Call in the handler's synchronous top.
 */
export function answerLater(res, inFlight, what, work) {
    let aborted = false;
    const done = inFlight.begin();
    res.onAborted(() => {
        aborted = true;
        done();
    });
    work()
        .catch((err) => errorReply('500 Internal Server Error', `${what}: ${err.message}`))
        .then((reply) => {
        if (!aborted)
            res.cork(() => writeReply(res, reply));
        done();
    });
}
//# sourceMappingURL=body.js.map