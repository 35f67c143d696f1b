import type { Alert, AlertProcess } from '@hostpulse/protocol';

/** One alert's state change in a message. */
export interface AlertItem {
  state: 'firing' | 'resolved';
  severity: string;
  hostId: string;
  rule: string;
  valueText: string;
  dashboardUrl: string;
}

/**
 * An alert's state change told to people, or several grouped in one message:
 * what every channel's message is built from.
 */
export interface AlertMessage {
  state: 'firing' | 'resolved';
  /** "[FIRING] cpu-high on web-1" */
  title: string;
  severity: string;
  hostId: string;
  rule: string;
  /** "cpu.busyPct 97.2 (> 90)", or "offline" */
  valueText: string;
  /** The severity's colour as #rrggbb: green once resolved. */
  colour: string;
  /** The host's page on the dashboard (--public-url); a group's, the Alerts page. */
  dashboardUrl: string;
  /** The state changes told: one, or the members of a group. */
  items: AlertItem[];
  /** Who did it, one line per process kept with the alert: "postgres (pid 4127, postgres) 181.5% CPU, 500.0 MiB: postgres: checkpointer"; empty when none. */
  processes: string[];
}

const MIB = 1024 * 1024;

/** One process of an alert as a line of text. */
export function processLine(p: AlertProcess): string {
  const who = p.user === undefined ? `pid ${p.pid}` : `pid ${p.pid}, ${p.user}`;
  return `${p.name} (${who}) ${p.cpuPct.toFixed(1)}% CPU, ${(p.rssBytes / MIB).toFixed(1)} MiB${p.command ? `: ${p.command}` : ''}`;
}

/** What an alert's value says in words. */
function valueTextOf(alert: Alert, value: string): string {
  if (alert.metric === 'process.absent') return alert.value === 0 ? 'no matching process running' : `${value} matching process${alert.value === 1 ? '' : 'es'} running`;
  return alert.op === undefined ? 'offline' : `${alert.metric} ${value} (${alert.op} ${alert.threshold})`;
}

/** Hosts a group's title names before "and N more". */
const TITLE_HOSTS = 5;
/** Severities from the most urgent; any other comes after them. */
const SEVERITY_ORDER = ['critical', 'warning', 'info'];
const rank = (severity: string): number => (SEVERITY_ORDER.includes(severity) ? SEVERITY_ORDER.indexOf(severity) : SEVERITY_ORDER.length);

/** Colours of the severities the default rules use; any other severity is grey. */
const SEVERITY_COLOURS: Readonly<Record<string, string>> = { critical: '#d32f2f', warning: '#f59e0b', info: '#1e88e5' };
const RESOLVED_COLOUR = '#2e7d32';
const OTHER_COLOUR = '#757575';

/** The message of an alert's state change. */
export function alertMessage(alert: Alert, dashboardUrl: string): AlertMessage {
  const state = alert.state === 'resolved' ? 'resolved' : 'firing';
  const value = Number.isInteger(alert.value) ? String(alert.value) : alert.value.toFixed(2);
  const valueText = valueTextOf(alert, value);
  const item: AlertItem = { state, severity: alert.severity, hostId: alert.hostId, rule: alert.rule, valueText, dashboardUrl };
  return {
    ...item,
    title: `[${state.toUpperCase()}] ${alert.rule} on ${alert.hostId}`,
    colour: state === 'resolved' ? RESOLVED_COLOUR : (SEVERITY_COLOURS[alert.severity] ?? OTHER_COLOUR),
    items: [item],
    processes: (alert.topProcesses?.processes ?? []).map(processLine),
  };
}

/**
 * One message of several alerts' state changes, linking to the Alerts page:
 * "[FIRING] 10 alerts: host-offline on a, b, c, d, e and 5 more", with the
 * severity and colour of the most urgent firing one (green when all resolved).
 */
export function groupMessage(alerts: readonly Alert[], dashboardUrlOf: (alert: Alert) => string, alertsPageUrl: string): AlertMessage {
  const items = alerts.flatMap((alert) => alertMessage(alert, dashboardUrlOf(alert)).items);
  const firing = items.filter((item) => item.state === 'firing');
  const state = firing.length > 0 ? 'firing' : 'resolved';
  const severity = (firing.length > 0 ? firing : items).map((item) => item.severity).sort((a, b) => rank(a) - rank(b))[0] ?? 'warning';
  const rules = [...new Set(items.map((item) => item.rule))];
  const hosts = [...new Set(items.map((item) => item.hostId))];
  const more = hosts.length > TITLE_HOSTS ? ` and ${hosts.length - TITLE_HOSTS} more` : '';
  const hostsText = hosts.slice(0, TITLE_HOSTS).join(', ') + more;
  const mixed = firing.length > 0 && firing.length < items.length ? ` (${firing.length} firing, ${items.length - firing.length} resolved)` : '';
  return {
    state,
    title: `[${state.toUpperCase()}] ${items.length} alerts${mixed}: ${rules.join(', ')} on ${hostsText}`,
    severity,
    hostId: hostsText,
    rule: rules.join(', '),
    valueText: `${items.length} alerts`,
    colour: state === 'resolved' ? RESOLVED_COLOUR : (SEVERITY_COLOURS[severity] ?? OTHER_COLOUR),
    dashboardUrl: alertsPageUrl,
    items,
    // Each member's top processes are on its alert in the dashboard, behind the link.
    processes: [],
  };
}

/** Whether a message tells of several alerts. */
export const isGroup = (m: AlertMessage): boolean => m.items.length > 1;

/** A group member's line: "web-1: cpu.busyPct 97.20 (> 90) [cpu-hot, critical]". */
export function itemLine(item: AlertItem): string {
  return `${item.hostId}: ${item.valueText} [${item.rule}, ${item.severity}${item.state === 'resolved' ? ', resolved' : ''}]`;
}

/** The message's lines below its title, as plain text: the facts of one alert, or a line per member of a group. */
export function messageLines(m: AlertMessage): string[] {
  if (isGroup(m)) return [...m.items.map(itemLine), `Dashboard: ${m.dashboardUrl}`];
  const processes = m.processes.length > 0 ? ['Top processes:', ...m.processes.map((line) => `  ${line}`)] : [];
  return [`Severity: ${m.severity}`, `Host: ${m.hostId}`, `Value: ${m.valueText}`, ...processes, `Dashboard: ${m.dashboardUrl}`];
}

/** Escapes text for HTML (Telegram's parse_mode HTML, Matrix's formatted_body, the mail's HTML part). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The message as an HTML fragment: the title in bold, the facts, a link to the dashboard. */
export function messageHtml(m: AlertMessage): string {
  if (isGroup(m)) return `<b>${escapeHtml(m.title)}</b><br>${m.items.map((item) => escapeHtml(itemLine(item))).join('<br>')}<br><a href="${escapeHtml(m.dashboardUrl)}">Open in the dashboard</a>`;
  const processes = m.processes.length > 0 ? `<br>Top processes:<ul>${m.processes.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` : '<br>';
  return `<b>${escapeHtml(m.title)}</b><br>Severity: ${escapeHtml(m.severity)}<br>Host: ${escapeHtml(m.hostId)}<br>Value: ${escapeHtml(m.valueText)}${processes}<a href="${escapeHtml(m.dashboardUrl)}">Open in the dashboard</a>`;
}
