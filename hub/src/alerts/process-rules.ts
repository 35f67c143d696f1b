import { PROCESS_METRICS, ruleCovers, ALERT_TOP_PROCESSES, type AgentWatched, type AlertMetric, type AlertRule, type AlertTopProcesses, type WatchPattern } from '@hostpulse/protocol';

/** A metric of the processes a rule's matcher picks. */
export type ProcessMetric = (typeof PROCESS_METRICS)[number];

/** Whether a metric is judged on agents' watched reports rather than on samples. */
export function isProcessMetric(metric: AlertMetric): metric is ProcessMetric {
  return (PROCESS_METRICS as readonly string[]).includes(metric);
}

/**
 * The patterns a host's agent must watch: one per process rule that covers the
 * host, under the rule's name (its reports name their matches by it).
 */
export function watchPatternsFor(rules: Iterable<AlertRule>, hostId: string, tags: Readonly<Record<string, string>>): WatchPattern[] {
  const patterns: WatchPattern[] = [];
  for (const rule of rules) {
    if (!isProcessMetric(rule.metric) || !rule.process || !ruleCovers(rule, hostId, tags)) continue;
    patterns.push({ id: rule.name, ...rule.process });
  }
  return patterns;
}

/** A process rule's value in one report, with the matching processes an alert keeps. */
export interface ProcessValue {
  value: number;
  top: AlertTopProcesses;
}

/**
 * A process rule's value in an agent's report: the number of matching processes for
 * process.absent, the highest CPU or resident memory of them for the others (0 when
 * none runs). Null when the report does not name the rule: the agent was given its
 * pattern after this reading, and nothing is known yet.
 */
export function processValue(rule: AlertRule, report: AgentWatched): ProcessValue | null {
  const match = report.matches.find((m) => m.id === rule.name);
  if (!match) return null;
  const pick = rule.metric === 'process.rssBytes' ? (p: { rssBytes: number }) => p.rssBytes : (p: { cpuPct: number }) => p.cpuPct;
  const ranked = [...match.processes].sort((a, b) => pick(b) - pick(a));
  const value = rule.metric === 'process.absent' ? match.count : ranked.length > 0 ? pick(ranked[0]!) : 0;
  return { value, top: { tsMs: report.tsMs, processes: ranked.slice(0, ALERT_TOP_PROCESSES) } };
}
