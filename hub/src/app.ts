import type { TemplatedApp } from 'uWebSockets.js';
import { CloseCode, MAX_MESSAGE_BYTES, OVERVIEW_TOPIC, STATS_TOPIC } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { registerAgentDownloads } from './api/agent-downloads.js';
import { registerAgentTokens } from './api/agent-token-routes.js';
import { registerHttpApi } from './api/api-routes.js';
import { registerDashboardFiles } from './api/dashboard-files.js';
import { registerHealth, type ReadinessChecks } from './api/health.js';
import { registerHubInfo } from './api/hub-info-route.js';
import { registerHostNames } from './api/host-name-routes.js';
import { registerSilences } from './api/silence-routes.js';
import { registerAlertHistory } from './api/alert-history-routes.js';
import { registerAlertRules } from './api/alert-rule-routes.js';
import { AlertsDocument } from './alerts/alerts-document.js';
import { readAlertsText } from './alerts/rules-file.js';
import { registerHubTokens } from './api/hub-token-routes.js';
import { Access } from './auth/access.js';
import { AdminAuth } from './auth/admin-auth.js';
import { AgentAuth } from './auth/agent-auth.js';
import { AgentTokenMint } from './auth/agent-token-mint.js';
import { HostNamePolicy } from './auth/host-names.js';
import { HubTokens } from './auth/hub-tokens.js';
import { OriginPolicy } from './auth/origin-policy.js';
import { ViewerAuth } from './auth/viewer-auth.js';
import { NatsHubBus } from './cluster/hub-bus.js';
import { isLoopback, type HubConfig } from './config.js';
import { HubCore } from './core/hub-core.js';
import { splitOverviewFrame } from './hosts/overview-frames.js';
import { InFlight } from './http/in-flight.js';
import { SocketLimits } from './http/socket-limits.js';
import { AgentIngest } from './ingest/agent-ingest.js';
import { closeAgentsOfToken, countSharedTokenAgents, registerAgentSocket, sendWatchLists, type AgentSockets } from './ingest/agent-socket.js';
import { LabControl } from './lab/lab-control.js';
import { registerLab } from './lab/lab-routes.js';
import { registerLiveSocket, SLOW_CLIENT_BUFFERED_BYTES } from './live/live-socket.js';
import { LiveSubscriptions } from './live/live-subscriptions.js';
import { createPublish, type LiveSockets, type LiveTopics } from './live/push-send.js';
import { HistoryStore } from './store/history-store.js';
import { longestRetentionMs } from './store/tiers.js';
import { FaultCounter } from './telemetry/faults.js';
import { LoadAccounting } from './telemetry/load-accounting.js';
import { PollInspector } from './telemetry/poll-inspector.js';
import { createUwsApp } from './uws/uws-app.js';

/** How often hosts are checked for missed intervals and slow dashboards are dropped. */
export const HOUSEKEEPING_TICK_MS = 250;
/**
 * How long the first host change waits for others before the changed hosts go out
 * as one coalesced overview frame. 25 ms keeps the added staleness (at most 25 ms)
 * inside the 50 ms p99 target with room for delivery, while 200 hosts reporting at
 * 1 Hz still share a frame among about five of them (at most 40 frames/s), not one
 * frame per sample.
 */
export const OVERVIEW_COALESCE_MS = 25;
/** How often the hub's own load is measured and published. */
export const STATS_TICK_MS = 1000;

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
  /** The alert rules and notifiers the hub runs, seeded by --alerts-file. */
  alerts: AlertsDocument;
  /** Responses still being written after their handler returned; shutdown waits for them. */
  inFlight: InFlight;
  /** Starts the periodic work; returns a function that stops it. */
  startTimers(): () => void;
  /** Tells the app the URLs it listens at (listen-urls.ts), for GET /api/hub. */
  listeningAt(urls: readonly string[]): void;
  /** Closes every open socket with `code`. */
  closeSockets(code: number, reason: string): void;
}

/**
 * The one composition root: builds the store, the hub core, the bus, access, and
 * every route and socket (WebSocket /agent and /live, the polling API, /metrics,
 * /healthz and /readyz answered from `readiness`, the lab, the dashboard files).
 * Nothing listens yet.
 */
