import type { AlertMetric, AlertRule } from '@hostpulse/protocol';
import { formatBytes, formatBytesPerSec, formatDateTime, formatPct } from './format.js';
import { plainText } from './plain-text.js';

/** A metric's value in its unit: "97%", "1.2 MB/s", "3.50", "71.0 °C", "offline". */
export function formatAlertValue(metric: AlertMetric, value: number | null): string {
  if (value === null) return '–';
  switch (metric) {
    case 'cpu.busyPct':
    case 'mem.usedPct':
    case 'swap.usedPct':
    case 'fs.usedPct':
    case 'disk.busyPct':
      return formatPct(value);
    case 'net.rxBytesPerSec':
    case 'net.txBytesPerSec':
      return formatBytesPerSec(value);
    case 'load1':
      return value.toFixed(2);
    case 'temp.maxC':
      return `${value.toFixed(1)} °C`;
    case 'host.offline':
      return value > 0 ? 'offline' : 'online';
    case 'process.absent':
      return value === 0 ? 'none running' : `${value} running`;
    case 'process.cpuPct':
      return formatPct(value);
    case 'process.rssBytes':
      return formatBytes(value);
    default: {
      const never: never = metric;
      return never;
    }
  }
}

/** A rule's hold time in its largest whole unit, as rules files write it: "10m", "90s", "1h". */
export function formatHold(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

const PCT_METRICS: readonly AlertMetric[] = ['cpu.busyPct', 'mem.usedPct', 'swap.usedPct', 'fs.usedPct', 'disk.busyPct'];

/** A rule's threshold or clear level as the rule has it: a percentage is not rounded ("85.5%", not "86%"). */
function formatLevel(metric: AlertMetric, value: number | undefined): string {
  if (value === undefined) return '–';
  return PCT_METRICS.includes(metric) ? `${Number(value.toFixed(3))}%` : formatAlertValue(metric, value);
}

/** A rule as one line: "cpu.busyPct > 95% for 10m (clears below 90% for 10m)" or "host offline for 1m". */
export function describeRule(rule: AlertRule): string {
  const hold = rule.forMs > 0 ? ` for ${formatHold(rule.forMs)}` : '';
  if (rule.metric === 'host.offline') return `host offline${hold}`;
  const matcher = rule.process ? ('name' in rule.process ? `process named ${plainText(rule.process.name)}` : `process with "${plainText(rule.process.command)}" in its command`) : 'process';
  if (rule.metric === 'process.absent') return `no ${matcher} running${hold}`;
  const above = rule.op === '>' || rule.op === '>=';
  const threshold = formatLevel(rule.metric, rule.threshold);
  const clearText = formatLevel(rule.metric, rule.clear);
  // A band too narrow to show in the metric's unit (bytes/s, load) is left out rather than read "> 1.0 MB/s (clears below 1.0 MB/s)".
  const level = rule.clear === undefined || clearText === threshold ? '' : ` ${above ? 'below' : 'above'} ${clearText}`;
  const clearHold = rule.clearForMs ? ` ${level ? 'for' : 'after'} ${formatHold(rule.clearForMs)}` : '';
  const clear = level || clearHold ? ` (clears${level}${clearHold})` : '';
  const subject = rule.process ? `${matcher}: ${rule.metric}` : rule.metric;
  return `${subject} ${rule.op} ${threshold}${hold}${clear}`;
}

/** When an alert started, ended or was delivered, as the rest of the dashboard writes a moment ("7 Dec 13:06:05"), or "–" for not yet. */
export function formatAlertTime(ms: number | null): string {
  return ms === null ? '–' : formatDateTime(ms);
}

/** An alert's labels as "mount=/var", or "" when it has none. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${plainText(value)}`).join(' ');
}

/** How a state label is coloured (the `.pill` tones): by what happened and, for a firing, its severity. */
export type PillTone = 'bad' | 'warn' | 'pending' | 'ok' | 'muted' | undefined;

/**
 * The tone of an alert's state (firing, pending), a delivery's outcome (dropped,
 * retrying, delivered) or a history event's kind (fired, failed, resolved ...): a
 * firing of severity warning is amber, any other red; undefined draws it plain.
 */
export function pillTone(label: string, severity?: string): PillTone {
  switch (label) {
    case 'firing':
    case 'fired':
      return severity === 'warning' ? 'warn' : 'bad';
    case 'failed':
    case 'dropped':
      return 'bad';
    case 'pending':
    case 'retrying':
      return 'pending';
    case 'resolved':
    case 'delivered':
      return 'ok';
    case 'silenced':
    case 'released':
      return 'muted';
    default:
      return undefined;
  }
}
