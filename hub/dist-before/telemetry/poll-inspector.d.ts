import type { PollExchange } from '@hostpulse/protocol';
/** Poll exchanges kept per inspected client. */
export declare const INSPECT_EXCHANGES = 50;
/** A client stays inspected this long after its last GET /api/inspect. */
export declare const INSPECT_WATCH_MS = 10000;
/** Most clients inspected at once; a new one pushes out the one watched longest ago. */
export declare const INSPECT_MAX_CLIENTS = 16;
/**
 * Poll exchanges of the clients whose wire inspector is open. A client is recorded
 * only while it keeps asking for its record (GET /api/inspect), so the hub spends
 * nothing on the thousands of pollers nobody inspects.
 */
export declare class PollInspector {
    #private;
    /** Whether requests of this client are being recorded. */
    isWatched(clientId: string, nowMs: number): boolean;
    /** Keeps recording this client for INSPECT_WATCH_MS more and returns its exchanges so far, oldest first. */
    watch(clientId: string, nowMs: number): PollExchange[];
    /** Records one exchange of a watched client; does nothing for others. */
    record(clientId: string, exchange: PollExchange): void;
}
//# sourceMappingURL=poll-inspector.d.ts.map