import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError, formatDuration, parseDuration } from '@hostpulse/common';
import { ALERT_METRICS, ALERT_OPS, MAX_TAGS, TAG_KEY_PATTERN, TAG_VALUE_PATTERN, type AlertMetric, type AlertOp, type AlertRule } from '@hostpulse/protocol';
import { MAX_COMMAND_CHARS, MAX_WATCHED_PATTERNS, type ProcessMatcher } from '@hostpulse/protocol';
import { isProcessMetric } from './process-rules.js';
import type { ChannelService } from '@hostpulse/protocol';
import { longestRetentionMs, type Retention } from '../store/tiers.js';
import { ChannelUrlError, parseChannelUrl, type Channel } from './channels/channel-url.js';

/**
 * Where a notifier delivers: a signed webhook, Alertmanager's /api/v2/alerts, or a
 * channel (a chat, push or mail service) named by its URL's scheme.
 */
export type NotifierConfig =
  | { name: string; type: 'webhook'; url: string; secret: string }
  | { name: string; type: 'alertmanager'; url: string }
  | { name: string; type: ChannelService; url: string; channel: Channel };

/** The alert rules and notifiers the hub runs, and where they came from. */
export interface AlertsConfig {
  /** The rules file, or "default" for the rules used without one. */
  readonly source: string;
  readonly rules: readonly AlertRule[];
  readonly notifiers: readonly NotifierConfig[];
  /** Which notifiers get which alerts, and how often: the first route that matches an alert's rule and severity (see routing.ts). */
  readonly routes?: readonly AlertRoute[];
  /** How long a channel's message waits for more alerts to list, where no route says (default DEFAULT_GROUP_WAIT_MS). */
  readonly groupWaitMs?: number;
  /** How often a firing alert is told again while it fires, where no route says; 0 never (default DEFAULT_REPEAT_INTERVAL_MS). */
  readonly repeatIntervalMs?: number;
}

/**
 * One entry of the file's `routes`: alerts of the given severities and rules (each
 * left out: any) go to the `notify` notifiers (left out: every one), grouped and
 * repeated as it says (left out: the file's own setting).
 */
export interface AlertRoute {
  readonly severities?: readonly string[];
  readonly rules?: readonly string[];
  readonly notify?: readonly string[];
  readonly groupWaitMs?: number;
  readonly repeatIntervalMs?: number;
}

/** The longest a grouping window may be: longer holds every alert back for it. */
export const MAX_GROUP_WAIT_MS = 10 * 60_000;
/** The shortest repeat interval but 0 (never). */
export const MIN_REPEAT_INTERVAL_MS = 1000;

/**
 * The rules a hub without --alerts-file runs: shown on the dashboard, delivered
 * nowhere (there is no notifier without a file).
 */
export const DEFAULT_ALERTS: AlertsConfig = Object.freeze<AlertsConfig>({
  source: 'default',
  rules: [
    { name: 'host-offline', metric: 'host.offline', forMs: 60_000, severity: 'critical' },
    { name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, clear: 85.5, forMs: 300_000, severity: 'warning', clearForMs: 300_000 },
    { name: 'mem-high', metric: 'mem.usedPct', op: '>', threshold: 95, clear: 90.25, forMs: 300_000, severity: 'warning', clearForMs: 300_000 },
  ],
  notifiers: [],
});

/** Share of the threshold a value must move back before a firing alert resolves, when a rule names no `clear`. */
export const DEFAULT_HYSTERESIS = 0.05;

/**
 * The shortest a firing alert's condition stays clear before it resolves, when a
 * rule names no `clearFor` (which then defaults to its `for`, at least this): ten
 * samples at the agent's 1 s interval, so a dip of a few samples neither resolves
 * an alert nor, when the value is back, makes it fire again.
 */
export const MIN_DEFAULT_CLEAR_FOR_MS = 10_000;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TAG_KEY = new RegExp(TAG_KEY_PATTERN);
const TAG_VALUE = new RegExp(TAG_VALUE_PATTERN);

/** An error in the rules file, its message led by `file:line:column`. */
class RulesError extends ConfigError {}

