import { passesThreshold, ruleCovers, type AlertRule, type HostSummary } from '@hostpulse/protocol';
import { shownPct } from '../format/format.js';

/** How a figure stands against the thresholds. */
export type Level = 'ok' | 'warn' | 'crit';

/** The figures cards and rows colour, by the metric an alert rule names for them. */
export type ColouredMetric = 'cpu.busyPct' | 'mem.usedPct' | 'swap.usedPct' | 'fs.usedPct';

/** Every coloured metric with the words the settings use for it. */
export const COLOURED_METRICS: readonly { metric: ColouredMetric; label: string }[] = [
  { metric: 'cpu.busyPct', label: 'CPU' },
  { metric: 'mem.usedPct', label: 'memory' },
  { metric: 'swap.usedPct', label: 'swap' },
  { metric: 'fs.usedPct', label: 'fullest filesystem' },
];

/** Levels where no alert rule covers a host's metric: amber from 80 %, red from 95 %. */
export const DEFAULT_THRESHOLDS = { warnPct: 80, critPct: 95 } as const;

/** The severities that colour a figure, and the level each gives; rules of other severities colour nothing. */
const LEVEL_OF_SEVERITY: Readonly<Record<string, Exclude<Level, 'ok'>>> = { warning: 'warn', critical: 'crit' };

/** Whether a rule colours a metric's figures: a warning or critical rule with a threshold. */
function colours(rule: AlertRule, metric: ColouredMetric): boolean {
  return rule.metric === metric && Object.hasOwn(LEVEL_OF_SEVERITY, rule.severity) && rule.op !== undefined && rule.threshold !== undefined;
}

/**
 * The level of a host's figure, judged on the figure as the page shows it (rounded as
 * formatPct rounds), so two figures that read the same have the same colour. The
 * warning and critical alert rules that cover the host and metric decide it; where no
 * such rule covers them, DEFAULT_THRESHOLDS do. Undefined (no figure yet) is ok.
 */
export function levelOf(rules: readonly AlertRule[], host: Pick<HostSummary, 'hostId' | 'tags'>, metric: ColouredMetric, pct: number | undefined): Level {
  if (pct === undefined || !Number.isFinite(pct)) return 'ok';
  const shown = shownPct(pct);
  let isCovered = false;
  let level: Level = 'ok';
  for (const rule of rules) {
    if (!colours(rule, metric) || !ruleCovers(rule, host.hostId, host.tags)) continue;
    isCovered = true;
    const ruleLevel = LEVEL_OF_SEVERITY[rule.severity]!;
    if (passesThreshold(rule.op!, shown, rule.threshold!) && (ruleLevel === 'crit' || level === 'ok')) level = ruleLevel;
  }
  if (isCovered) return level;
  return shown >= DEFAULT_THRESHOLDS.critPct ? 'crit' : shown >= DEFAULT_THRESHOLDS.warnPct ? 'warn' : 'ok';
}

/**
 * Where figures on cards and rows turn amber and red: the hub's alert rules, as the
 * alerts updates bring them, and the defaults. One set for every browser.
 */
export class Thresholds {
  readonly #rules: () => readonly AlertRule[];

  constructor(rules: () => readonly AlertRule[]) {
    this.#rules = rules;
  }

  /** The rules that colour some figure, for the settings. */
  get colouringRules(): AlertRule[] {
    return this.#rules().filter((rule) => COLOURED_METRICS.some(({ metric }) => colours(rule, metric)));
  }

  /** The level of one host's figure of a metric. */
  levelOf(host: Pick<HostSummary, 'hostId' | 'tags'>, metric: ColouredMetric, pct: number | undefined): Level {
    return levelOf(this.#rules(), host, metric, pct);
  }
}
