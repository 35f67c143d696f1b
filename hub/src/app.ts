import uWS from 'uWebSockets.js';
import { CloseCode, OVERVIEW_TOPIC, STATS_TOPIC } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { AgentAuth } from './agent-auth.js';
import { registerAgentSocket, type AgentSockets } from './agent-socket.js';
import { ApiAccess, registerCorsPreflight } from './api-access.js';
import type { HubConfig } from './config.js';
import { registerDashboardFiles } from './dashboard-files.js';
import { registerHttpApi } from './http-api.js';
import { HubCore, type Publish } from './hub-core.js';
import { LiveAccess } from './live-access.js';
import { registerLiveSocket, SLOW_CLIENT_BUFFERED_BYTES, type LiveSockets } from './live-socket.js';
import { OriginPolicy } from './origin-policy.js';
import { ViewerAuth } from './viewer-auth.js';
import { wsFrameHeaderBytes } from './wire-size.js';

/** How often hosts are checked for missed intervals and slow dashboards are dropped. */
export const HOUSEKEEPING_TICK_MS = 250;
/** How often the changed hosts go out as one coalesced overview frame. */
export const OVERVIEW_TICK_MS = 500;
/** How often the hub's own load is measured and published. */
export const STATS_TICK_MS = 1000;

/** The wired-up hub before it listens. */
export interface HubApp {
  app: uWS.TemplatedApp;
  core: HubCore;
  /** Starts the periodic work; returns a function that stops it. */
  startTimers(): () => void;
  /** Closes every open socket with `code`. */
  closeSockets(code: number, reason: string): void;
}

/**
 * Builds the uWS app: the hub core, WebSocket /agent and /live, the polling API,
 * /metrics and the dashboard files. Publishing counts every delivered frame on
 * the push transport: one per subscriber of the topic.
 */
export function createHubApp(config: HubConfig, log: Logger): HubApp {
  const app = uWS.App();
  const agentSockets: AgentSockets = new Set();
  const liveSockets: LiveSockets = new Set();
  const publish: Publish = (topic, message) => {
    const subscribers = app.numSubscribers(topic);
    if (subscribers === 0) return;
    const text = JSON.stringify(message);
    const bytes = Buffer.byteLength(text);
    app.publish(topic, text, false);
    core.load.recordFrames('push', subscribers, bytes, bytes + wsFrameHeaderBytes(bytes, false));
  };
  const core = new HubCore({ historyMs: config.historyMs, log, publish, pushClients: () => liveSockets.size });

  const viewer = new ViewerAuth(config.viewerToken);
  const apiAccess = new ApiAccess(viewer, config.corsOrigins);
  registerAgentSocket(app, core, log, agentSockets, new AgentAuth(config.agentToken, config.agentHostTokens));
  registerLiveSocket(app, core, liveSockets, new LiveAccess(new OriginPolicy(config.allowedOrigins), viewer));
  registerHttpApi(app, core, apiAccess);
  registerCorsPreflight(app, apiAccess);
  registerDashboardFiles(app, config.dashboardDir, core, viewer, log);

  const housekeeping = (): void => {
    core.registry.checkOffline();
    for (const ws of liveSockets) {
      if (ws.getBufferedAmount() < SLOW_CLIENT_BUFFERED_BYTES) continue;
      core.faults.record('slowClientDropped', { remote: ws.getUserData().remote, bufferedBytes: ws.getBufferedAmount() });
      ws.end(CloseCode.slowClientDropped, 'too slow to read');
    }
  };
  const overviewTick = (): void => {
    const frame = core.overview.tick(Date.now());
    if (frame) publish(OVERVIEW_TOPIC, frame);
  };
  const statsTick = (): void => {
    core.tick();
    publish(STATS_TOPIC, { type: 'stats', stats: core.stats() });
  };

  return {
    app,
    core,
    startTimers() {
      const timers = [
        setInterval(housekeeping, HOUSEKEEPING_TICK_MS),
        setInterval(overviewTick, OVERVIEW_TICK_MS),
        setInterval(statsTick, STATS_TICK_MS),
      ];
      return () => timers.forEach(clearInterval);
    },
    closeSockets(code, reason) {
      for (const ws of [...agentSockets, ...liveSockets]) ws.end(code, reason);
    },
  };
}