/** Reads nodes of the parsed file, each error naming its line and column. */
class Reader {
  constructor(
    readonly file: string,
    readonly lines: LineCounter,
    /** The longest duration a rule may give: the longest the hub keeps history. */
    readonly maxDurationMs: number,
  ) {}

  fail(node: Node | null | undefined, message: string): never {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    throw new RulesError(`${this.file}:${line}:${col}: ${message}`);
  }

  /** The entries of a mapping, refusing keys not in `allowed`. */
  map(node: Node | null | undefined, path: string, allowed: readonly string[]): Map<string, Node | null> {
    if (!isMap(node)) this.fail(node, `${path} must be an object`);
    const entries = new Map<string, Node | null>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) this.fail(pair.key as Node, `${path}: unknown key "${key}"; expected one of ${allowed.join(', ')}`);
      entries.set(key, pair.value as Node | null);
    }
    return entries;
  }

  list(node: Node | null | undefined, path: string): Node[] {
    if (!isSeq(node)) this.fail(node, `${path} must be a list`);
    return node.items as Node[];
  }

  string(node: Node | null | undefined, path: string): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') this.fail(node, `${path} must be a non-empty string`);
    return node.value;
  }

  name(node: Node | null | undefined, path: string): string {
    const name = this.string(node, path);
    if (!NAME_RE.test(name)) this.fail(node, `${path} must be letters, digits, ".", "_" or "-" (at most 64), got "${name}"`);
    return name;
  }

  number(node: Node | null | undefined, path: string): number {
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) this.fail(node, `${path} must be a number`);
    return node.value;
  }

  /** Tags as an agent's --tags gives them: keys and values of the same shapes. */
  tags(node: Node | null | undefined, path: string): Record<string, string> {
    if (!isMap(node) || node.items.length === 0) this.fail(node, `${path} must be an object of tags, such as {"env": "prod"}`);
    if (node.items.length > MAX_TAGS) this.fail(node, `${path}: at most ${MAX_TAGS} tags`);
    const tags: Record<string, string> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!TAG_KEY.test(key)) this.fail(pair.key as Node, `${path}: "${key}" is not a tag key (${TAG_KEY_PATTERN})`);
      const value = isScalar(pair.value) ? String(pair.value.value) : '';
      if (!TAG_VALUE.test(value)) this.fail(pair.value as Node, `${path}.${key}: "${value}" is not a tag value (${TAG_VALUE_PATTERN})`);
      tags[key] = value;
    }
    return tags;
  }

  oneOf<T extends string>(node: Node | null | undefined, path: string, values: readonly T[]): T {
    const text = isScalar(node) ? String(node.value) : '';
    if (!(values as readonly string[]).includes(text)) this.fail(node, `${path} must be one of ${values.join(', ')}, got "${text}"`);
    return text as T;
  }

  duration(node: Node | null | undefined, path: string): number {
    let ms: number;
    if (isScalar(node) && typeof node.value === 'number') {
      if (!Number.isFinite(node.value) || node.value < 0) this.fail(node, `${path} must be a duration such as 30s, 5m or 1h, or a number of milliseconds, got ${String(node.value)}`);
      ms = Math.round(node.value);
    } else {
      try {
        ms = parseDuration(isScalar(node) ? String(node.value) : '', path);
      } catch (err) {
        return this.fail(node, (err as Error).message);
      }
    }
    if (ms > this.maxDurationMs) this.fail(node, `${path} must be at most ${formatDuration(this.maxDurationMs)}, the longest the hub keeps history (--retention), got ${formatDuration(ms)}`);
    return ms;
  }

  url(node: Node | null | undefined, path: string): string {
    const text = this.string(node, path);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return this.fail(node, `${path} must be an http:// or https:// URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') this.fail(node, `${path} must be an http:// or https:// URL`);
    return text.replace(/\/+$/, '');
  }
}

const RULE_KEYS = ['name', 'metric', 'op', 'threshold', 'clear', 'for', 'clearFor', 'severity', 'hosts', 'disabled', 'notify'] as const;

