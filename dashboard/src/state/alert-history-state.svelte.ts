import type { AlertEvent, AlertHistoryResponse } from '@hostpulse/protocol';

/** The shortest time between two fetches of the newest page that new alert activity asks for. */
export const HISTORY_REFRESH_MIN_MS = 2000;

/** Fetches one page of the alert history: one host's, or every host's when `hostId` is undefined, older than `before`. */
export type FetchAlertHistory = (hostId: string | undefined, before: number | undefined) => Promise<AlertHistoryResponse>;

/**
 * The alert history a page shows, fetched from the hub (not pushed): the newest
 * page on `show` or `refresh`, then older pages appended by `older`, and the newest
 * page again, at most every HISTORY_REFRESH_MIN_MS, when `changed` says alerts moved
 * (not once older pages are shown: a reader who paged back keeps the view). An answer
 * that arrives after the page moved to another host is dropped.
 */
export class AlertHistoryState {
  /** Events shown, newest first. */
  events = $state.raw<AlertEvent[]>([]);
  /** The `before` of the next older page; null when there is none. */
  olderBefore = $state<number | null>(null);
  loading = $state(false);
  /** Why the last fetch failed, for a person; '' when it worked. */
  error = $state('');
  /** Whether any page has arrived. */
  loaded = $state(false);
  /** How long the hub keeps events, and whether on disk; from its last answer. */
  retentionMs = $state(0);
  persistent = $state(false);
  readonly #fetch: FetchAlertHistory;
  #hostId: string | undefined;
  /** Counts requests, so an answer to one made before the latest `show` is dropped. */
  #request = 0;
  /** Whether older pages are shown. */
  #paged = false;
  #lastLoadMs = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #nowMs: () => number;

  constructor(fetch: FetchAlertHistory, nowMs: () => number = Date.now) {
    this.#fetch = fetch;
    this.#nowMs = nowMs;
  }

  /** Alerts moved (an alerts frame came): new events may be recorded, so the newest page is fetched again soon. */
  changed(): void {
    if (!this.loaded || this.#paged || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#paged) void this.refresh();
    }, Math.max(0, this.#lastLoadMs + HISTORY_REFRESH_MIN_MS - this.#nowMs()));
  }

  /** Stops a fetch `changed` has planned. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Shows the newest events of a host (undefined: every host). */
  show(hostId: string | undefined): Promise<void> {
    this.#hostId = hostId;
    this.events = [];
    this.olderBefore = null;
    this.loaded = false;
    this.#paged = false;
    return this.#load(undefined);
  }

  /** Fetches the newest page again, dropping older pages shown. */
  refresh(): Promise<void> {
    this.#paged = false;
    return this.#load(undefined);
  }

  /** Appends the next older page. */
  older(): Promise<void> {
    if (this.olderBefore === null) return Promise.resolve();
    this.#paged = true;
    return this.#load(this.olderBefore);
  }

  async #load(before: number | undefined): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    this.#lastLoadMs = this.#nowMs();
    try {
      const page = await this.#fetch(this.#hostId, before);
      if (request !== this.#request) return;
      this.events = before === undefined ? page.events : [...this.events, ...page.events];
      this.olderBefore = page.olderBefore;
      this.retentionMs = page.retentionMs;
      this.persistent = page.persistent;
      this.loaded = true;
      this.error = '';
    } catch (err) {
      if (request === this.#request) this.error = (err as Error).message;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}
