import { createHash } from 'node:crypto';
import type { Alert, DeliveryAttempt } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import type { Logger } from '@hostpulse/common';
import type { StateStore } from '../store/state-store.js';
import { shownUrl, type NotifyResult } from './notify-http.js';
import type { NotifierConfig } from './rules-file.js';

/** How long a delivery is tried before it is dropped. */
export const MAX_RETRY_MS = 24 * 3_600_000;
/** First wait after a failed attempt; it doubles with each further failure. */
export const FIRST_RETRY_MS = 1000;
/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 10 * 60_000;

const PREFIX = 'delivery/';

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
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempts - 1, 30));
}

/** Whether a status is worth trying again: none at all, a timeout, rate limiting or a server error. */
function isRetryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

function parseDelivery(text: string): QueuedDelivery | null {
  try {
    const value = JSON.parse(text) as QueuedDelivery;
    return typeof value.deliveryId === 'string' && typeof value.notifier === 'string' && isValid('Alert', value.alert) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Alert state changes on their way to notifiers. Each notifier has its own queue,
 * saved in the store's state so it survives a restart or a kill, and sent one
 * delivery at a time in order: a failed head is retried with exponential backoff
 * (for up to 24 h) before anything behind it goes. A 2xx answer delivers it; a
 * redirect (not followed) or a 4xx other than 408 and 429 means the receiver will
 * never take it, so it is dropped rather than block the queue for a day.
 */
export class DeliveryQueue {
  readonly #store: StateStore;
  readonly #log: Logger;
  readonly #send: DeliveryQueueOptions['send'];
  readonly #onAttempt: DeliveryQueueOptions['onAttempt'];
  readonly #nowMs: () => number;
  #notifiers = new Map<string, NotifierConfig>();
  readonly #queues = new Map<string, { key: string; delivery: QueuedDelivery }[]>();
  readonly #busy = new Set<string>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #counter = 0;
  #started = false;
  #stopped = false;

  /** Loads the deliveries a previous run left queued; nothing is sent before `start`. */
  constructor({ store, log, send, onAttempt, nowMs = Date.now }: DeliveryQueueOptions) {
    this.#store = store;
    this.#log = log;
    this.#send = send;
    this.#onAttempt = onAttempt;
    this.#nowMs = nowMs;
    for (const [key, text] of store.readState(PREFIX)) {
      const delivery = parseDelivery(text);
      this.#counter = Math.max(this.#counter, Number(key.slice(key.lastIndexOf('/') + 1)) + 1 || 0);
      if (delivery) this.#queueOf(delivery.notifier).push({ key, delivery });
    }
  }

  /** Puts notifiers in force; the queues of notifiers no longer named are dropped. */
  setNotifiers(notifiers: readonly NotifierConfig[]): void {
    this.#notifiers = new Map(notifiers.map((n) => [n.name, n]));
    for (const [name, queue] of this.#queues) {
      if (this.#notifiers.has(name)) continue;
      for (const { key, delivery } of queue.splice(0)) {
        this.#store.deleteState(key);
        this.#report(delivery, { status: null, error: 'the notifier is no longer in the rules file' }, 'dropped');
      }
      this.#queues.delete(name);
    }
    for (const name of this.#notifiers.keys()) void this.#pump(name);
  }

  /** Starts sending, from what a previous run left queued. */
  start(): void {
    this.#started = true;
    for (const name of this.#notifiers.keys()) void this.#pump(name);
  }

  /** Queues an alert's state change for every notifier, or those of them in `only`. */
  enqueue(alert: Alert, only?: readonly string[]): void {
    const nowMs = this.#nowMs();
    for (const [name, notifier] of this.#notifiers) {
      if (only !== undefined && !only.includes(name)) continue;
      const deliveryId = createHash('sha256').update(`${name}|${alert.id}|${alert.state}|${alert.activeSinceMs}`).digest('hex').slice(0, 32);
      const delivery: QueuedDelivery = { deliveryId, notifier: name, notifierType: notifier.type, alert, createdMs: nowMs, attempts: 0, nextAttemptMs: nowMs };
      const key = `${PREFIX}${name}/${String(this.#counter++).padStart(12, '0')}`;
      this.#store.putState(key, JSON.stringify(delivery));
      this.#queueOf(name).push({ key, delivery });
      void this.#pump(name);
    }
  }

  /** Deliveries waiting for a notifier. */
  queued(name: string): number {
    return this.#queues.get(name)?.length ?? 0;
  }

  /**
   * Runs `job` in the notifier's place in line when nothing is queued or being
   * sent to it, so it cannot overtake a delivery; false when it was not run.
   */
  async runWhenIdle(name: string, job: () => Promise<void>): Promise<boolean> {
    if (!this.#started || this.#stopped || this.#busy.has(name) || this.queued(name) > 0) return false;
    this.#busy.add(name);
    try {
      await job();
    } finally {
      this.#busy.delete(name);
      void this.#pump(name);
    }
    return true;
  }

  /** Stops sending; whatever is queued stays in the store for the next run. */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
  }

  #queueOf(name: string): { key: string; delivery: QueuedDelivery }[] {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = [];
      this.#queues.set(name, queue);
    }
    return queue;
  }

  async #pump(name: string): Promise<void> {
    const notifier = this.#notifiers.get(name);
    const head = this.#queues.get(name)?.[0];
    if (!this.#started || this.#stopped || this.#busy.has(name) || !notifier || !head) return;
    clearTimeout(this.#timers.get(name));
    const waitMs = head.delivery.nextAttemptMs - this.#nowMs();
    if (waitMs > 0) {
      this.#timers.set(name, setTimeout(() => void this.#pump(name), waitMs));
      return;
    }
    this.#busy.add(name);
    const result = await this.#send(notifier, head.delivery);
    this.#busy.delete(name);
    // Stopped meanwhile: the delivery stays saved and goes again, with the same id, after the restart.
    if (this.#stopped) return;
    const queue = this.#queues.get(name);
    if (queue?.[0] === head) this.#settle(queue, result);
    void this.#pump(name);
  }

  #settle(queue: { key: string; delivery: QueuedDelivery }[], result: NotifyResult): void {
    const { key, delivery } = queue[0]!;
    const nowMs = this.#nowMs();
    delivery.attempts += 1;
    const delivered = result.status !== null && result.status >= 200 && result.status < 300;
    const retry = !delivered && isRetryable(result.status) && nowMs - delivery.createdMs < MAX_RETRY_MS;
    if (retry) {
      delivery.nextAttemptMs = nowMs + retryDelayMs(delivery.attempts);
      this.#store.putState(key, JSON.stringify(delivery));
    } else {
      queue.shift();
      this.#store.deleteState(key);
    }
    this.#report(delivery, result, delivered ? 'delivered' : retry ? 'retrying' : 'dropped');
  }

  #report(delivery: QueuedDelivery, result: NotifyResult, outcome: DeliveryAttempt['outcome']): void {
    const { alert } = delivery;
    const attempt: DeliveryAttempt = {
      deliveryId: delivery.deliveryId,
      notifier: delivery.notifier,
      notifierType: delivery.notifierType,
      alertId: alert.id,
      rule: alert.rule,
      hostId: alert.hostId,
      state: alert.state === 'resolved' ? 'resolved' : 'firing',
      attempt: Math.max(1, delivery.attempts),
      tsMs: this.#nowMs(),
      status: result.status,
      outcome,
    };
    if (result.status === null) attempt.error = result.error.slice(0, 512);
    else if (outcome !== 'delivered') attempt.error = `HTTP ${result.status}`;
    if (outcome === 'retrying') attempt.retryAtMs = delivery.nextAttemptMs;
    const notifier = this.#notifiers.get(delivery.notifier);
    const fields = { notifier: delivery.notifier, url: notifier && shownUrl(notifier), rule: alert.rule, hostId: alert.hostId, state: attempt.state, attempt: attempt.attempt, status: result.status ?? undefined, error: attempt.error };
    if (outcome === 'delivered') this.#log.info('alert delivered', fields);
    else this.#log.warn(outcome === 'retrying' ? 'alert delivery failed, will retry' : 'alert delivery dropped', { ...fields, retryInMs: outcome === 'retrying' ? delivery.nextAttemptMs - attempt.tsMs : undefined });
    this.#onAttempt(attempt);
  }
}
