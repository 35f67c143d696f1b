import { wsFrameHeaderBytes } from '../http/wire-size.js';
import { SendStatus } from './live-subscriptions.js';
/** Most bytes a dashboard may have waiting; uWS skips publishing to a socket over it. */
export const LIVE_MAX_BACKPRESSURE = 1024 * 1024;
/**
 * Counts frames of one message on the push transport: `delivered` copies written or
 * queued, `dropped` copies uWS skipped, `backpressured` copies queued behind a backlog.
 */
function countPush(load, text, delivered, dropped, backpressured) {
    const bytes = Buffer.byteLength(text);
    if (delivered > 0)
        load.recordFrames('push', delivered, bytes, bytes + wsFrameHeaderBytes(bytes, false));
    if (dropped > 0)
        load.recordDropped('push', dropped);
    if (backpressured > 0)
        load.recordBackpressured('push', backpressured);
}
/** Sends one message to one dashboard and counts it on the push transport: delivered, queued behind a backlog, or dropped. */
export function sendLive(load, ws, message) {
    const text = JSON.stringify(message);
    const status = ws.send(text, false);
    if (status === SendStatus.dropped)
        return countPush(load, text, 0, 1, 0);
    countPush(load, text, 1, 0, status === SendStatus.backpressure ? 1 : 0);
}
/**
 * Publishing to a topic, counted as a frame per subscriber on the push transport:
 * delivered, or dropped for a subscriber uWS skips because it is over its
 * backpressure limit.
 */
export function createPublish(app, subscriptions, load) {
    return (topic, message) => {
        const subscribers = app.numSubscribers(topic);
        if (subscribers === 0)
            return;
        const text = JSON.stringify(message);
        // Read before publishing: uWS skips a subscriber already over the limit when it sends.
        const { backpressured, dropped } = subscriptions.backlog(topic, LIVE_MAX_BACKPRESSURE);
        app.publish(topic, text, false);
        countPush(load, text, subscribers - dropped, dropped, backpressured);
    };
}
//# sourceMappingURL=push-send.js.map