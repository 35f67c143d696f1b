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

/** The most alerts one grouped message lists; more start the next group. */
export const MAX_GROUP_SIZE = 20;

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
  /** The group it goes in, one message with the deliveries before and after it of the same group: the key of its first member. */
  group?: string;
  /** When its group's window closes at the latest for it: the group is sent at the soonest of its members'. */
  sendByMs?: number;
}

/** A queued delivery and its key in the store. */
interface Entry {
  key: string;
  delivery: QueuedDelivery;
}

/** Options of one alert state change put in the queues. */
export interface EnqueueOptions {
  /** The notifiers told; undefined for every one. */
  only?: readonly string[] | undefined;
  /** For chat, push and mail channels: how long the message waits for more alerts to list with this one. */
  groupWaitMs?: number;
  /** The how-manieth repeat of a firing this is (0: the firing itself), so each repeat has its own id. */
  repeat?: number;
}

/** Whether a notifier's deliveries are grouped: chat, push and mail channels are; the webhook, a generic URL and Alertmanager take one alert per request. */
export function isGrouped(type: NotifierConfig['type']): boolean {
  return type !== 'webhook' && type !== 'alertmanager' && type !== 'generic';
}

/** The idempotency key of a group's message: the same for the same members, so a retried group is the same message. */
function groupDeliveryId(deliveries: readonly QueuedDelivery[]): string {
  if (deliveries.length === 1) return deliveries[0]!.deliveryId;
  return createHash('sha256').update(deliveries.map((d) => d.deliveryId).sort().join('|')).digest('hex').slice(0, 32);
}

