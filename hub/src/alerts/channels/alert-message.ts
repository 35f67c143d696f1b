import type { Alert, AlertProcess } from '@hostpulse/protocol';

/** An alert's state change told to people: what every channel's message is built from. */
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
  /** The host's page on the dashboard (--public-url). */
  dashboardUrl: string;
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

/** Colours of the severities the default rules use; any other severity is grey. */
const SEVERITY_COLOURS: Readonly<Record<string, string>> = { critical: '#d32f2f', warning: '#f59e0b', info: '#1e88e5' };
const RESOLVED_COLOUR = '#2e7d32';
const OTHER_COLOUR = '#757575';

/** The message of an alert's state change. */
export function alertMessage(alert: Alert, dashboardUrl: string): AlertMessage {
  const state = alert.state === 'resolved' ? 'resolved' : 'firing';
  const value = Number.isInteger(alert.value) ? String(alert.value) : alert.value.toFixed(2);
  const valueText = valueTextOf(alert, value);
  return {
    state,
    title: `[${state.toUpperCase()}] ${alert.rule} on ${alert.hostId}`,
    severity: alert.severity,
    hostId: alert.hostId,
    rule: alert.rule,
    valueText,
    colour: state === 'resolved' ? RESOLVED_COLOUR : (SEVERITY_COLOURS[alert.severity] ?? OTHER_COLOUR),
    dashboardUrl,
    processes: (alert.topProcesses?.processes ?? []).map(processLine),
  };
}

/** The message's lines below its title, as plain text. */
export function messageLines(m: AlertMessage): string[] {
  const processes = m.processes.length > 0 ? ['Top processes:', ...m.processes.map((line) => `  ${line}`)] : [];
  return [`Severity: ${m.severity}`, `Host: ${m.hostId}`, `Value: ${m.valueText}`, ...processes, `Dashboard: ${m.dashboardUrl}`];
}

/** Escapes text for HTML (Telegram's parse_mode HTML, Matrix's formatted_body, the mail's HTML part). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The message as an HTML fragment: the title in bold, the facts, a link to the dashboard. */
export function messageHtml(m: AlertMessage): string {
  const processes = m.processes.length > 0 ? `<br>Top processes:<ul>${m.processes.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` : '<br>';
  return `<b>${escapeHtml(m.title)}</b><br>Severity: ${escapeHtml(m.severity)}<br>Host: ${escapeHtml(m.hostId)}<br>Value: ${escapeHtml(m.valueText)}${processes}<a href="${escapeHtml(m.dashboardUrl)}">Open in the dashboard</a>`;
}
