import type { AlertMetric, AlertOp, AlertRule } from '@hostpulse/protocol';

// The rule editor's fields, and the rules-file entry (YAML) they make. An edit sends
// every key the form knows, a cleared one as null (removed), so keys the form lacks
// (typed in its YAML field, or in the file) stay as they were.

/** The rule editor's fields, as text. */
export interface RuleFields {
  name: string;
  metric: AlertMetric;
  op: AlertOp;
  threshold: string;
  /** Empty: the default, 5% of the threshold back. */
  clear: string;
  /** Durations such as 30s, 5m or 1h; empty: 0 for `for`, the default for `clearFor`. */
  for: string;
  clearFor: string;
  /** Empty: warning (critical for host.offline). */
  severity: string;
  /** Host id patterns, comma-separated. */
  hostIds: string;
  /** Tags as key=value, comma-separated. */
  hostTags: string;
  /** More keys of the entry, as YAML. */
  extra: string;
}

/** The fields of a new rule. */
export const NEW_RULE_FIELDS: RuleFields = { name: '', metric: 'cpu.busyPct', op: '>', threshold: '90', clear: '', for: '5m', clearFor: '', severity: '', hostIds: '', hostTags: '', extra: '' };

/** A duration as the rules file writes it: 1h, 5m, 30s or milliseconds. */
export function durationText(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return String(ms);
}

/** The fields of a rule as the hub runs it; values the hub filled in by default are left empty. */
export function fieldsOf(rule: AlertRule): RuleFields {
  const threshold = rule.threshold ?? 0;
  const above = rule.op === '>' || rule.op === '>=';
  const defaultClear = above ? threshold - Math.abs(threshold) * 0.05 : threshold + Math.abs(threshold) * 0.05;
  const defaultClearFor = Math.max(rule.forMs, 10_000);
  return {
    name: rule.name,
    metric: rule.metric,
    op: rule.op ?? '>',
    threshold: rule.threshold === undefined ? '' : String(rule.threshold),
    clear: rule.clear === undefined || rule.clear === defaultClear ? '' : String(rule.clear),
    for: rule.forMs === 0 ? '' : durationText(rule.forMs),
    clearFor: rule.clearForMs === undefined || rule.clearForMs === defaultClearFor ? '' : durationText(rule.clearForMs),
    severity: rule.severity === (rule.metric === 'host.offline' ? 'critical' : 'warning') ? '' : rule.severity,
    hostIds: rule.hostIds?.join(', ') ?? '',
    hostTags: Object.entries(rule.hostTags ?? {}).map(([k, v]) => `${k}=${v}`).join(', '),
    extra: '',
  };
}

const list = (text: string): string[] => text.split(',').map((part) => part.trim()).filter((part) => part !== '');

/** A number as typed, or the text itself so the hub names it ("rules[3].threshold must be a number"). */
const numberOr = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text.trim());

/**
 * The entry the fields make, as YAML (one `key: JSON value` line per key, then the
 * extra YAML). With `asEdit`, an empty optional field is sent as null, removing it.
 */
export function ruleYaml(fields: RuleFields, asEdit: boolean): string {
  const offline = fields.metric === 'host.offline';
  const tags = Object.fromEntries(list(fields.hostTags).map((pair) => pair.split('=', 2).map((t) => t.trim())));
  const ids = list(fields.hostIds);
  const hosts = ids.length > 0 || Object.keys(tags).length > 0 ? { ...(ids.length > 0 ? { ids } : {}), ...(Object.keys(tags).length > 0 ? { tags } : {}) } : null;
  const optional = (text: string, value: unknown = text.trim()): unknown => (text.trim() === '' ? null : value);
  const keys: Record<string, unknown> = {
    name: fields.name.trim(),
    metric: fields.metric,
    op: offline ? null : fields.op,
    threshold: offline ? null : numberOr(fields.threshold),
    clear: offline ? null : optional(fields.clear, numberOr(fields.clear)),
    for: optional(fields.for),
    clearFor: offline ? null : optional(fields.clearFor),
    severity: optional(fields.severity),
    hosts,
  };
  const lines = Object.entries(keys)
    .filter(([, value]) => asEdit || value !== null)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  const extra = fields.extra.trim();
  return `${lines.join('\n')}\n${extra === '' ? '' : `${extra}\n`}`;
}
