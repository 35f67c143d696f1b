import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ConfigError, parseDuration } from '@hostpulse/common';
import { ALERT_METRICS, ALERT_OPS, MAX_TAGS, TAG_KEY_PATTERN, TAG_VALUE_PATTERN } from '@hostpulse/protocol';
/**
 * The rules a hub without --alerts-file runs: shown on the dashboard, delivered
 * nowhere (there is no notifier without a file).
 */
export const DEFAULT_ALERTS = Object.freeze({
    source: 'default',
    rules: [
        { name: 'host-offline', metric: 'host.offline', forMs: 60_000, severity: 'critical' },
        { name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, clear: 85.5, forMs: 300_000, severity: 'warning' },
        { name: 'mem-high', metric: 'mem.usedPct', op: '>', threshold: 95, clear: 90.25, forMs: 300_000, severity: 'warning' },
    ],
    notifiers: [],
});
/** Share of the threshold a value must move back before a firing alert resolves, when a rule names no `clear`. */
export const DEFAULT_HYSTERESIS = 0.05;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TAG_KEY = new RegExp(TAG_KEY_PATTERN);
const TAG_VALUE = new RegExp(TAG_VALUE_PATTERN);
/** An error in the rules file, its message led by `file:line:column`. */
class RulesError extends ConfigError {
}
/** Reads nodes of the parsed file, each error naming its line and column. */
class Reader {
    file;
    lines;
    constructor(file, lines) {
        this.file = file;
        this.lines = lines;
    }
    fail(node, message) {
        const offset = node?.range?.[0] ?? 0;
        const { line, col } = this.lines.linePos(offset);
        throw new RulesError(`${this.file}:${line}:${col}: ${message}`);
    }
    /** The entries of a mapping, refusing keys not in `allowed`. */
    map(node, path, allowed) {
        if (!isMap(node))
            this.fail(node, `${path} must be an object`);
        const entries = new Map();
        for (const pair of node.items) {
            const key = isScalar(pair.key) ? String(pair.key.value) : '';
            if (!allowed.includes(key))
                this.fail(pair.key, `${path}: unknown key "${key}"; expected one of ${allowed.join(', ')}`);
            entries.set(key, pair.value);
        }
        return entries;
    }
    list(node, path) {
        if (!isSeq(node))
            this.fail(node, `${path} must be a list`);
        return node.items;
    }
    string(node, path) {
        if (!isScalar(node) || typeof node.value !== 'string' || node.value === '')
            this.fail(node, `${path} must be a non-empty string`);
        return node.value;
    }
    name(node, path) {
        const name = this.string(node, path);
        if (!NAME_RE.test(name))
            this.fail(node, `${path} must be letters, digits, ".", "_" or "-" (at most 64), got "${name}"`);
        return name;
    }
    number(node, path) {
        if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value))
            this.fail(node, `${path} must be a number`);
        return node.value;
    }
    /** Tags as an agent's --tags gives them: keys and values of the same shapes. */
    tags(node, path) {
        if (!isMap(node) || node.items.length === 0)
            this.fail(node, `${path} must be an object of tags, such as {"env": "prod"}`);
        if (node.items.length > MAX_TAGS)
            this.fail(node, `${path}: at most ${MAX_TAGS} tags`);
        const tags = {};
        for (const pair of node.items) {
            const key = isScalar(pair.key) ? String(pair.key.value) : '';
            if (!TAG_KEY.test(key))
                this.fail(pair.key, `${path}: "${key}" is not a tag key (${TAG_KEY_PATTERN})`);
            const value = isScalar(pair.value) ? String(pair.value.value) : '';
            if (!TAG_VALUE.test(value))
                this.fail(pair.value, `${path}.${key}: "${value}" is not a tag value (${TAG_VALUE_PATTERN})`);
            tags[key] = value;
        }
        return tags;
    }
    oneOf(node, path, values) {
        const text = isScalar(node) ? String(node.value) : '';
        if (!values.includes(text))
            this.fail(node, `${path} must be one of ${values.join(', ')}, got "${text}"`);
        return text;
    }
    duration(node, path) {
        if (isScalar(node) && typeof node.value === 'number' && node.value >= 0)
            return node.value;
        try {
            return parseDuration(isScalar(node) ? String(node.value) : '', path);
        }
        catch (err) {
            return this.fail(node, err.message);
        }
    }
    url(node, path) {
        const text = this.string(node, path);
        let url;
        try {
            url = new URL(text);
        }
        catch {
            return this.fail(node, `${path} must be an http:// or https:// URL`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
            this.fail(node, `${path} must be an http:// or https:// URL`);
        return text.replace(/\/+$/, '');
    }
}
const RULE_KEYS = ['name', 'metric', 'op', 'threshold', 'clear', 'for', 'severity', 'hosts'];
function readRule(r, node, path) {
    const e = r.map(node, path, RULE_KEYS);
    const required = (key) => (e.has(key) ? e.get(key) : r.fail(node, `${path}.${key} is required`));
    const name = r.name(required('name'), `${path}.name`);
    const metric = r.oneOf(required('metric'), `${path}.metric`, ALERT_METRICS);
    const rule = {
        name,
        metric,
        forMs: e.has('for') ? r.duration(e.get('for'), `${path}.for`) : 0,
        severity: e.has('severity') ? r.name(e.get('severity'), `${path}.severity`) : metric === 'host.offline' ? 'critical' : 'warning',
    };
    if (metric === 'host.offline') {
        for (const key of ['op', 'threshold', 'clear'])
            if (e.has(key))
                r.fail(e.get(key), `${path}.${key}: host.offline takes no ${key}`);
    }
    else {
        const op = r.oneOf(required('op'), `${path}.op`, ALERT_OPS);
        const threshold = r.number(required('threshold'), `${path}.threshold`);
        const above = op === '>' || op === '>=';
        const band = Math.abs(threshold) * DEFAULT_HYSTERESIS;
        const clear = e.has('clear') ? r.number(e.get('clear'), `${path}.clear`) : above ? threshold - band : threshold + band;
        if (above ? clear > threshold : clear < threshold) {
            r.fail(e.get('clear'), `${path}.clear must be ${above ? 'at most' : 'at least'} the threshold ${threshold}: a firing alert resolves once the value is back ${above ? 'below' : 'above'} it`);
        }
        Object.assign(rule, { op, threshold, clear });
    }
    if (e.has('hosts')) {
        const hostsNode = e.get('hosts');
        const hosts = r.map(hostsNode, `${path}.hosts`, ['ids', 'tags']);
        if (hosts.size === 0)
            r.fail(hostsNode, `${path}.hosts must have ids (host id patterns) or tags (tags a host must carry), or be left out`);
        if (hosts.has('ids'))
            rule.hostIds = r.list(hosts.get('ids'), `${path}.hosts.ids`).map((item, i) => r.string(item, `${path}.hosts.ids[${i}]`));
        if (hosts.has('tags'))
            rule.hostTags = r.tags(hosts.get('tags'), `${path}.hosts.tags`);
    }
    return rule;
}
function readNotifier(r, node, path) {
    const type = r.oneOf(r.map(node, path, ['name', 'type', 'url', 'secret']).get('type'), `${path}.type`, ['webhook', 'alertmanager']);
    const e = r.map(node, path, type === 'webhook' ? ['name', 'type', 'url', 'secret'] : ['name', 'type', 'url']);
    const required = (key) => (e.has(key) ? e.get(key) : r.fail(node, `${path}.${key} is required for a ${type} notifier`));
    const name = r.name(required('name'), `${path}.name`);
    const url = r.url(required('url'), `${path}.url`);
    return type === 'webhook' ? { name, type, url, secret: r.string(required('secret'), `${path}.secret`) } : { name, type, url };
}
/** Refuses a second item of a list with the same name. */
function uniqueNames(r, items, nodes, path) {
    const seen = new Set();
    items.forEach((item, i) => {
        if (seen.has(item.name))
            r.fail(nodes[i], `${path}[${i}].name: "${item.name}" is used twice`);
        seen.add(item.name);
    });
    return items;
}
/**
 * Parses a rules file's text: JSON, or YAML (of which JSON is a subset). Throws a
 * ConfigError whose message starts with `file:line:column` of what is wrong.
 */
export function parseAlertsFile(text, file) {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const r = new Reader(file, lines);
    const syntax = doc.errors[0];
    if (syntax) {
        const { line, col } = lines.linePos(syntax.pos[0]);
        throw new RulesError(`${file}:${line}:${col}: ${syntax.message.split('\n')[0]}`);
    }
    const top = r.map(doc.contents, 'the file', ['rules', 'notifiers']);
    if (!top.has('rules'))
        r.fail(doc.contents, 'the file must have "rules", a list of alert rules');
    const ruleNodes = r.list(top.get('rules'), 'rules');
    const notifierNodes = top.has('notifiers') ? r.list(top.get('notifiers'), 'notifiers') : [];
    return Object.freeze({
        source: file,
        rules: uniqueNames(r, ruleNodes.map((node, i) => readRule(r, node, `rules[${i}]`)), ruleNodes, 'rules'),
        notifiers: uniqueNames(r, notifierNodes.map((node, i) => readNotifier(r, node, `notifiers[${i}]`)), notifierNodes, 'notifiers'),
    });
}
/** Reads and parses a rules file; a file that cannot be read is a ConfigError naming it. */
export function readAlertsFile(file) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new ConfigError(`cannot read the alerts file ${file}: ${err.code ?? err.message}`, { cause: err });
    }
    return parseAlertsFile(text, file);
}
//# sourceMappingURL=rules-file.js.map