/** What the queue needs from outside. */
export interface DeliveryQueueOptions {
  store: StateStore;
  log: Logger;
  /** Sends one delivery, or a group's in one message, to its notifier, under one idempotency key. */
  send: (notifier: NotifierConfig, deliveryId: string, alerts: readonly [Alert, ...Alert[]]) => Promise<NotifyResult>;
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
 * Alert state changes on their way to notifiers. A chat, push or mail channel's
 * deliveries that come while its group is open (from the first member until the
 * soonest `sendByMs` of its members, at most MAX_GROUP_SIZE of them) go as one
 * message; each member is saved as it comes. Each notifier has its own queue,
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
  readonly #queues = new Map<string, Entry[]>();
  readonly #busy = new Set<string>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The group being sent to each notifier: no delivery joins it any more. */
  readonly #sending = new Map<string, string>();
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
  enqueue(alert: Alert, { only, groupWaitMs, repeat = 0 }: EnqueueOptions = {}): void {
    const nowMs = this.#nowMs();
    for (const [name, notifier] of this.#notifiers) {
      if (only !== undefined && !only.includes(name)) continue;
      const repeated = repeat > 0 ? `|repeat ${repeat}` : '';
      const deliveryId = createHash('sha256').update(`${name}|${alert.id}|${alert.state}|${alert.activeSinceMs}${repeated}`).digest('hex').slice(0, 32);
      const delivery: QueuedDelivery = { deliveryId, notifier: name, notifierType: notifier.type, alert, createdMs: nowMs, attempts: 0, nextAttemptMs: nowMs };
      const key = `${PREFIX}${name}/${String(this.#counter++).padStart(12, '0')}`;
      if (groupWaitMs !== undefined && isGrouped(notifier.type)) Object.assign(delivery, { group: this.#openGroup(name, nowMs) ?? key, sendByMs: nowMs + groupWaitMs });
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

  /** The group at the end of a notifier's queue, when more may join it: its window is open and it is not being sent. */
  #openGroup(name: string, nowMs: number): string | undefined {
    const queue = this.#queues.get(name) ?? [];
    const group = queue.at(-1)?.delivery.group;
    if (group === undefined || this.#sending.get(name) === group) return undefined;
    const members = queue.filter((entry) => entry.delivery.group === group);
    const open = members.length < MAX_GROUP_SIZE && members.every((entry) => entry.delivery.attempts === 0) && closesAt(members) > nowMs;
    return open ? group : undefined;
  }

  #queueOf(name: string): Entry[] {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = [];
      this.#queues.set(name, queue);
    }
    return queue;
  }

  async #pump(name: string): Promise<void> {
    const notifier = this.#notifiers.get(name);
    const queue = this.#queues.get(name) ?? [];
    const head = queue[0];
    if (!this.#started || this.#stopped || this.#busy.has(name) || !notifier || !head) return;
    clearTimeout(this.#timers.get(name));
    const batch = head.delivery.group === undefined ? [head] : queue.slice(0, MAX_GROUP_SIZE).filter((entry) => entry.delivery.group === head.delivery.group);
    const waitMs = Math.max(head.delivery.nextAttemptMs, head.delivery.attempts === 0 ? closesAt(batch) : 0) - this.#nowMs();
    if (waitMs > 0) {
      this.#timers.set(name, setTimeout(() => void this.#pump(name), waitMs));
      return;
    }
    this.#busy.add(name);
    if (head.delivery.group !== undefined) this.#sending.set(name, head.delivery.group);
    const deliveryId = groupDeliveryId(batch.map((entry) => entry.delivery));
    const result = await this.#send(notifier, deliveryId, batch.map((entry) => entry.delivery.alert) as [Alert, ...Alert[]]);
    this.#busy.delete(name);
    this.#sending.delete(name);
    // Stopped meanwhile: the deliveries stay saved and go again, with the same id, after the restart.
    if (this.#stopped) return;
    if (this.#queues.get(name)?.[0] === head) this.#settle(this.#queues.get(name)!, batch, deliveryId, result);
    void this.#pump(name);
  }

  /** Settles an attempt at `batch`, the deliveries at the head of `queue` sent as one message. */
  #settle(queue: Entry[], batch: readonly Entry[], deliveryId: string, result: NotifyResult): void {
    const nowMs = this.#nowMs();
    const delivered = result.status !== null && result.status >= 200 && result.status < 300;
    const retry = !delivered && isRetryable(result.status) && nowMs - batch[0]!.delivery.createdMs < MAX_RETRY_MS;
    // The batch is the head of the queue.
    if (!retry) queue.splice(0, batch.length);
    for (const { key, delivery } of batch) {
      delivery.attempts += 1;
      if (retry) {
        delivery.nextAttemptMs = nowMs + retryDelayMs(delivery.attempts);
        this.#store.putState(key, JSON.stringify(delivery));
      } else {
        this.#store.deleteState(key);
      }
      this.#report(delivery, result, delivered ? 'delivered' : retry ? 'retrying' : 'dropped', batch.length > 1 ? deliveryId : undefined);
    }
  }

  #report(delivery: QueuedDelivery, result: NotifyResult, outcome: DeliveryAttempt['outcome'], groupId?: string): void {
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
    if (groupId !== undefined) attempt.groupId = groupId;
    const notifier = this.#notifiers.get(delivery.notifier);
    const fields = { notifier: delivery.notifier, url: notifier && shownUrl(notifier), rule: alert.rule, hostId: alert.hostId, state: attempt.state, attempt: attempt.attempt, status: result.status ?? undefined, error: attempt.error };
    if (outcome === 'delivered') this.#log.info('alert delivered', fields);
    else this.#log.warn(outcome === 'retrying' ? 'alert delivery failed, will retry' : 'alert delivery dropped', { ...fields, retryInMs: outcome === 'retrying' ? delivery.nextAttemptMs - attempt.tsMs : undefined });
    this.#onAttempt(attempt);
  }
}

/** When a group's window closes: at the soonest `sendByMs` of its members. */
function closesAt(members: readonly Entry[]): number {
  return Math.min(...members.map((entry) => entry.delivery.sendByMs ?? entry.delivery.nextAttemptMs));
}
