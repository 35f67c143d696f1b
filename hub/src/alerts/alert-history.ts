import type { Alert, AlertEvent, AlertHistoryResponse, DeliveryAttempt } from '@hostpulse/protocol';
import type { AlertEventStore } from '../store/alert-events.js';
import type { Change } from './alert-machine.js';
import type { Silencing } from './silences.js';

/**
 * Most recent events kept in memory: the whole history without a data dir, and
 * with one, those the disk worker may not have committed yet.
 */
export const ALERT_EVENTS_KEPT_IN_MEMORY = 2000;

/** An event before the history gives it an id and a time. */
export type NewAlertEvent = Omit<AlertEvent, 'id' | 'tsMs'>;

/** One page asked of the history. */
export interface AlertHistoryQuery {
  /** One host's events; undefined for every host's. */
  hostId: string | undefined;
  /** Only events with lower ids (older); undefined for the newest. */
  beforeId: number | undefined;
  limit: number;
}

/** What the history is built from. */
export interface AlertHistoryOptions {
  store: AlertEventStore;
  /** How long events are kept (--alert-history). */
  retentionMs: number;
  nowMs?: () => number;
  /** Most events kept in memory. */
  kept?: number;
}

/** Parses an event read back from disk; null when it is not JSON of an event. */
function parseEvent(text: string): AlertEvent | null {
  try {
    const value = JSON.parse(text) as AlertEvent;
    return typeof value.id === 'number' && typeof value.tsMs === 'number' ? value : null;
  } catch {
    return null;
  }
}

/**
 * The alert events this hub saw, newest first by a growing id: alerts firing and
 * resolving, silences holding back and releasing notifications, and each delivery
 * attempt this hub made. With a data dir they go to the store's `alert_events`
 * table, pruned by age; the last `kept` also stay in memory, which is all there
 * is without a data dir. Events older than `retentionMs` are never served.
 */
export class AlertHistory {
  readonly #store: AlertEventStore;
  readonly #nowMs: () => number;
  readonly #kept: number;
  readonly retentionMs: number;
  /** The newest events, oldest first. */
  readonly #recent: AlertEvent[] = [];
  #lastId: number;

  constructor({ store, retentionMs, nowMs = Date.now, kept = ALERT_EVENTS_KEPT_IN_MEMORY }: AlertHistoryOptions) {
    this.#store = store;
    this.retentionMs = retentionMs;
    this.#nowMs = nowMs;
    this.#kept = kept;
    this.#lastId = store.lastAlertEventId();
  }

  /** Records an event as happening now. */
  record(event: NewAlertEvent): void {
    const full: AlertEvent = { id: ++this.#lastId, tsMs: this.#nowMs(), ...event };
    this.#recent.push(full);
    if (this.#recent.length > this.#kept) this.#recent.shift();
    this.#store.putAlertEvent(full.id, full.tsMs, full.hostId, JSON.stringify(full));
  }

  /** An alert changed state: its firing and its resolution are recorded. */
  changed(alert: Alert, change: Change): void {
    if (change !== 'firing' && change !== 'resolved') return;
    this.record({ ...this.#about(alert), kind: change === 'firing' ? 'fired' : 'resolved', metric: alert.metric, labels: alert.labels, severity: alert.severity, value: alert.value });
  }

  /** A silence held back a firing alert's notification. */
  silenced(alert: Alert, over: Silencing): void {
    this.record({ ...this.#about(alert), kind: 'silenced', silence: { id: over.silence.id, comment: over.silence.comment, endsAtMs: over.endsAtMs } });
  }

  /** The silences over a held firing alert ended while it still fired: its notification goes now. */
  released(alert: Alert): void {
    this.record({ ...this.#about(alert), kind: 'released' });
  }

  /** A delivery attempt ended. */
  attempted(attempt: DeliveryAttempt): void {
    const { alertId, rule, hostId, notifier, state, status, outcome, error } = attempt;
    this.record({ kind: outcome === 'delivered' ? 'delivered' : 'failed', alertId, rule, hostId, notifier, state, attempt: attempt.attempt, status, outcome, ...(error === undefined ? {} : { error }) });
  }

  /** A page of events, newest first, within the retention. */
  page({ hostId, beforeId, limit }: AlertHistoryQuery): AlertHistoryResponse {
    const nowMs = this.#nowMs();
    const oldestMs = nowMs - this.retentionMs;
    const before = beforeId ?? Number.MAX_SAFE_INTEGER;
    const found = new Map<number, AlertEvent>();
    for (const text of this.#store.alertEvents(hostId, before, limit + 1)) {
      const event = parseEvent(text);
      if (event) found.set(event.id, event);
    }
    for (let i = this.#recent.length - 1, taken = 0; i >= 0 && taken <= limit; i--) {
      const event = this.#recent[i]!;
      if (event.id >= before || (hostId !== undefined && event.hostId !== hostId)) continue;
      found.set(event.id, event);
      taken++;
    }
    const events = [...found.values()].filter((e) => e.tsMs >= oldestMs).sort((a, b) => b.id - a.id);
    const page = events.slice(0, limit);
    return {
      hubTimeMs: nowMs,
      events: page,
      olderBefore: events.length > limit ? page[page.length - 1]!.id : null,
      retentionMs: this.retentionMs,
      persistent: this.#store.isPersistent,
    };
  }

  #about(alert: Alert): Pick<AlertEvent, 'alertId' | 'rule' | 'hostId'> {
    return { alertId: alert.id, rule: alert.rule, hostId: alert.hostId };
  }
}
