import type { HubTokens } from './auth/hub-tokens.js';
import { type HubConfig } from './config.js';
/** A running hub. */
export interface RunningHub {
    /** The port it listens on (the chosen one when started with port 0). */
    port: number;
    /**
     * Stops listening, closes every socket with goingAway (1001), stops the timers
     * and waits (up to SHUTDOWN_DRAIN_MS) for responses still in flight; `reason` is logged.
     */
    close(reason?: string): Promise<void>;
    /** Reads the alerts file again (SIGHUP); an invalid file is logged with its line and column and the old rules stay. */
    reloadAlerts(): void;
    /** Its agent and admin tokens: given, or kept in the data dir. */
    tokens: HubTokens;
}
/** Longest a stopping hub waits for responses still in flight (a dashboard file being read). */
export declare const SHUTDOWN_DRAIN_MS = 5000;
/**
 * Starts a hub: refuses on the uWS fallback, wires the app, listens, and logs one
 * `listening url=... port=...` line (scripts parse `port=` from it).
 */
export declare function startHub(config: HubConfig): Promise<RunningHub>;
//# sourceMappingURL=server.d.ts.map