import type { AlertEvent, AlertHistoryResponse } from '@hostpulse/protocol';

/** Fetches one page of the alert history: one host's, or every host's when `hostId` is undefined, older than `before`. */
export type FetchAlertHistory = (hostId: string | undefined, before: number | undefined) => Promise<AlertHistoryResponse>;

/**
 * The alert history a page shows, fetched from the hub (not pushed): the newest
 * page on `show` or `refresh`, then older pages appended by `older`. An answer
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

  constructor(fetch: FetchAlertHistory) {
    this.#fetch = fetch;
  }

  /** Shows the newest events of a host (undefined: every host). */
  show(hostId: string | undefined): Promise<void> {
    this.#hostId = hostId;
    this.events = [];
    this.olderBefore = null;
    this.loaded = false;
    return this.#load(undefined);
  }

  /** Fetches the newest page again, dropping older pages shown. */
  refresh(): Promise<void> {
    return this.#load(undefined);
  }

  /** Appends the next older page. */
  older(): Promise<void> {
    return this.olderBefore === null ? Promise.resolve() : this.#load(this.olderBefore);
  }

  async #load(before: number | undefined): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
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
