import { MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import { CompareState } from './compare-state.svelte.js';
import { HostDetailState } from './host-detail-state.svelte.js';
import { HubClient, type HubListener } from './hub-client.js';
import { OverviewState } from './overview-state.svelte.js';
import { ProcessesState } from './processes-state.svelte.js';
import { samplesForWindow } from './series.js';
import { ageOnHubClock } from './staleness.js';
import { Thresholds } from './thresholds.svelte.js';
import type { ConnectionState, OverviewUpdate, Watch } from './transport.js';
import { formatRoute, formatTransportChoice, formatView, parseRoute, parseTransportChoice, parseView, type Mode, type OverviewView, type Route } from './url-state.js';

/** Interval the detail view assumes before the host's inventory names the real one. */
const ASSUMED_INTERVAL_MS = 1000;

/**
 * Above this many hosts the overview is drawn at most once per OVERVIEW_BATCH_MS:
 * the hub sends a frame per 25 ms window, and redrawing a table of hundreds of rows
 * (re-sorted by a live figure) for each one costs more than the updates are worth.
 */
const BATCH_ABOVE_HOSTS = 100;

/** How long overview updates of a large fleet wait to be drawn together. */
const OVERVIEW_BATCH_MS = 200;

/**
 * The whole dashboard's state: the route and transport from the URL, the hub
 * client, and the overview, detail and comparison states it feeds. Components read
 * it and call its methods; none of them talks to the hub.
 */
export class Dashboard {
  route = $state<Route>({ page: 'overview' });
  mode = $state<Mode>('push');
  intervalMs = $state(1000);
  connection = $state<ConnectionState>('connecting');
  connectionDetail = $state('');
  /** Add to Date.now() for the hub's clock. */
  clockOffsetMs = $state(0);
  /** True while the hub answers 401: the page was opened without the viewer token. */
  viewerTokenNeeded = $state(false);
  /** The hub's clock, advanced once a second, for "last seen" texts. */
  hubNowMs = $state(Date.now());
  /** The overview as cards or as a table (`?view=table`). */
  view = $state<OverviewView>('cards');

  readonly overview = new OverviewState();
  readonly detail = new HostDetailState();
  /** The open host's top processes. */
  readonly processes = new ProcessesState();
  readonly compare = new CompareState();
  /** Where figures on cards and rows turn warn and critical. */
  readonly thresholds = new Thresholds();
  readonly #client: HubClient;
  #tickTimer: ReturnType<typeof setInterval> | undefined;
  #pendingOverview: OverviewUpdate[] = [];
  #overviewTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onHashChange = (): void => this.#followRoute(parseRoute(location.hash));

  constructor() {
    const choice = parseTransportChoice(location.search);
    this.mode = choice.mode;
    this.intervalMs = choice.intervalMs;
    this.route = parseRoute(location.hash);
    this.view = parseView(location.search);
    this.detail.open(this.route.page === 'host' ? this.route.hostId : null);
    this.processes.open(this.detail.hostId);
    this.#client = new HubClient({ listener: this.#listener(), mode: choice.mode, intervalMs: choice.intervalMs });
  }

  /** Connects and starts the once-a-second bookkeeping. */
  start(): void {
    window.addEventListener('hashchange', this.#onHashChange);
    this.#client.start(this.#watch());
    this.#tickTimer = setInterval(() => {
      this.hubNowMs = Date.now() + this.clockOffsetMs;
      this.overview.resortTick += 1;
      this.compare.tick(Date.now(), this.mode);
    }, 1000);
  }

  /** Disconnects and stops every timer. */
  stop(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    clearInterval(this.#tickTimer);
    clearTimeout(this.#overviewTimer);
    this.#client.stop();
  }

  /** Swaps push and poll (or the poll interval) live, and records the choice in the URL. */
  setTransport(mode: Mode, intervalMs: number): void {
    this.mode = mode;
    this.intervalMs = intervalMs;
    this.#client.setTransport(mode, intervalMs);
    history.replaceState(null, '', formatTransportChoice(location.search, { mode, intervalMs }) + location.hash);
  }

  /** Shows the overview as cards or as a table, and records the choice in the URL. */
  setView(view: OverviewView): void {
    this.view = view;
    history.replaceState(null, '', location.pathname + formatView(location.search, view) + location.hash);
  }

  /** Navigates to a page; the hash makes it linkable. */
  navigate(route: Route): void {
    location.hash = formatRoute(route);
  }

  /** Changes the detail window, loading a longer history from the hub when it grew. */
  setWindow(windowMs: number): void {
    const hostId = this.detail.hostId;
    if (this.detail.setWindow(windowMs) && hostId !== null) this.#client.loadHistory(hostId, this.#hostLimit());
    else this.#client.setWatch(this.#watch());
  }

  #followRoute(route: Route): void {
    this.route = route;
    this.detail.open(route.page === 'host' ? route.hostId : null);
    this.processes.open(this.detail.hostId);
    this.#client.setWatch(this.#watch());
  }

  #hostLimit(): number {
    return samplesForWindow(this.detail.windowMs, this.detail.info?.intervalMs ?? ASSUMED_INTERVAL_MS, MAX_SAMPLES_LIMIT);
  }

  #watch(): Watch {
    const hostId = this.detail.hostId;
    return { overview: true, stats: true, host: hostId === null ? null : { hostId, limit: this.#hostLimit() } };
  }

  #recordAges(hubRxMs: readonly number[]): void {
    const now = Date.now();
    for (const rx of hubRxMs) this.compare.recordAge(ageOnHubClock(rx, now, this.clockOffsetMs));
  }

  /** Applies overview updates in order; Svelte draws the page once for all of them. */
  #applyOverview(updates: readonly OverviewUpdate[]): void {
    for (const update of updates) {
      const fresh = this.overview.apply(update);
      // The open host was unknown and has now connected: subscribe to it again.
      const missing = this.detail.unknown ? this.detail.hostId : null;
      if (missing !== null && update.hosts.some((h) => h.hostId === missing)) this.#client.refreshWatch();
      // Ages count what the visible page draws (cards on the overview, charts on a host page), when it draws it.
      if (this.route.page !== 'host') this.#recordAges(fresh.map((h) => h.metrics?.hubRxMs ?? 0));
    }
  }

  #listener(): HubListener {
    return {
      overview: (update) => {
        if (this.overview.cards.length <= BATCH_ABOVE_HOSTS) return this.#applyOverview([update]);
        this.#pendingOverview.push(update);
        this.#overviewTimer ??= setTimeout(() => {
          const batch = this.#pendingOverview;
          this.#pendingOverview = [];
          this.#overviewTimer = undefined;
          this.#applyOverview(batch);
        }, OVERVIEW_BATCH_MS);
      },
      hostInfo: (info) => this.detail.applyInfo(info),
      hostUnknown: (hostId) => this.detail.markUnknown(hostId),
      samples: (hostId, samples, historyBatch) => {
        const drawn = this.detail.applySamples(hostId, samples);
        if (!historyBatch) this.#recordAges(drawn.map((s) => s.hubRxMs));
      },
      processes: (table) => this.processes.apply(table),
      hostStatus: (status) => this.overview.applyStatus(status),
      stats: (stats) => this.compare.applyStats(stats),
      connection: (state, _mode, detail) => {
        this.connection = state;
        this.connectionDetail = detail ?? '';
      },
      traffic: (bytes, requests) => this.compare.addTraffic(bytes, requests),
      viewerTokenNeeded: (needed) => {
        this.viewerTokenNeeded = needed;
      },
      clock: (reading) => {
        this.clockOffsetMs = reading.offsetMs;
      },
    };
  }
}