/** A process rule's matcher: exactly one of `name` (the process's name, exactly) or `command` (part of its command line). */
function readProcessMatcher(r: Reader, node: Node | null | undefined, path: string): ProcessMatcher {
  const e = r.map(node, path, ['name', 'command']);
  if (e.size !== 1) r.fail(node, `${path} must have exactly one of name (the process's name, such as nginx) or command (part of its command line)`);
  if (e.has('name')) {
    const name = r.string(e.get('name'), `${path}.name`);
    if (name.length > 64) r.fail(e.get('name'), `${path}.name must be at most 64 characters`);
    return { name };
  }
  const command = r.string(e.get('command'), `${path}.command`);
  if (command.length > MAX_COMMAND_CHARS) r.fail(e.get('command'), `${path}.command must be at most ${MAX_COMMAND_CHARS} characters`);
  return { command };
}


/** A list of notifier names, each one of `known`; an empty list delivers nowhere. */
function readNotify(r: Reader, node: Node | null | undefined, path: string, known: ReadonlySet<string>): string[] {
  return r.list(node, path).map((item, i) => {
    const name = r.string(item, `${path}[${i}]`);
    if (!known.has(name)) r.fail(item, `${path}[${i}]: "${name}" is not a notifier; the notifiers are ${[...known].join(', ') || 'none'}`);
    return name;
  });
}

/** A grouping window: 0 up to MAX_GROUP_WAIT_MS. */
function readGroupWait(r: Reader, node: Node | null | undefined, path: string): number {
  const ms = r.duration(node, path);
  if (ms > MAX_GROUP_WAIT_MS) r.fail(node, `${path} must be at most ${formatDuration(MAX_GROUP_WAIT_MS)}: every alert to a channel waits for it, got ${formatDuration(ms)}`);
  return ms;
}

/** A repeat interval: 0 (never), or at least MIN_REPEAT_INTERVAL_MS. */
function readRepeatInterval(r: Reader, node: Node | null | undefined, path: string): number {
  const ms = r.duration(node, path);
  if (ms > 0 && ms < MIN_REPEAT_INTERVAL_MS) r.fail(node, `${path} must be 0 (never) or at least ${formatDuration(MIN_REPEAT_INTERVAL_MS)}, got ${formatDuration(ms)}`);
  return ms;
}

const ROUTE_KEYS = ['severity', 'rules', 'notify', 'groupWait', 'repeatInterval'] as const;

function readRoute(r: Reader, node: Node, path: string, rules: ReadonlySet<string>, notifiers: ReadonlySet<string>): AlertRoute {
  const e = r.map(node, path, ROUTE_KEYS);
  const route: { -readonly [K in keyof AlertRoute]: AlertRoute[K] } = {};
  if (e.has('severity')) {
    const severity = e.get('severity');
    route.severities = isSeq(severity) ? r.list(severity, `${path}.severity`).map((item, i) => r.name(item, `${path}.severity[${i}]`)) : [r.name(severity, `${path}.severity`)];
  }
  if (e.has('rules')) {
    route.rules = r.list(e.get('rules'), `${path}.rules`).map((item, i) => {
      const name = r.string(item, `${path}.rules[${i}]`);
      if (!rules.has(name)) r.fail(item, `${path}.rules[${i}]: "${name}" is not a rule of the file`);
      return name;
    });
  }
  if (e.has('notify')) route.notify = readNotify(r, e.get('notify'), `${path}.notify`, notifiers);
  if (e.has('groupWait')) route.groupWaitMs = readGroupWait(r, e.get('groupWait'), `${path}.groupWait`);
  if (e.has('repeatInterval')) route.repeatIntervalMs = readRepeatInterval(r, e.get('repeatInterval'), `${path}.repeatInterval`);
  return route;
}

