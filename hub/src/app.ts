import uWS from 'uWebSockets.js';
import { CloseCode, OVERVIEW_TOPIC, STATS_TOPIC } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { AdminAuth } from './auth/admin-auth.js';
import { AgentAuth } from './auth/agent-auth.js';
import { registerAgentDownloads } from './api/agent-downloads.js';
import { closeAgentsOfToken, registerAgentSocket, type AgentSockets } from './ingest/agent-socket.js';
import { AgentTokenMint } from './auth/agent-token-mint.js';
import { registerAgentTokens } from './api/agent-token-routes.js';
import { ApiAccess, registerCorsPreflight } from './auth/api-access.js';
import type { HubConfig } from './config.js';
import { registerDashboardFiles } from './api/dashboard-files.js';
import { registerHealth, type ReadinessChecks } from './api/health.js';
import { registerHttpApi } from './api/api-routes.js';
import { HostNamePolicy } from './auth/host-names.js';
import { HubCore, type Publish } from './core/hub-core.js';
import { LabControl } from './lab/lab-control.js';
import { registerLab } from './lab/lab-routes.js';
import { LiveAccess } from './auth/live-access.js';
import { LiveSubscriptions } from './live/live-subscriptions.js';
import { LIVE_MAX_BACKPRESSURE, registerLiveSocket, SLOW_CLIENT_BUFFERED_BYTES, type LiveData, type LiveSockets } from './live/live-socket.js';
import { OriginPolicy } from './auth/origin-policy.js';
import type { HistoryStore } from './store/history-store.js';
import { ViewerAuth } from './auth/viewer-auth.js';
import { wsFrameHeaderBytes } from './http/wire-size.js';

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
  app: uWS.TemplatedApp;
  core: HubCore;
  /** The load lab, when the hub runs with --lab. */
  lab: LabControl | null;
  /** Starts the periodic work; returns a function that stops it. */
  startTimers(): () => void;
  /** Closes every open socket with `code`. */
  closeSockets(code: number, reason: string): void;
  /** Closes this hub's agent socket for a host another hub holds (4409), counting the fault. */
  closeAgent(hostId: string, reason: string): void;
}

/**
 * Builds the uWS app: the hub core, WebSocket /agent and /live, the polling API,
 * /metrics, /healthz and /readyz (answered from `readiness`) and the dashboard files. Publishing counts a frame per subscriber of
 * the topic on the push transport: delivered, or dropped for a subscriber uWS
 * skips because it is over its backpressure limit.
 */
export function createHubApp(config: HubConfig, log: Logger, store: HistoryStore, readiness: ReadinessChecks): HubApp {
  const app = uWS.App();
  const agentSockets: AgentSockets = new Set();
  const liveSockets: LiveSockets = new Set();
  const subscriptions = new LiveSubscriptions<uWS.WebSocket<LiveData>>();
  const publish: Publish = (topic, message) => {
    const subscribers = app.numSubscribers(topic);
    if (subscribers === 0) return;
    const text = JSON.stringify(message);
    const bytes = Buffer.byteLength(text);
    // Read before publishing: uWS skips a subscriber already over the limit when it sends.
    const { backpressured, dropped } = subscriptions.backlog(topic, LIVE_MAX_BACKPRESSURE);
    app.publish(topic, text, false);
    core.load.recordFrames('push', subscribers - dropped, bytes, bytes + wsFrameHeaderBytes(bytes, false));
    if (dropped > 0) core.load.recordDropped('push', dropped);
    if (backpressured > 0) core.load.recordBackpressured('push', backpressured);
  };
  // Armed by the first change of a window, so no timer runs while nothing changes.
  let overviewTimer: ReturnType<typeof setTimeout> | undefined;
  let timersRunning = false;
  const flushOverview = (): void => {
    overviewTimer = undefined;
    const frame = core.overview.flush(Date.now());
    if (frame) publish(OVERVIEW_TOPIC, frame);
  };
  const armOverview = (): void => {
    if (timersRunning && overviewTimer === undefined) overviewTimer = setTimeout(flushOverview, OVERVIEW_COALESCE_MS);
  };
  const core = new HubCore({ store, maxHosts: config.maxHosts, log, publish, pushClients: () => liveSockets.size, overviewPending: armOverview, alerts: config.alerts });

  const viewer = new ViewerAuth(config.viewerToken);
  const hostNames = new HostNamePolicy(config.publicUrls);
  const apiAccess = new ApiAccess(viewer, config.corsOrigins, hostNames);
  const liveOrigins = new OriginPolicy([...config.allowedOrigins, ...config.publicUrls.map((url) => new URL(url).origin)]);
  const agentAuth = new AgentAuth(config.agentToken, config.agentHostTokens);
  registerAgentSocket(app, core, log, agentSockets, agentAuth);
  const admin = new AdminAuth(config.adminToken);
  const mint = new AgentTokenMint({ store, auth: agentAuth, log, maxTokens: config.maxHosts });
  registerAgentTokens(app, core, { mint, admin, api: apiAccess, closeAgents: (hostId, reason) => closeAgentsOfToken(agentSockets, hostId, reason) });
  registerLiveSocket(app, core, liveSockets, new LiveAccess(hostNames, liveOrigins, viewer), subscriptions);
  const lab = config.lab && new LabControl({ ...config.lab, viewerAuthorization: config.viewerToken && `Bearer ${config.viewerToken}`, log });
  registerLab(app, core, { control: lab, api: apiAccess, admin, origins: liveOrigins });
  registerHttpApi(app, core, apiAccess, admin);
  registerCorsPreflight(app, apiAccess);
  registerAgentDownloads(app, core, log, { dir: config.agentDir, publicUrls: config.publicUrls });
  registerHealth(app, readiness);
  registerDashboardFiles(app, config.dashboardDir, core, viewer, log);

  const housekeeping = (): void => {
    core.registry.checkOffline();
    for (const ws of liveSockets) {
      if (ws.getBufferedAmount() < SLOW_CLIENT_BUFFERED_BYTES) continue;
      core.faults.record('slowClientDropped', { remote: ws.getUserData().remote, bufferedBytes: ws.getBufferedAmount() });
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
    lab,
    startTimers() {
      timersRunning = true;
      if (core.overview.pending) armOverview();
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
    closeAgent(hostId, reason) {
      for (const ws of agentSockets) {
        const data = ws.getUserData();
        if (data.hostId !== hostId || data.closing) continue;
        data.closing = true;
        core.faults.record('hostIdConflict', { path: '/agent', remote: data.remote, hostId, detail: reason });
        ws.end(CloseCode.hostIdConflict, reason);
      }
    },
  };
}
