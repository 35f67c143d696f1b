import uWS from 'uWebSockets.js';
import { CloseCode } from '@hostpulse/protocol';
import { createLogger, UserError } from '@hostpulse/common';
import { readAlertsFile } from './alerts/rules-file.js';
import { createHubApp } from './app.js';
import { isLoopback, type HubConfig } from './config.js';
import { NatsHubBus } from './cluster/hub-bus.js';
import { assertNativeUws } from './uws/native-uws.js';
import { HistoryStore } from './store/history-store.js';

type ListenCallback = (listenSocket: uWS.us_listen_socket | false) => void;

/**
 * Listens without SO_REUSEPORT, which uSockets sets by default: with it a second hub
 * on the same port starts too and silently takes half the connections. uWS takes
 * (host, port, options, cb) at run time; its v20.30 typings list options only
 * without a host, hence the casts.
 */
function listenExclusive(app: uWS.TemplatedApp, host: string, port: number, cb: ListenCallback): void {
  const exclusive = (uWS as unknown as { LIBUS_LISTEN_EXCLUSIVE_PORT: number }).LIBUS_LISTEN_EXCLUSIVE_PORT;
  const listen = app.listen as unknown as (host: string, port: number, options: number, cb: ListenCallback) => void;
  listen.call(app, host, port, exclusive, cb);
}

/** A running hub. */
export interface RunningHub {
  /** The port it listens on (the chosen one when started with port 0). */
  port: number;
  /**
   * Stops listening, closes every socket with goingAway (1001), stops the timers
   * and waits (up to SHUTDOWN_DRAIN_MS) for responses still in flight; `reason` is logged.
   */
  close(reason?: string): Promise<void>;
  /** Reads the alerts file again (SIGHUP); an invalid file is logged with its line and column and the old rules stay. */
  reloadAlerts(): void;
}

/** Longest a stopping hub waits for responses still in flight (a dashboard file being read). */
export const SHUTDOWN_DRAIN_MS = 5000;

/**
 * Starts a hub: refuses on the uWS fallback, wires the app, listens, and logs one
 * `listening url=... port=...` line (scripts parse `port=` from it).
 */
export function startHub(config: HubConfig): Promise<RunningHub> {
  assertNativeUws(uWS);
  const log = createLogger('hub', config.logLevel);
  if (config.agentToken === undefined && config.agentHostTokens.length === 0 && isLoopback(config.host)) {
    log.warn('no agent token: any local process may push samples', { host: config.host });
  }
  let listening = false;
  const store = new HistoryStore({
    dataDir: config.dataDir,
    memoryMs: config.historyMs,
    retention: config.retention,
    maxBytes: config.maxDiskBytes,
    // Live data keeps flowing; the write is kept and tried again, and the fault is counted and logged once a minute.
    onFault: (message, code) => hub.core.faults.record('storage', { code, message }),
    onHousekeeping: (purgedRows, cappedRows) => log.info('history trimmed', { purgedRows: purgedRows || undefined, cappedRows: cappedRows || undefined }),
  });
  const hub = createHubApp(config, log, store, { isListening: () => listening, isStorageOpen: () => store.isOpen });
  if (config.dataDir === null) log.info('history in memory only, lost at exit; --data-dir DIR keeps it on disk', { history: `${config.historyMs}ms` });
  return new Promise((resolve, reject) => {
    listenExclusive(hub.app, config.host, config.port, (listenSocket) => {
      if (!listenSocket) {
        hub.core.stop();
        void store.close().finally(() => reject(new UserError(`cannot listen on ${config.host}:${config.port} (address in use or not available)`)));
        return;
      }
      listening = true;
      const port = uWS.us_socket_local_port(listenSocket as unknown as uWS.us_socket);
      const stopTimers = hub.startTimers();
      const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;
      const bus = config.bus && new NatsHubBus({ config: config.bus, core: hub.core, log, maxHosts: config.maxHosts, closeAgent: hub.closeAgent });
      hub.core.bus = bus;
      bus?.start(`${urlHost}:${port}`);
      // The lab's viewers connect from this machine: to loopback when the hub listens on every address.
      hub.lab?.setHubUrl(`http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : urlHost}:${port}`);
      const counts = hub.core.registry.counts();
      log.info('listening', {
        url: `http://${urlHost}:${port}`,
        port,
        history: `${config.historyMs}ms`,
        dataDir: config.dataDir ?? 'none',
        hostsRestored: counts.total || undefined,
        dashboardDir: config.dashboardDir,
        alerts: config.alerts.source,
        alertRules: config.alerts.rules.length,
        notifiers: config.alerts.notifiers.length || undefined,
      });
      hub.core.alerting.start(config.publicUrls[0] ?? `http://${urlHost}:${port}`);
      let closing: Promise<void> | undefined;
      const close = async (reason: string): Promise<void> => {
        await hub.lab?.stop('hubStopping', 'the hub shut down');
        stopTimers();
        listening = false;
        uWS.us_listen_socket_close(listenSocket);
        hub.closeSockets(CloseCode.goingAway, 'hub shutting down');
        await bus?.close();
        const inFlight = hub.core.inFlight.count;
        if (!(await hub.core.inFlight.drained(SHUTDOWN_DRAIN_MS))) log.warn('responses still in flight at shutdown', { count: hub.core.inFlight.count });
        hub.core.registry.saveAll();
        await store.close();
        hub.core.stop();
        log.info('stopped', { reason, inFlight: inFlight || undefined });
      };
      resolve({
        port,
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
            const alerts = readAlertsFile(config.alertsFile);
            hub.core.alerting.reload(alerts);
            log.info('alerts file reloaded', { file: config.alertsFile, alertRules: alerts.rules.length, notifiers: alerts.notifiers.length });
          } catch (err) {
            log.error('alerts file not reloaded; the previous rules stay in force', { error: (err as Error).message });
          }
        },
      });
    });
  });
}