function readRule(r: Reader, node: Node, path: string, notifiers: ReadonlySet<string>): AlertRule {
  const e = r.map(node, path, [...RULE_KEYS, 'process']);
  const required = (key: string): Node | null => (e.has(key) ? e.get(key)! : r.fail(node, `${path}.${key} is required`));
  const name = r.name(required('name'), `${path}.name`);
  const metric: AlertMetric = r.oneOf(required('metric'), `${path}.metric`, ALERT_METRICS);
  const rule: AlertRule = {
    name,
    metric,
    forMs: e.has('for') ? r.duration(e.get('for'), `${path}.for`) : 0,
    severity: e.has('severity') ? r.name(e.get('severity'), `${path}.severity`) : metric === 'host.offline' ? 'critical' : 'warning',
  };
  if (isProcessMetric(metric)) rule.process = readProcessMatcher(r, required('process'), `${path}.process`);
  else if (e.has('process')) r.fail(e.get('process'), `${path}.process: only process.absent, process.cpuPct and process.rssBytes rules take process`);
  if (metric === 'host.offline' || metric === 'process.absent') {
    for (const key of ['op', 'threshold', 'clear']) if (e.has(key)) r.fail(e.get(key), `${path}.${key}: ${metric} takes no ${key}`);
    if (e.has('clearFor')) r.fail(e.get('clearFor'), `${path}.clearFor: ${metric} takes no clearFor; ${metric === 'host.offline' ? 'a host back online' : 'a matching process running again'} resolves it at once`);
  } else {
    const op: AlertOp = r.oneOf(required('op'), `${path}.op`, ALERT_OPS);
    const threshold = r.number(required('threshold'), `${path}.threshold`);
    const above = op === '>' || op === '>=';
    const band = Math.abs(threshold) * DEFAULT_HYSTERESIS;
    const clear = e.has('clear') ? r.number(e.get('clear'), `${path}.clear`) : above ? threshold - band : threshold + band;
    if (above ? clear > threshold : clear < threshold) {
      r.fail(e.get('clear'), `${path}.clear must be ${above ? 'at most' : 'at least'} the threshold ${threshold}: a firing alert resolves once the value is back ${above ? 'below' : 'above'} it`);
    }
    const clearForMs = e.has('clearFor') ? r.duration(e.get('clearFor'), `${path}.clearFor`) : Math.max(rule.forMs, MIN_DEFAULT_CLEAR_FOR_MS);
    Object.assign(rule, { op, threshold, clear, clearForMs });
  }
  if (e.has('hosts')) {
    const hostsNode = e.get('hosts');
    const hosts = r.map(hostsNode, `${path}.hosts`, ['ids', 'tags']);
    if (hosts.size === 0) r.fail(hostsNode, `${path}.hosts must have ids (host id patterns) or tags (tags a host must carry), or be left out`);
    if (hosts.has('ids')) rule.hostIds = r.list(hosts.get('ids'), `${path}.hosts.ids`).map((item, i) => r.string(item, `${path}.hosts.ids[${i}]`));
    if (hosts.has('tags')) rule.hostTags = r.tags(hosts.get('tags'), `${path}.hosts.tags`);
  }
  if (e.has('disabled')) {
    const disabled = e.get('disabled');
    if (!isScalar(disabled) || typeof disabled.value !== 'boolean') r.fail(disabled, `${path}.disabled must be true or false`);
    if (disabled.value) rule.disabled = true;
  }
  if (e.has('notify')) rule.notify = readNotify(r, e.get('notify'), `${path}.notify`, notifiers);
  return rule;
}

/** A notifier without a type: a channel, its service picked by its URL's scheme. */
function readChannel(r: Reader, node: Node, path: string): NotifierConfig {
  const e = r.map(node, path, ['name', 'url']);
  const required = (key: string): Node | null => (e.has(key) ? e.get(key)! : r.fail(node, `${path}.${key} is required`));
  const name = r.name(required('name'), `${path}.name`);
  const urlNode = required('url');
  const url = r.string(urlNode, `${path}.url`);
  try {
    const channel = parseChannelUrl(url);
    return { name, type: channel.service, url, channel };
  } catch (err) {
    if (err instanceof ChannelUrlError) return r.fail(urlNode, `${path}.url: ${err.message}`);
    throw err;
  }
}

