import { CloseCode } from '@hostpulse/protocol';
import { createLogger, UserError } from '@hostpulse/common';
import { readAlertsText } from './alerts/rules-file.js';
import { createHubApp } from './app.js';
import type { HubTokens } from './auth/hub-tokens.js';
import { isLoopback, type HubConfig } from './config.js';
import { listenUrls } from './http/listen-urls.js';
import { closeListenSocket, listenExclusive, listenPort } from './uws/uws-app.js';

/** A running hub. */
export interface RunningHub {
  /** The port it listens on (the chosen one when started with port 0). */
  port: number;
  /**
   * Stops listening, closes every socket with goingAway (1001), stops the timers
   * and waits (up to SHUTDOWN_DRAIN_MS) for responses still in flight; `reason` is logged.
   */
  close(reason?: string): Promise<void>;
  /**
   * Reads the alerts file again (SIGHUP) and imports it when its text changed since
   * it was last imported; an invalid file is logged with its line and column and the old rules stay.
   */
  reloadAlerts(): void;
  /** Its agent and admin tokens: given, or kept in the data dir. */
  tokens: HubTokens;
}

/** Longest a stopping hub waits for responses still in flight (a dashboard file being read). */
export const SHUTDOWN_DRAIN_MS = 5000;

/**
 * Starts a hub: refuses on the uWS fallback, wires the app, listens, and logs one
 * `listening url=... port=...` line (scripts parse `port=` from it).
 */
export function startHub(config: HubConfig): Promise<RunningHub> {
  const log = createLogger('hub', config.logLevel);
  let listening = false;
  // Built first: on the uWS fallback it throws before anything is logged or opened.
  const hub = createHubApp(config, log, { isListening: () => listening, isStorageOpen: () => hub.store.isOpen });
  const { core, store, bus, tokens } = hub;
  const sources = { agentToken: tokens.source('agent'), adminToken: tokens.source('admin') };
  if (tokens.file === null) log.info('no data dir: tokens are per run, none is kept; --data-dir DIR makes an agent and an admin token once and keeps them', sources);
  else log.info('tokens kept in the data dir; --print-tokens shows them', { file: tokens.file, ...sources, made: tokens.made.join(',') || undefined });
  if (tokens.madePrivate) log.warn('tokens file was readable by others; made it owner-only (0600)', { file: tokens.file });
  if (sources.agentToken === 'none' && config.agentHostTokens.length === 0 && isLoopback(config.host)) {
    log.warn('no agent token: any local process may push samples', { host: config.host });
  }
  if (config.dataDir === null) log.info('history in memory only, lost at exit; --data-dir DIR keeps it on disk', { history: `${config.historyMs}ms` });
  return new Promise((resolve, reject) => {
    listenExclusive(hub.app, config.host, config.port, (listenSocket) => {
      if (!listenSocket) {
        core.stop();
        void store.close().finally(() => reject(new UserError(`cannot listen on ${config.host}:${config.port} (address in use or not available)`)));
        return;
      }
      listening = true;
      const port = listenPort(listenSocket);
      const stopTimers = hub.startTimers();
      const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;
      bus?.start(`${urlHost}:${port}`);
      // On 0.0.0.0 or ::, one URL per address of this machine, loopback first: never the wildcard, which reaches nothing from elsewhere.
      const urls = listenUrls(config.host, port);
      hub.listeningAt(urls);
      // The lab's viewers connect from this machine: to loopback when the hub listens on every address.
      hub.lab?.setHubUrl(urls[0]!);
      const counts = core.registry.counts();
      log.info('listening', {
        url: urls[0],
        alsoAt: urls.slice(1).join(',') || undefined,
        port,
        history: `${config.historyMs}ms`,
        dataDir: config.dataDir ?? 'none',
        hostsRestored: counts.total || undefined,
        dashboardDir: config.dashboardDir,
        alerts: hub.alerts.config.source,
        alertRules: hub.alerts.config.rules.length,
        notifiers: hub.alerts.config.notifiers.length || undefined,
      });
      // Links in notifications go to other machines: an address of this one they can reach, when there is one.
      core.alerting.start(config.publicUrls[0] ?? urls.find((url) => !isLoopback(new URL(url).hostname.replace(/^\[|\]$/g, ''))) ?? urls[0]!);
      let closing: Promise<void> | undefined;
      const close = async (reason: string): Promise<void> => {
        await hub.lab?.stop('hubStopping', 'the hub shut down');
        stopTimers();
        listening = false;
        closeListenSocket(listenSocket);
        hub.closeSockets(CloseCode.goingAway, 'hub shutting down');
        await bus?.close();
        const inFlight = hub.inFlight.count;
        if (!(await hub.inFlight.drained(SHUTDOWN_DRAIN_MS))) log.warn('responses still in flight at shutdown', { count: hub.inFlight.count });
        core.registry.saveAll();
        await store.close();
        core.stop();
        log.info('stopped', { reason, inFlight: inFlight || undefined });
      };
      resolve({
        port,
        tokens,
        close(reason = 'closed') {
          closing ??= close(reason);
          return closing;
        },
        reloadAlerts() {
          if (config.alertsFile === null) {
            log.warn('no alerts file to reload: start the hub with --alerts-file FILE');
            return;
          }
          try {
            if (!hub.alerts.reloadFile(config.alertsFile, readAlertsText(config.alertsFile))) {
              log.info('alerts file unchanged since it was imported; the rules in force stay', { file: config.alertsFile });
              return;
            }
            const alerts = hub.alerts.config;
            log.info('alerts file reloaded', { file: config.alertsFile, alertRules: alerts.rules.length, notifiers: alerts.notifiers.length, revision: hub.alerts.state?.revision });
          } catch (err) {
            log.error('alerts file not reloaded; the previous rules stay in force', { error: (err as Error).message });
          }
        },
      });
    });
  });
}
