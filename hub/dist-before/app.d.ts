import type { TemplatedApp } from 'uWebSockets.js';
import type { Logger } from '@hostpulse/common';
import { type ReadinessChecks } from './api/health.js';
import { HubTokens } from './auth/hub-tokens.js';
import { NatsHubBus } from './cluster/hub-bus.js';
import type { HubConfig } from './config.js';
import { HubCore } from './core/hub-core.js';
import { InFlight } from './http/in-flight.js';
import { LabControl } from './lab/lab-control.js';
import { HistoryStore } from './store/history-store.js';
/** How often hosts are checked for missed intervals and slow dashboards are dropped. */
export declare const HOUSEKEEPING_TICK_MS = 250;
/**
 * How long the first host change waits for others before the changed hosts go out
 * as one coalesced overview frame. 25 ms keeps the added staleness (at most 25 ms)
 * inside the 50 ms p99 target with room for delivery, while 200 hosts reporting at
 * 1 Hz still share a frame among about five of them (at most 40 frames/s), not one
 * frame per sample.
 */
export declare const OVERVIEW_COALESCE_MS = 25;
/** How often the hub's own load is measured and published. */
export declare const STATS_TICK_MS = 1000;
/** The wired-up hub before it listens. */
export interface HubApp {
    app: TemplatedApp;
    core: HubCore;
    store: HistoryStore;
    /** The bus to other hubs (--nats), started once the hub listens. */
    bus: NatsHubBus | null;
    /** The load lab, when the hub runs with --lab. */
    lab: LabControl | null;
    /** The hub's agent and admin tokens: given, or kept in the data dir. */
    tokens: HubTokens;
    /** Responses still being written after their handler returned; shutdown waits for them. */
    inFlight: InFlight;
    /** Starts the periodic work; returns a function that stops it. */
    startTimers(): () => void;
    /** Closes every open socket with `code`. */
    closeSockets(code: number, reason: string): void;
}
/**
 * The one composition root: builds the store, the hub core, the bus, access, and
 * every route and socket (WebSocket /agent and /live, the polling API, /metrics,
 * /healthz and /readyz answered from `readiness`, the lab, the dashboard files).
 * Nothing listens yet.
 */
export declare function createHubApp(config: HubConfig, log: Logger, readiness: ReadinessChecks): HubApp;
//# sourceMappingURL=app.d.ts.map