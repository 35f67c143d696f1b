import type { AlertsFrame, AlertsResponse, HostSample } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import type { StateStore } from '../store/state-store.js';
import { type AlertEngineOptions } from './alert-engine.js';
import type { AlertsConfig } from './rules-file.js';
/** Delivery attempts kept for the Alerts page. */
export declare const DELIVERY_LOG_KEPT = 200;
/** How often firing alerts are posted to Alertmanager again, so it does not time them out. */
export declare const ALERTMANAGER_REFRESH_MS = 60000;
/** What alerting needs from outside. */
export interface AlertingOptions {
    store: StateStore;
    log: Logger;
    config: AlertsConfig;
    /** Sends a frame to the `alerts` topic's subscribers. */
    publish: (frame: AlertsFrame) => void;
    hosts: AlertEngineOptions['hosts'];
    hostTags: AlertEngineOptions['hostTags'];
    /** Whether this hub delivers a host's alerts (with several hubs, one per host does); every hub still shows them. */
    delivers: (hostId: string) => boolean;
    nowMs?: () => number;
}
/**
 * The hub's alerting: the rules engine, the delivery queues and the delivery log,
 * behind what the hub core calls (samples, status changes, reloads) and what the
 * transports serve (the `alerts` topic, GET /api/alerts). Every change bumps
 * `version`, the ETag of GET /api/alerts.
 */
export declare class Alerting {
    #private;
    constructor({ store, log, config, publish, hosts, hostTags, delivers, nowMs }: AlertingOptions);
    /** The current version: the ETag of GET /api/alerts. */
    get version(): number;
    /** Starts delivering, with dashboard links below `publicUrl`. */
    start(publicUrl: string): void;
    /** A sample was stored. */
    onSample(sample: HostSample): void;
    /** A host went offline or came back. */
    onStatus(hostId: string, online: boolean): void;
    /** A host was forgotten. */
    onHostRemoved(hostId: string): void;
    /** Puts a reloaded rules file in force and tells the dashboards. */
    reload(config: AlertsConfig): void;
    /** What GET /api/alerts answers. */
    response(): AlertsResponse;
    /** A new subscriber's first frame: everything GET /api/alerts holds. */
    fullFrame(): AlertsFrame;
    /** Stops the timers and sending; queued deliveries stay saved. */
    stop(): void;
}
//# sourceMappingURL=alerting.d.ts.map