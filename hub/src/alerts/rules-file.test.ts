import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../store/tiers.js';
import { MAX_WATCHED_PATTERNS } from '@hostpulse/protocol';
import { parseAlertsFile } from './rules-file.js';

const parse = (text: string) => parseAlertsFile(text, 'alerts.json', DEFAULT_RETENTION);

describe('alerts file', () => {
  it('reads the rules and notifiers of the documented example, with defaults filled in', () => {
    const config = parse(`{
  "rules": [
    {"name": "cpu-hot", "metric": "cpu.busyPct", "op": ">", "threshold": 95, "for": "10m", "hosts": {"ids": ["web-*"], "tags": {"env": "prod"}}, "severity": "critical"},
    {"name": "fs-full", "metric": "fs.usedPct", "op": ">", "threshold": 90, "clear": 80, "for": "5m"},
    {"name": "down", "metric": "host.offline", "for": "1m"}
  ],
  "notifiers": [
    {"name": "ops", "type": "webhook", "url": "https://hooks.example/x", "secret": "s3cret"},
    {"name": "am", "type": "alertmanager", "url": "http://127.0.0.1:9093/"}
  ]
}`);
    expect(config.rules).toEqual([
      { name: 'cpu-hot', metric: 'cpu.busyPct', op: '>', threshold: 95, clear: 90.25, forMs: 600_000, severity: 'critical', clearForMs: 600_000, hostIds: ['web-*'], hostTags: { env: 'prod' } },
      { name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, clear: 80, forMs: 300_000, severity: 'warning', clearForMs: 300_000 },
      { name: 'down', metric: 'host.offline', forMs: 60_000, severity: 'critical' },
    ]);
    expect(config.notifiers).toEqual([
      { name: 'ops', type: 'webhook', url: 'https://hooks.example/x', secret: 's3cret' },
      { name: 'am', type: 'alertmanager', url: 'http://127.0.0.1:9093' },
    ]);
  });

  it('reads the same rules written as YAML', () => {
    const config = parseAlertsFile('rules:\n  - name: load\n    metric: load1\n    op: "<"\n    threshold: 0.5\n    for: 30s\n', 'alerts.yaml', DEFAULT_RETENTION);
    expect(config.rules).toEqual([{ name: 'load', metric: 'load1', op: '<', threshold: 0.5, clear: 0.525, forMs: 30_000, severity: 'warning', clearForMs: 30_000 }]);
  });

  it('reads clearFor, and defaults it to the rule\'s for, at least 10 s', () => {
    const config = parse(`{"rules": [
  {"name": "a", "metric": "load1", "op": ">", "threshold": 4, "for": "1m", "clearFor": "5s"},
  {"name": "b", "metric": "load1", "op": ">", "threshold": 4, "clearFor": 0},
  {"name": "c", "metric": "load1", "op": ">", "threshold": 4}
]}`);
    expect(config.rules.map((rule) => [rule.name, rule.forMs, rule.clearForMs])).toEqual([['a', 60_000, 5000], ['b', 0, 0], ['c', 0, 10_000]]);
  });

  it.each([
    ['a syntax error', '{\n  "rules": [\n    {"name": "a", "metric": "load1"\n  ]\n}', /^alerts\.json:4:3: /],
    ['an unknown metric', '{"rules": [\n  {"name": "a", "metric": "cpu.bogus", "op": ">", "threshold": 1}\n]}', /^alerts\.json:2:27: rules\[0\]\.metric must be one of cpu\.busyPct, .*got "cpu\.bogus"$/],
    ['a misspelt key', '{"rules": [{"name": "a", "metric": "load1", "op": ">",\n  "treshold": 1}]}', /^alerts\.json:2:3: rules\[0\]: unknown key "treshold"/],
    ['a clearFor on host.offline', '{"rules": [\n  {"name": "a", "metric": "host.offline", "clearFor": "1m"}]}', /^alerts\.json:2:55: rules\[0\]\.clearFor: host\.offline takes no clearFor; a host back online resolves it at once$/],
    ['a clearFor past the retention', '{"rules": [{"name": "a", "metric": "load1", "op": ">", "threshold": 1, "clearFor": "3y"}]}', /^alerts\.json:1:84: rules\[0\]\.clearFor must be at most /],
    ['a missing threshold', '{"rules": [\n\n   {"name": "a", "metric": "load1", "op": ">"}]}', /^alerts\.json:3:4: rules\[0\]\.threshold is required$/],
    ['a threshold that is text', '{"rules": [{"name": "a", "metric": "load1", "op": ">", "threshold": "high"}]}', /^alerts\.json:1:69: rules\[0\]\.threshold must be a number$/],
    ['a bad duration', '{"rules": [{"name": "a", "metric": "host.offline",\n "for": "5 minutes"}]}', /^alerts\.json:2:9: rules\[0\]\.for must be a duration such as/],
    ['a duration that is infinite', 'rules:\n  - name: a\n    metric: host.offline\n    for: 1e400\n', /^alerts\.json:4:10: rules\[0\]\.for must be a duration such as 30s, 5m or 1h, or a number of milliseconds, got Infinity$/],
    ['a duration in milliseconds past 2^53', '{"rules": [{"name": "a", "metric": "host.offline", "for": 9007199254740993}]}', /^alerts\.json:1:59: rules\[0\]\.for must be at most 2y, the longest the hub keeps history \(--retention\), got 9007199254740992ms$/],
    ['a duration past the retention', '{"rules": [{"name": "a", "metric": "host.offline", "for": "1000y"}]}', /^alerts\.json:1:59: rules\[0\]\.for must be at most 2y, the longest the hub keeps history \(--retention\), got 1000y$/],
    ['a duration too long to count', '{"rules": [{"name": "a", "metric": "host.offline", "for": "99999999999999999999y"}]}', /^alerts\.json:1:59: rules\[0\]\.for is too long to count in milliseconds/],
    ['a negative duration', '{"rules": [{"name": "a", "metric": "host.offline", "for": -5}]}', /^alerts\.json:1:59: rules\[0\]\.for must be a duration/],
    ['an op on host.offline', '{"rules": [{"name": "a", "metric": "host.offline", "op": ">"}]}', /^alerts\.json:1:58: rules\[0\]\.op: host\.offline takes no op$/],
    ['a clear level past the threshold', '{"rules": [{"name": "a", "metric": "load1", "op": ">", "threshold": 4, "clear": 5}]}', /^alerts\.json:1:81: rules\[0\]\.clear must be at most the threshold 4/],
    ['a rule name used twice', '{"rules": [\n {"name": "a", "metric": "host.offline"},\n {"name": "a", "metric": "host.offline"}]}', /^alerts\.json:3:2: rules\[1\]\.name: "a" is used twice$/],
    ['a webhook without a secret', '{"rules": [], "notifiers": [\n  {"name": "ops", "type": "webhook", "url": "http://x"}]}', /^alerts\.json:2:3: notifiers\[0\]\.secret is required for a webhook notifier$/],
    ['a notifier URL that is not http', '{"rules": [], "notifiers": [{"name": "am", "type": "alertmanager", "url": "ftp://x"}]}', /^alerts\.json:1:75: notifiers\[0\]\.url must be an http:\/\/ or https:\/\/ URL$/],
    ['a duplicate key', '{"rules": [],\n "rules": []}', /^alerts\.json:2:2: Map keys must be unique/],
    ['a tag value that no agent could carry', '{"rules": [{"name": "a", "metric": "host.offline", "hosts": {"tags": {"env": "prod east"}}}]}', /^alerts\.json:1:78: rules\[0\]\.hosts\.tags\.env: "prod east" is not a tag value/],
    ['a tag selector that is a list', '{"rules": [{"name": "a", "metric": "host.offline", "hosts": {"tags": ["env=prod"]}}]}', /^alerts\.json:1:70: rules\[0\]\.hosts\.tags must be an object of tags/],
    ['an empty hosts selector', '{"rules": [{"name": "a", "metric": "host.offline", "hosts": {}}]}', /^alerts\.json:1:61: rules\[0\]\.hosts must have ids .* or tags/],
    ['no rules at all', '{"notifiers": []}', /^alerts\.json:1:1: the file must have "rules"/],
    ['a channel URL of no known scheme', '{"rules": [], "notifiers": [\n  {"name": "chat", "url": "irc://x/ops"}]}', /^alerts\.json:2:27: notifiers\[0\]\.url: unknown scheme "irc:"; expected one of ntfy:\/\//],
    ['a channel URL missing a part', 'rules: []\nnotifiers:\n  - name: tg\n    url: telegram://123:ABC@telegram\n', /^alerts\.json:4:10: notifiers\[0\]\.url: chats must list chat ids/],
    ['a channel with a secret key', '{"rules": [], "notifiers": [{"name": "n", "url": "ntfy://ntfy.sh/t", "secret": "x"}]}', /^alerts\.json:1:70: notifiers\[0\]: unknown key "secret"; expected one of name, url$/],
  ])('refuses %s, naming its line and column', (_, text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it('takes a duration up to the longest tier of the retention it is given, and no longer', () => {
    const rule = (forText: string) => `{"rules": [{"name": "a", "metric": "host.offline", "for": "${forText}"}]}`;
    expect(parse(rule('730d')).rules[0]!.forMs).toBe(730 * 86_400_000);
    expect(parse(rule('2y')).rules[0]!.forMs).toBe(730 * 86_400_000);
    const shortRetention = { raw: 3_600_000, '1m': 86_400_000, '1h': 7 * 86_400_000 };
    expect(parseAlertsFile(rule('7d'), 'alerts.json', shortRetention).rules[0]!.forMs).toBe(7 * 86_400_000);
    expect(() => parseAlertsFile(rule('8d'), 'alerts.json', shortRetention)).toThrow(/for must be at most 7d, the longest the hub keeps history \(--retention\), got 8d$/);
  });

  it('reads channels, notifiers without a type whose URL scheme picks the service, beside the webhook and Alertmanager', () => {
    const config = parse(`{"rules": [], "notifiers": [
    {"name": "ops", "type": "webhook", "url": "https://hooks.example/x", "secret": "s3cret"},
    {"name": "phone", "url": "ntfy://:tk_abc@ntfy.example.com/alerts"},
    {"name": "mail", "url": "smtp://ann:pw@mail.example.com/?from=hub@example.com&to=ops@example.com"}
  ]}`);
    expect(config.notifiers).toEqual([
      { name: 'ops', type: 'webhook', url: 'https://hooks.example/x', secret: 's3cret' },
      { name: 'phone', type: 'ntfy', url: 'ntfy://:tk_abc@ntfy.example.com/alerts', channel: { service: 'ntfy', baseUrl: 'https://ntfy.example.com', topic: 'alerts', authorization: 'Bearer tk_abc' } },
      { name: 'mail', type: 'email', url: 'smtp://ann:pw@mail.example.com/?from=hub@example.com&to=ops@example.com', channel: { service: 'email', host: 'mail.example.com', port: 587, encryption: 'ExplicitTLS', user: 'ann', password: 'pw', from: 'hub@example.com', to: ['ops@example.com'] } },
    ]);
  });

  it('never puts a secret in an error message', () => {
    expect(() => parse('{"rules": [], "notifiers": [{"name": "ops", "type": "webhook", "url": "http://x", "secret": "topsecret", "extra": 1}]}')).toThrow(/unknown key "extra"/);
    try {
      parse('{"rules": [], "notifiers": [{"name": "ops", "type": "webhook", "url": "http://x", "secret": "topsecret", "extra": 1}]}');
    } catch (err) {
      expect((err as Error).message).not.toContain('topsecret');
    }
  });

  it('keeps a disabled rule, marked, and refuses a disabled that is not true or false', () => {
    const rules = parse('rules:\n  - {name: a, metric: host.offline, disabled: true}\n  - {name: b, metric: host.offline, disabled: false}\n').rules;
    expect(rules.map((rule) => rule.disabled)).toEqual([true, undefined]);
    expect(() => parse('rules:\n  - {name: a, metric: host.offline, disabled: "yes"}\n')).toThrow('alerts.json:2:47: rules[0].disabled must be true or false');
  });
});

describe('process rules in the alerts file', () => {
  it('reads a rule on a process being absent and one on a process using too much CPU, with their matchers', () => {
    const config = parse(`{"rules": [
  {"name": "nginx-down", "metric": "process.absent", "process": {"name": "nginx"}, "for": "30s", "hosts": {"ids": ["web-*"]}},
  {"name": "backup-hot", "metric": "process.cpuPct", "process": {"command": "restic backup"}, "op": ">", "threshold": 80, "for": "2m"},
  {"name": "java-big", "metric": "process.rssBytes", "process": {"name": "java"}, "op": ">", "threshold": 4e9}
]}`);
    expect(config.rules).toEqual([
      { name: 'nginx-down', metric: 'process.absent', process: { name: 'nginx' }, forMs: 30_000, severity: 'warning', hostIds: ['web-*'] },
      { name: 'backup-hot', metric: 'process.cpuPct', process: { command: 'restic backup' }, op: '>', threshold: 80, clear: 76, forMs: 120_000, severity: 'warning', clearForMs: 120_000 },
      { name: 'java-big', metric: 'process.rssBytes', process: { name: 'java' }, op: '>', threshold: 4e9, clear: 3.8e9, forMs: 0, severity: 'warning', clearForMs: 10_000 },
    ]);
  });

  it.each([
    ['a process rule without a matcher', '{"rules": [\n  {"name": "a", "metric": "process.absent"}]}', /^alerts\.json:2:3: rules\[0\]\.process is required$/],
    ['a matcher with both name and command', '{"rules": [{"name": "a", "metric": "process.absent", "process": {"name": "x", "command": "y"}}]}', /^alerts\.json:1:65: rules\[0\]\.process must have exactly one of name .* or command/],
    ['a matcher with neither', '{"rules": [{"name": "a", "metric": "process.absent", "process": {}}]}', /^alerts\.json:1:65: rules\[0\]\.process must have exactly one of name/],
    ['a matcher of another kind', '{"rules": [{"name": "a", "metric": "process.absent", "process": {"user": "www"}}]}', /^alerts\.json:1:66: rules\[0\]\.process: unknown key "user"; expected one of name, command$/],
    ['an empty name', '{"rules": [{"name": "a", "metric": "process.absent", "process": {"name": ""}}]}', /^alerts\.json:1:74: rules\[0\]\.process\.name must be a non-empty string$/],
    ['a name longer than any process name', `{"rules": [{"name": "a", "metric": "process.absent", "process": {"name": "${'x'.repeat(65)}"}}]}`, /^alerts\.json:1:74: rules\[0\]\.process\.name must be at most 64 characters$/],
    ['a threshold on process.absent', '{"rules": [{"name": "a", "metric": "process.absent", "process": {"name": "x"}, "threshold": 1}]}', /^alerts\.json:1:93: rules\[0\]\.threshold: process\.absent takes no threshold$/],
    ['a clearFor on process.absent', '{"rules": [{"name": "a", "metric": "process.absent", "process": {"name": "x"}, "clearFor": "1m"}]}', /^alerts\.json:1:92: rules\[0\]\.clearFor: process\.absent takes no clearFor; a matching process running again resolves it at once$/],
    ['a process CPU rule without a threshold', '{"rules": [{"name": "a", "metric": "process.cpuPct", "process": {"name": "x"}, "op": ">"}]}', /^alerts\.json:1:12: rules\[0\]\.threshold is required$/],
    ['a matcher on a host metric', '{"rules": [{"name": "a", "metric": "load1", "op": ">", "threshold": 4, "process": {"name": "x"}}]}', /^alerts\.json:1:83: rules\[0\]\.process: only process\.absent, process\.cpuPct and process\.rssBytes rules take process$/],
  ])('refuses %s, naming its line and column', (_, text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it('takes as many process rules as an agent watches patterns, and refuses one more at its line', () => {
    const rules = (n: number) => Array.from({ length: n }, (_, i) => `  - {name: p${i}, metric: process.absent, process: {name: d${i}}}`).join('\n');
    expect(parseAlertsFile(`rules:\n${rules(MAX_WATCHED_PATTERNS)}\n  - {name: cpu, metric: load1, op: ">", threshold: 4}\n`, 'alerts.yaml', DEFAULT_RETENTION).rules).toHaveLength(MAX_WATCHED_PATTERNS + 1);
    expect(() => parseAlertsFile(`rules:\n${rules(MAX_WATCHED_PATTERNS + 1)}\n`, 'alerts.yaml', DEFAULT_RETENTION)).toThrow(
      `alerts.yaml:${MAX_WATCHED_PATTERNS + 2}:5: rules[${MAX_WATCHED_PATTERNS}]: at most ${MAX_WATCHED_PATTERNS} process rules (process.absent, process.cpuPct, process.rssBytes), the most patterns an agent watches`,
    );
  });
});
