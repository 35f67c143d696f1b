import { DEFAULT_SERIES_POINTS, MAX_SERIES_POINTS, type AgentTokenResponse, type AlertHistoryResponse, type HubInfo, type HubTokenName, type HubTokenRotation, type RuleTestResult, type SilenceRequest } from '@hostpulse/protocol';
import { storeAdminToken } from './admin-token.js';
import { adminRefusalText } from '../format/admin-refusal.js';
import { AlertsState } from './alerts-state.svelte.js';
import { CompareState } from './compare-state.svelte.js';
import { HostDetailState } from './host-detail-state.svelte.js';
import { HubClient, newClientId, type HubListener } from '../client/hub-client.js';
import { HubRequestError } from '../client/hub-requests.js';
import { addRule, changeRule, deleteRule, exportRules, testRule } from '../client/rule-requests.js';
import { LoadLab } from './lab-state.svelte.js';
import { OverviewState } from './overview-state.svelte.js';
import { ProcessesState } from './processes-state.svelte.js';
import { ageOnHubClock } from '../client/staleness.js';
import { Thresholds } from './thresholds-state.svelte.js';
import type { ConnectionState, OverviewUpdate, Watch } from '../client/transport.js';
import { formatRoute, formatTransportChoice, formatView, hasTransportChoice, hostRoute, isSameRange, parseRoute, parseTransportChoice, parseView, type Mode, type OverviewView, type Route, type TimeRange } from '../routing/url-state.js';
import { WireInspector } from './inspector-state.svelte.js';