function readNotifier(r: Reader, node: Node, path: string): NotifierConfig {
  if (isMap(node) && !node.has('type')) return readChannel(r, node, path);
  const type = r.oneOf(r.map(node, path, ['name', 'type', 'url', 'secret']).get('type'), `${path}.type`, ['webhook', 'alertmanager'] as const);
  const e = r.map(node, path, type === 'webhook' ? ['name', 'type', 'url', 'secret'] : ['name', 'type', 'url']);
  const required = (key: string): Node | null => (e.has(key) ? e.get(key)! : r.fail(node, `${path}.${key} is required for a ${type} notifier`));
  const name = r.name(required('name'), `${path}.name`);
  const url = r.url(required('url'), `${path}.url`);
  return type === 'webhook' ? { name, type, url, secret: r.string(required('secret'), `${path}.secret`) } : { name, type, url };
}

/** Refuses a second item of a list with the same name. */
function uniqueNames<T extends { name: string }>(r: Reader, items: T[], nodes: Node[], path: string): T[] {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) r.fail(nodes[i], `${path}[${i}].name: "${item.name}" is used twice`);
    seen.add(item.name);
  });
  return items;
}

/** Refuses more process rules than an agent watches patterns: each is one pattern on the hosts it covers. */
function limitProcessRules(r: Reader, rules: AlertRule[], nodes: Node[]): void {
  const over = rules.map((rule, i) => [rule, i] as const).filter(([rule]) => isProcessMetric(rule.metric))[MAX_WATCHED_PATTERNS];
  if (over) r.fail(nodes[over[1]], `rules[${over[1]}]: at most ${MAX_WATCHED_PATTERNS} process rules (process.absent, process.cpuPct, process.rssBytes), the most patterns an agent watches`);
}

/**
 * Parses a rules file's text: JSON, or YAML (of which JSON is a subset). A duration
 * may not pass the longest tier of `retention`. Throws a ConfigError whose message
 * starts with `file:line:column` of what is wrong.
 */
export function parseAlertsFile(text: string, file: string, retention: Retention): AlertsConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(file, lines, longestRetentionMs(retention));
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    throw new RulesError(`${file}:${line}:${col}: ${syntax.message.split('\n')[0]}`);
  }
  const top = r.map(doc.contents, 'the file', ['rules', 'notifiers', 'routes', 'groupWait', 'repeatInterval']);
  if (!top.has('rules')) r.fail(doc.contents, 'the file must have "rules", a list of alert rules');
  const ruleNodes = r.list(top.get('rules'), 'rules');
  const notifierNodes = top.has('notifiers') ? r.list(top.get('notifiers'), 'notifiers') : [];
  // The notifiers first: rules and routes name them.
  const notifiers = uniqueNames(r, notifierNodes.map((node, i) => readNotifier(r, node, `notifiers[${i}]`)), notifierNodes, 'notifiers');
  const notifierNames = new Set(notifiers.map((n) => n.name));
  const rules = uniqueNames(r, ruleNodes.map((node, i) => readRule(r, node, `rules[${i}]`, notifierNames)), ruleNodes, 'rules');
  limitProcessRules(r, rules, ruleNodes);
  const ruleNames = new Set(rules.map((rule) => rule.name));
  const routeNodes = top.has('routes') ? r.list(top.get('routes'), 'routes') : [];
  return Object.freeze({
    source: file,
    rules,
    notifiers,
    routes: routeNodes.map((node, i) => readRoute(r, node, `routes[${i}]`, ruleNames, notifierNames)),
    ...(top.has('groupWait') && { groupWaitMs: readGroupWait(r, top.get('groupWait'), 'groupWait') }),
    ...(top.has('repeatInterval') && { repeatIntervalMs: readRepeatInterval(r, top.get('repeatInterval'), 'repeatInterval') }),
  });
}

/** Reads a rules file's text; a file that cannot be read is a ConfigError naming it. */
export function readAlertsText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the alerts file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

/** Reads and parses a rules file; a file that cannot be read is a ConfigError naming it. */
export function readAlertsFile(file: string, retention: Retention): AlertsConfig {
  return parseAlertsFile(readAlertsText(file), file, retention);
}