export function createHubApp(config: HubConfig, log: Logger, readiness: ReadinessChecks): HubApp {
  const app = createUwsApp();
  const agentSockets: AgentSockets = new Set();
  const liveSockets: LiveSockets = new Set();
  const subscriptions: LiveTopics = new LiveSubscriptions();
  const inFlight = new InFlight();
  const polls = new PollInspector();
  const faults = new FaultCounter(log);
  const load = new LoadAccounting();
  const store = new HistoryStore({
    dataDir: config.dataDir,
    memoryMs: config.historyMs,
    retention: config.retention,
    maxBytes: config.maxDiskBytes,
    alertHistoryMs: config.alertHistoryMs,
    // Live data keeps flowing; the write is kept and tried again, and the fault is counted and logged once a minute.
    onFault: (message, code) => faults.record('storage', { code, message }),
    // Answers go on without the block; each is named once, so a person can look at it (it stays on disk as it is).
    onDamaged: (block, message) => {
      log.warn('damaged block left out of answers', { block, message });
      faults.record('storage', { code: 'damaged', block });
    },
    onHousekeeping: (purgedRows, cappedRows) => log.info('history trimmed', { purgedRows: purgedRows || undefined, cappedRows: cappedRows || undefined }),
  });
  let tokens: HubTokens;
  let alerts: AlertsDocument;
  try {
    // Once the store holds the data dir's lock, so two hubs starting on it cannot make different tokens.
    tokens = HubTokens.open(config);
    const file = config.alertsFile === null ? null : { path: config.alertsFile, text: readAlertsText(config.alertsFile) };
    alerts = new AlertsDocument({ store, retention: config.retention, file });
  } catch (err) {
    void store.close();
    throw err;
  }

  // Armed by the first change of a window, so no timer runs while nothing changes.
  let overviewTimer: ReturnType<typeof setTimeout> | undefined;
  let timersRunning = false;
  const flushOverview = (): void => {
    overviewTimer = undefined;
    const frame = core.overview.flush(Date.now());
    if (frame) for (const part of splitOverviewFrame(frame, MAX_MESSAGE_BYTES)) publish(OVERVIEW_TOPIC, part);
  };
  const armOverview = (): void => {
    if (timersRunning && overviewTimer === undefined) overviewTimer = setTimeout(flushOverview, OVERVIEW_COALESCE_MS);
  };
  /** Closes this hub's agent socket for a host another hub holds (4409), counting the fault. */
  const closeAgent = (hostId: string, reason: string): void => {
    for (const ws of agentSockets) {
      const data = ws.getUserData();
      if (data.hostId !== hostId || data.closing) continue;
      data.closing = true;
      faults.record('hostIdConflict', { path: '/agent', remote: data.remote, hostId, detail: reason });
      ws.end(CloseCode.hostIdConflict, reason);
    }
  };
  let bus: NatsHubBus | null = null;
  const busConfig = config.bus;
  const publish = createPublish(app, subscriptions, load);
  const core = new HubCore({
    store,
    log,
    publish,
    load,
    faults,
    pushClients: () => liveSockets.size,
    overviewPending: armOverview,
    alerts: alerts.config,
    clock: { aheadMs: config.maxClockAheadMs, behindMs: longestRetentionMs(config.retention) },
    forgetOfflineAfterMs: config.forgetOfflineAfterMs,
    bus: busConfig ? (parts) => (bus = new NatsHubBus({ ...parts, alerts, config: busConfig, state: store, log, maxHosts: config.maxHosts, closeAgent })) : undefined,
  });
  const { registry, processes, overview, counters } = core;
  alerts.onChange((config, origin) => {
    core.alerting.reload(config);
    if (origin === 'bus') log.info('alert rules taken from another hub', { revision: alerts.state?.revision, alertRules: config.rules.length, notifiers: config.notifiers.length });
  });

  // An agent may replay as much as the hub keeps of raw samples in one burst.
  const ingest = new AgentIngest({
    registry,
    processes,
    historyMs: store.replayWindowMs,
    maxHosts: config.maxHosts,
    claims: { holderOf: (hello) => core.bus?.holderOf(hello) ?? null, accepted: (hello) => core.bus?.helloAccepted(hello, Date.now()) },
  });
  core.onHostRemoved((hostId) => ingest.forget(hostId));
  core.onTick(() => ingest.prune());

  const viewer = new ViewerAuth(config.viewerToken);
  const admin = new AdminAuth(tokens.token('admin'));
  const agents = new AgentAuth(tokens.token('agent'), config.agentHostTokens);
  const origins = new OriginPolicy([...config.allowedOrigins, ...config.publicUrls.map((url) => new URL(url).origin)]);
  const limits = new SocketLimits({ maxPerAddress: config.maxSocketsPerAddress });
  const access = new Access({
    viewer,
    admin,
    agents,
    hostNames: new HostNamePolicy(config.publicUrls),
    origins,
    corsOrigins: config.corsOrigins,
    faults,
    sockets: limits,
    trustedProxies: new Set(config.trustedProxies),
  });
  const mint = new AgentTokenMint({ store, auth: agents, log, maxTokens: config.maxHosts });
  const lab = config.lab && new LabControl({ ...config.lab, viewerAuthorization: config.viewerToken && `Bearer ${config.viewerToken}`, log });

  const watchFor = (hostId: string) => core.alerting.watchPatterns(hostId);
  registerAgentSocket(app, { access, ingest, faults, limits, log, burstLog: core.burstLog, sockets: agentSockets, disconnected: (hostId) => core.agentDisconnected(hostId), watchFor, watched: (report) => core.alerting.onWatched(report) });
  core.alerting.onRulesChanged(() => sendWatchLists(agentSockets, watchFor));
  registerAgentTokens(app, { access, mint, state: store, faults, inFlight, closeAgents: (hostId, reason) => closeAgentsOfToken(agentSockets, hostId, reason) });
  registerHubTokens(app, { access, tokens, agents, admin, sharedTokenAgents: () => countSharedTokenAgents(agentSockets), faults, log });
  let listenUrls: readonly string[] = [];
  const agentToken = tokens.token('agent') !== undefined ? 'shared' : agents.isRequired ? 'perHost' : 'none';
  registerHubInfo(app, { access, publicUrls: config.publicUrls, listenHost: config.host, isLoopbackOnly: isLoopback(config.host), listenUrls: () => listenUrls, agentToken });
  registerLiveSocket(app, { access, reads: core, load, faults, sockets: liveSockets, subscriptions });
  registerLab(app, { control: lab, access, faults, inFlight, hasHost: (hostId) => registry.get(hostId) !== undefined });
  registerHttpApi(app, { access, reads: core, counters, load, faults, polls });
  registerHostNames(app, { access, registry, setDisplayName: (hostId, name) => core.setDisplayName(hostId, name), faults, inFlight });
  registerSilences(app, { access, silences: core.silences, faults, inFlight });
  registerAlertHistory(app, { access, history: core.alertHistory });
  registerAlertRules(app, { access, document: alerts, alerting: core.alerting, faults, inFlight, log });
  registerAgentDownloads(app, { access, inFlight, log, dir: config.agentDir, publicUrls: config.publicUrls });
  registerHealth(app, access, readiness);
  registerDashboardFiles(app, config.dashboardDir, { access, viewer, faults, inFlight, log });

  const housekeeping = (): void => {
    registry.checkOffline();
    for (const ws of liveSockets) {
      if (ws.getBufferedAmount() < SLOW_CLIENT_BUFFERED_BYTES) continue;
      faults.record('slowClientDropped', { remote: ws.getUserData().remote, bufferedBytes: ws.getBufferedAmount() });
      ws.end(CloseCode.slowClientDropped, 'too slow to read');
    }
  };
  const statsTick = (): void => {
    core.tick();
    publish(STATS_TOPIC, { type: 'stats', stats: core.stats() });
  };

  return {
    app,
    core,
    store,
    bus,
    lab,
    tokens,
    alerts,
    inFlight,
    listeningAt(urls) {
      listenUrls = urls;
    },
    startTimers() {
      timersRunning = true;
      if (overview.pending) armOverview();
      const timers = [setInterval(housekeeping, HOUSEKEEPING_TICK_MS), setInterval(statsTick, STATS_TICK_MS)];
      return () => {
        timersRunning = false;
        clearTimeout(overviewTimer);
        overviewTimer = undefined;
        timers.forEach(clearInterval);
      };
    },
    closeSockets(code, reason) {
      for (const ws of [...agentSockets, ...liveSockets]) ws.end(code, reason);
    },
  };
}
