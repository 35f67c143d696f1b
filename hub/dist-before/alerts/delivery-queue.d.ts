import type { Alert, DeliveryAttempt } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import type { StateStore } from '../store/state-store.js';
import { type NotifyResult } from './notify-http.js';
import type { NotifierConfig } from './rules-file.js';
/** How long a delivery is tried before it is dropped. */
export declare const MAX_RETRY_MS: number;
/** First wait after a failed attempt; it doubles with each further failure. */
export declare const FIRST_RETRY_MS = 1000;
/** Longest wait between two attempts. */
export declare const MAX_RETRY_DELAY_MS: number;
/** One alert state change waiting to reach one notifier. */
export interface QueuedDelivery {
    /** The idempotency key, the same on every attempt (X-Hostpulse-Delivery). */
    deliveryId: string;
    notifier: string;
    notifierType: NotifierConfig['type'];
    /** The alert as it was when it changed state. */
    alert: Alert;
    createdMs: number;
    attempts: number;
    nextAttemptMs: number;
}
/** What the queue needs from outside. */
export interface DeliveryQueueOptions {
    store: StateStore;
    log: Logger;
    /** Sends one delivery to its notifier. */
    send: (notifier: NotifierConfig, delivery: QueuedDelivery) => Promise<NotifyResult>;
    /** An attempt ended (delivered, to be retried, or dropped). */
    onAttempt: (attempt: DeliveryAttempt) => void;
    nowMs?: () => number;
}
/** Wait after the `attempts`-th failure: 1 s, 2 s, 4 s ... up to MAX_RETRY_DELAY_MS. */
export declare function retryDelayMs(attempts: number): number;
/**
 * Alert state changes on their way to notifiers. Each notifier has its own queue,
 * saved in the store's state so it survives a restart or a kill, and sent one
 * delivery at a time in order: a failed head is retried with exponential backoff
 * (for up to 24 h) before anything behind it goes. A 2xx answer delivers it; a
 * redirect (not followed) or a 4xx other than 408 and 429 means the receiver will
 * never take it, so it is dropped rather than block the queue for a day.
 */
export declare class DeliveryQueue {
    #private;
    /** Loads the deliveries a previous run left queued; nothing is sent before `start`. */
    constructor({ store, log, send, onAttempt, nowMs }: DeliveryQueueOptions);
    /** Puts notifiers in force; the queues of notifiers no longer named are dropped. */
    setNotifiers(notifiers: readonly NotifierConfig[]): void;
    /** Starts sending, from what a previous run left queued. */
    start(): void;
    /** Queues an alert's state change for every notifier. */
    enqueue(alert: Alert): void;
    /** Deliveries waiting for a notifier. */
    queued(name: string): number;
    /**
     * Runs `job` in the notifier's place in line when nothing is queued or being
     * sent to it, so it cannot overtake a delivery; false when it was not run.
     */
    runWhenIdle(name: string, job: () => Promise<void>): Promise<boolean>;
    /** Stops sending; whatever is queued stays in the store for the next run. */
    stop(): void;
}
//# sourceMappingURL=delivery-queue.d.ts.map