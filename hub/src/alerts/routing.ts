import type { Alert } from '@hostpulse/protocol';
import type { AlertRoute, AlertsConfig } from './rules-file.js';

/**
 * How long a channel's message waits, from its first alert, for more alerts to list,
 * where neither the route nor the file says: short enough that one alert is not
 * held back long, long enough for the hosts of one outage to go in one message.
 */
export const DEFAULT_GROUP_WAIT_MS = 10_000;
/** How often a firing alert is told again while it fires, where neither the route nor the file says (Alertmanager's repeat_interval). */
export const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000;

/** Where an alert goes and how: the notifiers, its channels' grouping window, and its repeat interval (0: never). */
export interface Routing {
  notifiers: string[];
  groupWaitMs: number;
  repeatIntervalMs: number;
}

/** Whether a route takes alerts of this rule and severity. */
function matches(route: AlertRoute, rule: string, severity: string): boolean {
  return (route.severities === undefined || route.severities.includes(severity)) && (route.rules === undefined || route.rules.includes(rule));
}

/**
 * The routing of an alert: the first route that matches its rule and severity, else
 * the default route (every notifier); the rule's own `notify` names the notifiers
 * in place of the route's. Timings not set on the route are the file's, else the
 * defaults.
 */
export function routeAlert(config: AlertsConfig, alert: Pick<Alert, 'rule' | 'severity'>): Routing {
  const rule = config.rules.find((r) => r.name === alert.rule);
  const route = config.routes?.find((r) => matches(r, alert.rule, alert.severity));
  return {
    notifiers: [...(rule?.notify ?? route?.notify ?? config.notifiers.map((n) => n.name))],
    groupWaitMs: route?.groupWaitMs ?? config.groupWaitMs ?? DEFAULT_GROUP_WAIT_MS,
    repeatIntervalMs: route?.repeatIntervalMs ?? config.repeatIntervalMs ?? DEFAULT_REPEAT_INTERVAL_MS,
  };
}
