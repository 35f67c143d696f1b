import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../store/tiers.js';
import { parseAlertsFile } from './rules-file.js';
import { DEFAULT_GROUP_WAIT_MS, DEFAULT_REPEAT_INTERVAL_MS, routeAlert } from './routing.js';

const parse = (text: string) => parseAlertsFile(text, 'alerts.yaml', DEFAULT_RETENTION);

const FILE = `rules:
  - {name: down, metric: host.offline}
  - {name: cpu-hot, metric: cpu.busyPct, op: ">", threshold: 95, severity: critical}
  - {name: load, metric: load1, op: ">", threshold: 8}
  - {name: fs-full, metric: fs.usedPct, op: ">", threshold: 90, notify: [mail]}
notifiers:
  - {name: pager, url: "ntfy://ntfy.sh/pager"}
  - {name: chat, url: "slack://T1/B2/C3"}
  - {name: mail, url: "smtp://mail.example.com/?from=hub@example.com&to=ops@example.com"}
groupWait: 30s
repeatInterval: 12h
routes:
  - rules: [down]
    notify: [pager, chat]
    groupWait: 0s
  - severity: critical
    notify: [pager]
    repeatInterval: 1h
  - severity: [warning, info]
    notify: [chat]
`;

describe('alert routing', () => {
  const config = parse(FILE);
  const route = (rule: string, severity: string) => routeAlert(config, { rule, severity });

  it('reads routes, a rule\'s notify, and the file\'s grouping window and repeat interval', () => {
    expect(config.routes).toEqual([
      { rules: ['down'], notify: ['pager', 'chat'], groupWaitMs: 0 },
      { severities: ['critical'], notify: ['pager'], repeatIntervalMs: 3_600_000 },
      { severities: ['warning', 'info'], notify: ['chat'] },
    ]);
    expect(config.rules.find((r) => r.name === 'fs-full')?.notify).toEqual(['mail']);
    expect([config.groupWaitMs, config.repeatIntervalMs]).toEqual([30_000, 12 * 3_600_000]);
  });

  it('takes the first route matching the rule and severity, its timings over the file\'s', () => {
    expect(route('down', 'critical')).toEqual({ notifiers: ['pager', 'chat'], groupWaitMs: 0, repeatIntervalMs: 12 * 3_600_000 });
    expect(route('cpu-hot', 'critical')).toEqual({ notifiers: ['pager'], groupWaitMs: 30_000, repeatIntervalMs: 3_600_000 });
    expect(route('load', 'warning')).toEqual({ notifiers: ['chat'], groupWaitMs: 30_000, repeatIntervalMs: 12 * 3_600_000 });
  });

  it('sends a rule\'s alerts to its own notify list, on the timings of the route it matches', () => {
    expect(route('fs-full', 'warning')).toEqual({ notifiers: ['mail'], groupWaitMs: 30_000, repeatIntervalMs: 12 * 3_600_000 });
  });

  it('sends what no route matches to every notifier (the default route)', () => {
    expect(route('load', 'page')).toEqual({ notifiers: ['pager', 'chat', 'mail'], groupWaitMs: 30_000, repeatIntervalMs: 12 * 3_600_000 });
  });

  it('routes a file without routes as before: every alert to every notifier, with the stated defaults', () => {
    const plain = parse('rules:\n  - {name: down, metric: host.offline}\nnotifiers:\n  - {name: ops, type: webhook, url: "https://hooks.example/x", secret: s}\n  - {name: chat, url: "slack://T1/B2/C3"}\n');
    expect(routeAlert(plain, { rule: 'down', severity: 'critical' })).toEqual({ notifiers: ['ops', 'chat'], groupWaitMs: DEFAULT_GROUP_WAIT_MS, repeatIntervalMs: DEFAULT_REPEAT_INTERVAL_MS });
    expect([DEFAULT_GROUP_WAIT_MS, DEFAULT_REPEAT_INTERVAL_MS]).toEqual([10_000, 4 * 3_600_000]);
  });

  it('delivers nowhere for an empty notify list', () => {
    const quiet = parse('rules:\n  - {name: load, metric: load1, op: ">", threshold: 8, notify: []}\nnotifiers:\n  - {name: chat, url: "slack://T1/B2/C3"}\n');
    expect(routeAlert(quiet, { rule: 'load', severity: 'warning' }).notifiers).toEqual([]);
  });

  it('turns repeats off with a repeat interval of 0', () => {
    const never = parse('rules: []\nrepeatInterval: 0s\n');
    expect(routeAlert(never, { rule: 'x', severity: 'warning' }).repeatIntervalMs).toBe(0);
  });

  const base = 'rules:\n  - {name: down, metric: host.offline}\nnotifiers:\n  - {name: chat, url: "slack://T1/B2/C3"}\n';
  it.each([
    ['a rule naming no notifier', 'rules:\n  - {name: down, metric: host.offline, notify: [chat, pagr]}\nnotifiers:\n  - {name: chat, url: "slack://T1/B2/C3"}\n', /^alerts\.yaml:2:55: rules\[0\]\.notify\[1\]: "pagr" is not a notifier; the notifiers are chat$/],
    ['a route naming no notifier', `${base}routes:\n  - notify: [pager]\n`, /^alerts\.yaml:6:14: routes\[0\]\.notify\[0\]: "pager" is not a notifier; the notifiers are chat$/],
    ['a route naming no rule', `${base}routes:\n  - rules: [dwn]\n    notify: [chat]\n`, /^alerts\.yaml:6:13: routes\[0\]\.rules\[0\]: "dwn" is not a rule of the file$/],
    ['a route with an unknown key', `${base}routes:\n  - severities: [critical]\n`, /^alerts\.yaml:6:5: routes\[0\]: unknown key "severities"; expected one of severity, rules, notify, groupWait, repeatInterval$/],
    ['a notify that is not a list', `${base}routes:\n  - notify: chat\n`, /^alerts\.yaml:6:13: routes\[0\]\.notify must be a list$/],
    ['a grouping window over 10 minutes', `${base}groupWait: 1h\n`, /^alerts\.yaml:5:12: groupWait must be at most 10m: every alert to a channel waits for it, got 1h$/],
    ['a repeat interval under a second', `${base}routes:\n  - repeatInterval: 500ms\n`, /^alerts\.yaml:6:21: routes\[0\]\.repeatInterval must be 0 \(never\) or at least 1s, got 500ms$/],
    ['a grouping window that is no duration', `${base}groupWait: soon\n`, /^alerts\.yaml:5:12: groupWait must be a duration/],
  ])('refuses %s, naming its line and column', (_, text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it('takes the routing example of docs/alerts.md', () => {
    const doc = readFileSync(new URL('../../../docs/alerts.md', import.meta.url), 'utf8');
    const example = /## Routing, grouping and repeats[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example, 'docs/alerts.md has the routing example').toBeDefined();
    const head = 'rules:\n  - {name: down, metric: host.offline}\nnotifiers:\n  - {name: pager, url: "ntfy://ntfy.sh/p"}\n  - {name: chat, url: "slack://T1/B2/C3"}\n  - {name: ops, type: webhook, url: "https://hooks.example/x", secret: s}\n';
    const documented = parse(head + example!);
    expect(routeAlert(documented, { rule: 'down', severity: 'critical' })).toEqual({ notifiers: ['pager', 'chat'], groupWaitMs: 30_000, repeatIntervalMs: 4 * 3_600_000 });
    expect(routeAlert(documented, { rule: 'x', severity: 'info' })).toEqual({ notifiers: ['chat'], groupWaitMs: 10_000, repeatIntervalMs: 0 });
  });
});
