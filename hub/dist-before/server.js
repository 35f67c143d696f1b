import { CloseCode } from '@hostpulse/protocol';
import { createLogger, UserError } from '@hostpulse/common';
import { readAlertsFile } from './alerts/rules-file.js';
import { createHubApp } from './app.js';
import { isLoopback } from './config.js';
import { closeListenSocket, listenExclusive, listenPort } from './uws/uws-app.js';
/** Longest a stopping hub waits for responses still in flight (a dashboard file being read). */
export const SHUTDOWN_DRAIN_MS = 5000;
/**
 * Starts a hub: refuses on the uWS fallback, wires the app, listens, and logs one
 * `listening url=... port=...` line (scripts parse `port=` from it).
 */
export function startHub(config) {
    const log = createLogger('hub', config.logLevel);
    let listening = false;
    // Built first: on the uWS fallback it throws before anything is logged or opened.
    const hub = createHubApp(config, log, { isListening: () => listening, isStorageOpen: () => hub.store.isOpen });
    const { core, store, bus, tokens } = hub;
    const sources = { agentToken: tokens.source('agent'), adminToken: tokens.source('admin') };
    if (tokens.file === null)
        log.info('no data dir: tokens are per run, none is kept; --data-dir DIR makes an agent and an admin token once and keeps them', sources);
    else
        log.info('tokens kept in the data dir; --print-tokens shows them', { file: tokens.file, ...sources, made: tokens.made.join(',') || undefined });
    if (tokens.madePrivate)
        log.warn('tokens file was readable by others; made it owner-only (0600)', { file: tokens.file });
    if (sources.agentToken === 'none' && config.agentHostTokens.length === 0 && isLoopback(config.host)) {
        log.warn('no agent token: any local process may push samples', { host: config.host });
    }
    if (config.dataDir === null)
        log.info('history in memory only, lost at exit; --data-dir DIR keeps it on disk', { history: `${config.historyMs}ms` });
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
            // The lab's viewers connect from this machine: to loopback when the hub listens on every address.
            hub.lab?.setHubUrl(`http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : urlHost}:${port}`);
            const counts = core.registry.counts();
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
            core.alerting.start(config.publicUrls[0] ?? `http://${urlHost}:${port}`);
            let closing;
            const close = async (reason) => {
                await hub.lab?.stop('hubStopping', 'the hub shut down');
                stopTimers();
                listening = false;
                closeListenSocket(listenSocket);
                hub.closeSockets(CloseCode.goingAway, 'hub shutting down');
                await bus?.close();
                const inFlight = hub.inFlight.count;
                if (!(await hub.inFlight.drained(SHUTDOWN_DRAIN_MS)))
                    log.warn('responses still in flight at shutdown', { count: hub.inFlight.count });
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
                        const alerts = readAlertsFile(config.alertsFile);
                        core.alerting.reload(alerts);
                        log.info('alerts file reloaded', { file: config.alertsFile, alertRules: alerts.rules.length, notifiers: alerts.notifiers.length });
                    }
                    catch (err) {
                        log.error('alerts file not reloaded; the previous rules stay in force', { error: err.message });
                    }
                },
            });
        });
    });
}
//# sourceMappingURL=server.js.map