/** Fewest buckets a chart asks for, however narrow it is. */
const MIN_POINTS = 60;

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
  /** True while the hub answers 421: it does not serve data under the name this page was opened by. */
  hostNameRefused = $state(false);
  /** Since when (this browser's clock) the link to the hub is lost: its socket closed or its polls fail; null while linked. */
  hubLostSinceMs = $state<number | null>(null);
  /**
   * True while the hub is out of reach for want of a link, not because it refuses this page:
   * what the page shows is then as old as the loss, and says so.
   */
  isHubLost = $derived(this.hubLostSinceMs !== null && !this.viewerTokenNeeded && !this.hostNameRefused);
  /** The hub's clock, advanced once a second, for "last seen" texts. */
  hubNowMs = $state(Date.now());
  /** The overview as cards or as a table (`?view=table`). */
  view = $state<OverviewView>('cards');
  /** How the hub is reached and what its agents need, once it told (GET /api/hub); null before, or when it would not. */
  hub = $state.raw<HubInfo | null>(null);

  readonly overview = new OverviewState();
  readonly detail = new HostDetailState();
  /** The open host's top processes. */
  readonly processes = new ProcessesState();
  readonly compare = new CompareState();
  /** Where figures on cards and rows turn warn and critical: the hub's alert rules, and defaults. */
  readonly thresholds = new Thresholds(() => this.alerts.rules);
  readonly alerts = new AlertsState();
  readonly inspector = new WireInspector();
  readonly lab: LoadLab;
  readonly #client: HubClient;
  readonly #baseUrl = new URL('.', location.href).href;
  readonly #clientId = newClientId();
  #compareBusy = false;
  /** Width of a chart's plot in CSS pixels, once one is drawn: one bucket per pixel is all a screen can show. */
  #chartWidthPx = 0;
  #tickTimer: ReturnType<typeof setInterval> | undefined;
  #pendingOverview: OverviewUpdate[] = [];
  #overviewTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onHashChange = (): void => this.#followRoute(parseRoute(location.hash));

  constructor() {
    const choice = parseTransportChoice(location.search, location.hash);
    this.mode = choice.mode;
    this.intervalMs = choice.intervalMs;
    this.route = parseRoute(location.hash);
    // A choice written after the route moves to the query, where the toggle keeps it from now on.
    if (hasTransportChoice(location.hash)) history.replaceState(null, '', formatTransportChoice(location.search, choice) + formatRoute(this.route));
    this.view = parseView(location.search);
    if (this.route.page === 'host') this.detail.open(this.route.hostId, this.route.windowMs);
    this.processes.open(this.detail.hostId);
    this.lab = new LoadLab(this.#baseUrl);
    this.#client = new HubClient({ listener: this.#listener(), baseUrl: this.#baseUrl, clientId: this.#clientId, mode: choice.mode, intervalMs: choice.intervalMs, wire: this.inspector });
  }

  /** Connects and starts the once-a-second bookkeeping. */
  start(): void {
    window.addEventListener('hashchange', this.#onHashChange);
    this.#client.start(this.#watch());
    void this.loadHubInfo();
    if (this.route.page === 'compare') void this.#refreshCompare();
    if (this.route.page === 'host') this.#followRange(this.route.range);
    this.#tickTimer = setInterval(() => {
      this.hubNowMs = Date.now() + this.clockOffsetMs;
      this.overview.resortTick += 1;
      this.compare.tick(Date.now(), this.mode);
      this.inspector.publish();
      if (this.route.page === 'compare') void this.#refreshCompare();
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

  /** Navigates to a page; the hash makes it linkable. */
  navigate(route: Route): void {
    location.hash = formatRoute(route);
  }

  /** Shows the overview as cards or as a table, and records the choice in the URL. */
  setView(view: OverviewView): void {
    this.view = view;
    history.replaceState(null, '', location.pathname + formatView(location.search, view) + location.hash);
  }

  /** Shows the open host live in another window. */
  setWindow(windowMs: number): void {
    if (this.route.page === 'host') this.navigate(hostRoute(this.route.hostId, windowMs));
  }

  /** Shows a fixed range of the open host (a drag on a chart): its buckets are fetched for exactly that range. */
  zoom(range: TimeRange): void {
    if (this.route.page === 'host') this.navigate(hostRoute(this.route.hostId, this.route.windowMs, range));
  }

  /** Holds the live window still where it is; the URL names the range, so a link shows it too. */
  pause(): void {
    const live = this.detail.range;
    if (this.route.page !== 'host' || live === null || this.detail.held) return;
    // Whole milliseconds, as the URL holds them, so following the URL finds this range already held.
    const range = { fromMs: Math.round(live.fromMs), toMs: Math.round(live.toMs) };
    this.detail.hold(range, this.detail.live);
    this.navigate(hostRoute(this.route.hostId, this.route.windowMs, range));
  }

  /** Leaves a zoom or pause: the live window, which kept following meanwhile, is drawn again. */
  backToLive(): void {
    if (this.route.page === 'host') this.navigate(hostRoute(this.route.hostId, this.route.windowMs));
  }

  /** A chart's plot is this wide: later windows and zooms ask for about one bucket per pixel. */
  setChartWidth(px: number): void {
    if (Math.round(px) === this.#chartWidthPx) return;
    this.#chartWidthPx = Math.round(px);
    this.#client.setWatch(this.#watch());
  }

  /**
   * Deletes a host and its history on the hub with its admin token (kept for this tab
   * once it worked), then shows the overview. Resolves to '' or why the hub refused, for a person.
   */
  async deleteHost(hostId: string, adminToken: string): Promise<string> {
    const refusal = await this.#asAdmin(adminToken, () => this.#client.deleteHost(hostId, adminToken));
    if (refusal !== '') return refusal;
    this.overview.remove(hostId);
    if (this.route.page === 'host' && this.route.hostId === hostId) this.navigate({ page: 'overview' });
    return '';
  }

  /** Gives a host a display name (null or '' takes it away) with the hub's admin token. Resolves to '' or why the hub refused, for a person. */
  nameHost(hostId: string, displayName: string | null, adminToken: string): Promise<string> {
    return this.#asAdmin(adminToken, () => this.#client.nameHost(hostId, displayName || null, adminToken));
  }

  /** Silences the alerts a request matches with the hub's admin token. Resolves to '' or why the hub refused, for a person. */
  addSilence(request: SilenceRequest, adminToken: string): Promise<string> {
    return this.#asAdmin(adminToken, () => this.#client.addSilence(request, adminToken));
  }

  /** Ends a silence now with the hub's admin token. Resolves to '' or why the hub refused, for a person. */
  endSilence(id: string, adminToken: string): Promise<string> {
    return this.#asAdmin(adminToken, () => this.#client.endSilence(id, adminToken));
  }

  /** A page of the alert history (one host's, or every host's when `hostId` is undefined), older than `before`. */
  alertHistory(hostId: string | undefined, before: number | undefined): Promise<AlertHistoryResponse> {
    return this.#client.alertHistory(hostId, before);
  }

  /** Adds a rule (a rules-file entry as YAML) with the hub's admin token. Resolves to '' or why the hub refused, for a person. */
  addRule(yaml: string, adminToken: string): Promise<string> {
    return this.#asAdmin(adminToken, () => addRule(this.#baseUrl, yaml, adminToken));
  }

  /** Sets the keys `yaml` gives on a rule (null removes one) with the hub's admin token. Resolves to '' or why the hub refused. */
  changeRule(name: string, yaml: string, adminToken: string): Promise<string> {
    return this.#asAdmin(adminToken, () => changeRule(this.#baseUrl, name, yaml, adminToken));
  }

  /** Deletes a rule with the hub's admin token. Resolves to '' or why the hub refused. */
  deleteRule(name: string, adminToken: string): Promise<string> {
    return this.#asAdmin(adminToken, () => deleteRule(this.#baseUrl, name, adminToken));
  }

  /** Sends a test notification of a rule with the hub's admin token; `done` gets what each notifier answered. Resolves to '' or why the hub refused. */
  testRule(name: string, adminToken: string, done: (results: RuleTestResult[]) => void): Promise<string> {
    return this.#asAdmin(adminToken, async () => done((await testRule(this.#baseUrl, name, adminToken)).results));
  }

  /** The hub's rules and notifiers as a rules file (secrets masked), for `done`, with the hub's admin token. Resolves to '' or why the hub refused. */
  exportRules(adminToken: string, done: (yaml: string) => void): Promise<string> {
    return this.#asAdmin(adminToken, async () => done(await exportRules(this.#baseUrl, adminToken)));
  }

  /** Runs an admin change; keeps the token for this tab once it worked, forgets it once refused. Resolves to '' or the refusal in a person's words. */
  async #asAdmin(adminToken: string, change: () => Promise<void>): Promise<string> {
    try {
      await change();
    } catch (error) {
      if (!(error instanceof HubRequestError)) return error instanceof Error ? error.message : String(error);
      if (error.status === 401 || error.status === 403) storeAdminToken('');
      return adminRefusalText(error.status, error.message);
    }
    storeAdminToken(adminToken);
    return '';
  }

  /**
   * Mints an agent token valid for `hostId` only with the hub's admin token (kept for
   * this tab once it worked). Resolves to the token, or to the hub's reason for refusing.
   */
  async mintAgentToken(hostId: string, adminToken: string): Promise<{ ok: true; minted: AgentTokenResponse } | { ok: false; message: string }> {
    try {
      const minted = await this.#client.mintAgentToken(hostId, adminToken);
      storeAdminToken(adminToken);
      return { ok: true, minted };
    } catch (error) {
      if (error instanceof HubRequestError && (error.status === 401 || error.status === 403)) storeAdminToken('');
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Replaces the hub's agent or admin token with the hub's admin token. Once it worked,
   * this tab keeps the admin token in force: the new one after rotating the admin token.
   * Resolves to the hub's answer, or to its reason for refusing.
   */
  async rotateHubToken(name: HubTokenName, adminToken: string): Promise<{ ok: true; rotation: HubTokenRotation } | { ok: false; message: string }> {
    try {
      const rotation = await this.#client.rotateHubToken(name, adminToken);
      storeAdminToken(name === 'admin' ? rotation.token : adminToken);
      return { ok: true, rotation };
    } catch (error) {
      if (error instanceof HubRequestError && (error.status === 401 || error.status === 403)) storeAdminToken('');
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Asks the hub how it is reached and what its agents need; on failure `hub` stays as it was and commands fall back to the page's address. */
  async loadHubInfo(): Promise<void> {
    try {
      this.hub = await this.#client.hubInfo();
    } catch {
      // A hub that wants a viewer token, or is away: the banners say so already.
    }
  }

  /**
   * The hub's shared agent token, read with its admin token (kept for this tab once it
   * worked), for Add host's command. Resolves to the token, or to the hub's reason for refusing.
   */
  async agentToken(adminToken: string): Promise<{ ok: true; token: string } | { ok: false; message: string }> {
    try {
      const token = await this.#client.hubToken('agent', adminToken);
      storeAdminToken(adminToken);
      return { ok: true, token };
    } catch (error) {
      if (error instanceof HubRequestError && (error.status === 401 || error.status === 403)) storeAdminToken('');
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The Compare page's once-a-second reads: the lab's state and, when polling, this tab's polls as the hub saw them. */
  async #refreshCompare(): Promise<void> {
    if (this.#compareBusy) return;
    this.#compareBusy = true;
    try {
      await Promise.all([this.lab.refresh(), this.mode === 'poll' ? this.inspector.refreshPolls(() => this.#client.pollExchanges()) : undefined]);
    } finally {
      this.#compareBusy = false;
    }
  }

  #followRoute(route: Route): void {
    if (route.page === 'compare' && this.route.page !== 'compare') void this.#refreshCompare();
    this.route = route;
    const host = route.page === 'host' ? route : null;
    this.detail.open(host?.hostId ?? null, host?.windowMs);
    this.processes.open(this.detail.hostId);
    if (host) this.detail.setWindow(host.windowMs);
    // Another window of the same host is loaded afresh by the client.
    this.#client.setWatch(this.#watch());
    if (host) this.#followRange(host.range);
  }

  /** Holds the range the URL names (fetching it, unless it is the pause already on screen), or goes back to live. */
  #followRange(range: TimeRange | null): void {
    const hostId = this.detail.hostId;
    if (hostId === null || isSameRange(this.detail.held?.range ?? null, range)) return;
    if (range === null) return this.detail.release();
    this.detail.hold(range);
    this.#client.loadRange(hostId, range, this.#points()).then(
      (series) => this.detail.applyHeld(range, series),
      (error: unknown) => this.detail.failHeld(range, error instanceof Error ? error.message : String(error)),
    );
  }

  #points(): number {
    return this.#chartWidthPx > 0 ? Math.min(MAX_SERIES_POINTS, Math.max(MIN_POINTS, this.#chartWidthPx)) : DEFAULT_SERIES_POINTS;
  }

  #watch(): Watch {
    const hostId = this.detail.hostId;
    return { overview: true, stats: true, alerts: true, host: hostId === null ? null : { hostId, windowMs: this.detail.windowMs, points: this.#points() } };
  }

  #recordAges(hubRxMs: readonly number[]): void {
    const now = Date.now();
    for (const rx of hubRxMs) this.compare.recordAge(ageOnHubClock(rx, now, this.clockOffsetMs));
  }

  /** Applies overview updates in order; Svelte draws the page once for all of them. */
  #applyOverview(updates: readonly OverviewUpdate[]): void {
    for (const update of updates) {
      const fresh = this.overview.apply(update);
      // The open host was deleted (here or elsewhere) or forgotten: its page says the hub knows it no more.
      const open = this.detail.hostId;
      if (open !== null && update.removed.includes(open)) this.detail.markUnknown(open);
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
      series: (hostId, series) => this.detail.applySeries(hostId, series),
      samples: (hostId, samples) => {
        const drawn = this.detail.applySamples(hostId, samples);
        this.#recordAges(drawn.map((s) => s.hubRxMs));
      },
      processes: (table) => this.processes.apply(table),
      hostStatus: (status) => this.overview.applyStatus(status),
      stats: (stats) => this.compare.applyStats(stats),
      alerts: (update) => this.alerts.apply(update),
      connection: (state, _mode, detail) => {
        this.connection = state;
        this.connectionDetail = detail ?? '';
        // A transport swapped in starts 'connecting': that alone loses nothing.
        if (state === 'live') this.hubLostSinceMs = null;
        else if (state === 'retrying') this.hubLostSinceMs ??= Date.now();
      },
      traffic: (bytes, requests) => this.compare.addTraffic(bytes, requests),
      viewerTokenNeeded: (needed) => {
        this.viewerTokenNeeded = needed;
      },
      hostNameRefused: (refused) => {
        this.hostNameRefused = refused;
      },
      clock: (reading) => {
        this.clockOffsetMs = reading.offsetMs;
      },
    };
  }
}
