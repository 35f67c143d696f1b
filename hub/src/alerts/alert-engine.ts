import { ruleCovers, type AgentWatched, type Alert, type AlertMetric, type AlertRule, type AlertTopProcesses, type HostSample } from '@hostpulse/protocol';
import type { StateStore } from '../store/state-store.js';
import { advanceTrack, OK_TRACK, stepTrack, type Change, type Condition, type Track } from './alert-machine.js';
import { KeptList, parseSaved } from './kept-list.js';
import { LiveJudge } from './live-judge.js';
import { metricValues } from './metric-values.js';
import { isProcessMetric, processValue } from './process-rules.js';

/** Resolved alerts kept for the Alerts page. */
export const PAST_ALERTS_KEPT = 200;

const ALERT_PREFIX = 'alert/';
const PAST_PREFIX = 'alert-past/';
const WATERMARK_PREFIX = 'alert-host/';

/** What the engine needs from outside. */
export interface AlertEngineOptions {
  store: StateStore;
  rules: readonly AlertRule[];
  /** Every host the hub knows and whether it is online, for host.offline rules. */
  hosts: () => Iterable<{ hostId: string; online: boolean }>;
  /** A host's tags (from its agent's --tags), for rules that select hosts by tag. */
  hostTags: (hostId: string) => Readonly<Record<string, string>>;
  /** An alert changed state; `alert` is its new state (resolved or cancelled ones come with state "resolved"). */
  onChange: (alert: Alert, change: Change) => void;
  /** Who did it: the host's top processes for an alert on `metric` firing on a sample received at `firedRxMs` (see who-did-it.ts). */
  topProcesses?: (hostId: string, metric: AlertMetric, firedRxMs: number) => AlertTopProcesses | undefined;
  nowMs?: () => number;
}

/** The condition a rule puts on its values; host.offline sees 1 offline and 0 online. */
function conditionOf(rule: AlertRule): Condition {
  if (rule.metric === 'host.offline') return { op: '>', threshold: 0.5, clear: 0.5, forMs: rule.forMs, clearForMs: 0 };
  // process.absent sees the number of matching processes: active at none, inactive at one or more.
  if (rule.metric === 'process.absent') return { op: '<', threshold: 0.5, clear: 0.5, forMs: rule.forMs, clearForMs: 0 };
  return { op: rule.op!, threshold: rule.threshold!, clear: rule.clear ?? rule.threshold!, forMs: rule.forMs, clearForMs: rule.clearForMs ?? 0 };
}

/** An alert's id: its rule, host and the value of its one label (mount, interface or device), if any. */
export function alertId(rule: string, hostId: string, labels: Record<string, string>): string {
  return `${rule}|${hostId}|${Object.values(labels).join(',')}`;
}

/** Per host, the newest sample evaluated: a replay of it or of anything before it is not evaluated again. */
interface Evaluated {
  runId: string;
  seq: number;
  hubRxMs: number;
}

/** A saved watermark; an older hub's (a bare agent time) reads as none, so no agent clock can hold evaluation back. */
function parseEvaluated(text: string): Evaluated | undefined {
  try {
    const value = JSON.parse(text) as Partial<Evaluated> | null;
    if (typeof value?.runId === 'string' && typeof value.seq === 'number' && typeof value.hubRxMs === 'number') return value as Evaluated;
  } catch {
    // Not ours: as if there were none.
  }
  return undefined;
}

/** Whether a sample is one the watermark already covers: in its run by seq, in another run by when it reached a hub (an older run's, from the bus). */
function isEvaluated(sample: HostSample, evaluated: Evaluated | undefined): boolean {
  if (evaluated === undefined) return false;
  return sample.runId === evaluated.runId ? sample.seq <= evaluated.seq : sample.hubRxMs <= evaluated.hubRxMs;
}

function trackOf(alert: Alert | undefined, clearingSinceMs: number | undefined): Track {
  if (!alert) return OK_TRACK;
  return { phase: alert.state === 'firing' ? 'firing' : 'pending', activeSinceMs: alert.activeSinceMs, firedMs: alert.startsAtMs, clearingSinceMs: clearingSinceMs ?? null };
}

/**
 * Evaluates alert rules as samples and host status changes arrive, keeping one
 * state per rule, host and (for per-mount, per-interface and per-device metrics)
 * label. Pending and firing alerts, the past ones and, per host, the run and seq
 * of the last sample that changed anything are saved in the store, so a restarted
 * hub neither fires an alert again nor forgets one, and samples an agent replays
 * after the restart do not move alerts a second time. No timestamp holds
 * evaluation back: the watermark is a seq, and sample times are the hub's to judge
 * (see sample-clock.ts).
 *
 * Samples are evaluated in the order they arrive, each at its own time. Those an
 * agent replays from its buffer after an outage (see LiveJudge) move alerts as any
 * other but never make one fire: an alert whose condition held long enough during
 * the replay fires on the first live sample that still finds it active, and one
 * whose condition cleared within the replay is never announced. The one timer is
 * for host.offline rules, whose hold time passes with no sample to evaluate.
 */
export class AlertEngine {
  readonly #store: StateStore;
  readonly #hosts: AlertEngineOptions['hosts'];
  readonly #hostTags: AlertEngineOptions['hostTags'];
  readonly #onChange: AlertEngineOptions['onChange'];
  readonly #topProcesses: NonNullable<AlertEngineOptions['topProcesses']>;
  readonly #nowMs: () => number;
  #rules = new Map<string, AlertRule>();
  /** Pending and firing alerts by host, then by id: a sample looks at its own host's only. */
  readonly #alerts = new Map<string, Map<string, Alert>>();
  readonly #past: KeptList<Alert>;
  /** Per host, the newest sample evaluated. */
  readonly #evaluated = new Map<string, Evaluated>();
  readonly #live = new LiveJudge();
  /**
   * By id, when a firing alert's condition turned inactive. Not saved: after a
   * restart the wait starts again from the next value, so a resolution comes at
   * most one `clearFor` late and never early.
   */
  readonly #clearing = new Map<string, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer runs; infinity while none is armed. */
  #timerAtMs = Number.POSITIVE_INFINITY;
  #stopped = false;

  constructor({ store, rules, hosts, hostTags, onChange, topProcesses = () => undefined, nowMs = Date.now }: AlertEngineOptions) {
    this.#store = store;
    this.#topProcesses = topProcesses;
    this.#hosts = hosts;
    this.#hostTags = hostTags;
    this.#onChange = onChange;
    this.#nowMs = nowMs;
    this.#past = new KeptList(store, PAST_PREFIX, PAST_ALERTS_KEPT, (text) => parseSaved('Alert', text));
    for (const [, text] of store.readState(ALERT_PREFIX)) {
      const alert = parseSaved('Alert', text);
      if (alert && alert.state !== 'resolved') this.#hold(alert);
    }
    for (const [key, text] of store.readState(WATERMARK_PREFIX)) {
      const evaluated = parseEvaluated(text);
      if (evaluated) this.#evaluated.set(key.slice(WATERMARK_PREFIX.length), evaluated);
    }
    this.setRules(rules);
  }

  /** The rules in force. */
  get rules(): AlertRule[] {
    return [...this.#rules.values()];
  }

  /** Pending and firing alerts. */
  current(): Alert[] {
    return [...this.#alerts.values()].flatMap((ofHost) => [...ofHost.values()]);
  }

  /** Resolved alerts, newest first. */
  past(): Alert[] {
    return this.#past.items();
  }

  /**
   * Puts new rules in force. Alerts of a rule that is gone (a renamed rule is a
   * new one), or no longer covers their host, are withdrawn: nothing is known of
   * their condition, so they do not resolve. A changed threshold applies from the
   * next value. host.offline rules start on hosts already offline.
   */
  setRules(rules: readonly AlertRule[]): void {
    this.#rules = new Map(rules.map((rule) => [rule.name, rule]));
    const now = this.#nowMs();
    for (const alert of this.current()) {
      const rule = this.#rules.get(alert.rule);
      if (!rule || rule.metric !== alert.metric || !ruleCovers(rule, alert.hostId, this.#hostTags(alert.hostId))) this.#end(alert, alert.value, now, 'withdrawn');
    }
    for (const host of this.#hosts()) if (!host.online) this.onStatus(host.hostId, false);
    this.#armTimer();
  }

  /** Evaluates every metric rule that covers the sample's host against its values. */
  onSample(sample: HostSample): void {
    const { hostId, runId, seq, tsMs, hubRxMs } = sample;
    const live = this.#live.isLive(sample);
    if (isEvaluated(sample, this.#evaluated.get(hostId))) return;
    const evaluated: Evaluated = { runId, seq, hubRxMs };
    this.#evaluated.set(hostId, evaluated);
    let changed = false;
    const tags = this.#hostTags(hostId);
    for (const rule of this.#rules.values()) {
      if (rule.metric === 'host.offline' || isProcessMetric(rule.metric)) continue;
      if (!ruleCovers(rule, hostId, tags)) {
        // The host's agent came back with other tags: the rule's alerts on it are withdrawn.
        changed = this.#endOf(rule.name, hostId, tsMs, 'withdrawn') || changed;
        continue;
      }
      const values = metricValues(rule.metric, sample);
      if (values === null) continue;
      const seen = new Set<string>();
      for (const { labels, value } of values) {
        const id = alertId(rule.name, hostId, labels);
        seen.add(id);
        changed = this.#step(rule, hostId, labels, value, tsMs, live, () => this.#topProcesses(hostId, rule.metric, hubRxMs)) || changed;
      }
      // A mount, interface or device that is gone takes its alerts with it.
      changed = this.#endOf(rule.name, hostId, tsMs, 'ended', seen) || changed;
    }
    if (changed) this.#store.putState(WATERMARK_PREFIX + hostId, JSON.stringify(evaluated));
  }

  /**
   * Evaluates the process rules covering the host of an agent's report on the
   * processes it watches, at the time it reached the hub. Only reports move them: a
   * host whose agent sends none (an older agent, or one that reads no processes)
   * never has a process alert, rather than one saying its processes are gone.
   */
  onWatched(report: AgentWatched): void {
    const { hostId } = report;
    const now = this.#nowMs();
    const tags = this.#hostTags(hostId);
    for (const rule of this.#rules.values()) {
      if (!isProcessMetric(rule.metric) || !ruleCovers(rule, hostId, tags)) continue;
      const found = processValue(rule, report);
      if (found) this.#step(rule, hostId, {}, found.value, now, true, rule.metric === 'process.absent' ? undefined : () => found.top);
    }
  }

  /** Evaluates host.offline rules when a host goes offline or comes back. */
  onStatus(hostId: string, online: boolean): void {
    const now = this.#nowMs();
    const tags = this.#hostTags(hostId);
    for (const rule of this.#rules.values()) {
      if (rule.metric !== 'host.offline') continue;
      if (!ruleCovers(rule, hostId, tags)) {
        this.#endOf(rule.name, hostId, now, 'withdrawn');
        continue;
      }
      this.#step(rule, hostId, {}, online ? 0 : 1, now);
      const alert = this.#alerts.get(hostId)?.get(alertId(rule.name, hostId, {}));
      if (alert?.state === 'pending') this.#armBy(alert.activeSinceMs + rule.forMs);
    }
  }

  /** A forgotten host's alerts resolve. */
  onHostRemoved(hostId: string): void {
    const now = this.#nowMs();
    for (const alert of [...(this.#alerts.get(hostId)?.values() ?? [])]) this.#end(alert, alert.value, now, 'ended');
    this.#evaluated.delete(hostId);
    this.#live.forget(hostId);
    this.#store.deleteState(WATERMARK_PREFIX + hostId);
    this.#armTimer();
  }

  /** Stops the hold-time timer. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Moves one alert by one value; true when its state changed. A firing alert keeps what `top` gives (who did it) until it ends. */
  #step(rule: AlertRule, hostId: string, labels: Record<string, string>, value: number, nowMs: number, mayFire = true, top?: () => AlertTopProcesses | undefined): boolean {
    const id = alertId(rule.name, hostId, labels);
    const current = this.#alerts.get(hostId)?.get(id);
    const { track, change } = stepTrack(conditionOf(rule), trackOf(current, this.#clearing.get(id)), value, nowMs, mayFire);
    if (track.clearingSinceMs === null) this.#clearing.delete(id);
    else this.#clearing.set(id, track.clearingSinceMs);
    if (change === null) return false;
    const topProcesses = change === 'firing' ? top?.() : current?.topProcesses;
    const alert: Alert = {
      id,
      rule: rule.name,
      metric: rule.metric,
      hostId,
      labels,
      severity: rule.severity,
      state: track.phase === 'ok' ? 'resolved' : track.phase,
      ...(rule.op ? { op: rule.op } : {}),
      threshold: rule.threshold ?? null,
      value,
      activeSinceMs: track.phase === 'ok' ? (current?.activeSinceMs ?? nowMs) : track.activeSinceMs,
      startsAtMs: track.phase === 'ok' ? (current?.startsAtMs ?? null) : track.firedMs,
      endsAtMs: track.phase === 'ok' ? nowMs : null,
      updatedMs: nowMs,
      ...(topProcesses ? { topProcesses } : {}),
    };
    this.#record(alert, change);
    return true;
  }

  /** Ends a rule's alerts on a host, but those in `keep`; true when there were any. */
  #endOf(rule: string, hostId: string, nowMs: number, how: 'ended' | 'withdrawn', keep?: ReadonlySet<string>): boolean {
    const ofHost = this.#alerts.get(hostId);
    if (ofHost === undefined) return false;
    let ended = false;
    for (const alert of [...ofHost.values()]) {
      if (alert.rule !== rule || keep?.has(alert.id)) continue;
      this.#end(alert, alert.value, nowMs, how);
      ended = true;
    }
    return ended;
  }

  /**
   * Ends an alert whatever its values: `ended` when its host or label is gone (a
   * firing one resolves), `withdrawn` when its rule is gone or no longer covers
   * its host (a firing one is withdrawn, a pending one cancelled).
   */
  #end(alert: Alert, value: number, nowMs: number, how: 'ended' | 'withdrawn'): void {
    const change: Change = alert.state !== 'firing' ? 'cancelled' : how === 'ended' ? 'resolved' : 'withdrawn';
    this.#record({ ...alert, state: 'resolved', value, endsAtMs: nowMs, updatedMs: nowMs }, change);
  }

  #record(alert: Alert, change: Change): void {
    if (alert.state === 'resolved') {
      const ofHost = this.#alerts.get(alert.hostId);
      ofHost?.delete(alert.id);
      this.#clearing.delete(alert.id);
      if (ofHost?.size === 0) this.#alerts.delete(alert.hostId);
      this.#store.deleteState(ALERT_PREFIX + alert.id);
      if (change === 'resolved') this.#past.add(alert.endsAtMs ?? alert.updatedMs, alert);
    } else {
      this.#hold(alert);
      this.#store.putState(ALERT_PREFIX + alert.id, JSON.stringify(alert));
    }
    this.#onChange(alert, change);
  }

  #hold(alert: Alert): void {
    let ofHost = this.#alerts.get(alert.hostId);
    if (ofHost === undefined) {
      ofHost = new Map();
      this.#alerts.set(alert.hostId, ofHost);
    }
    ofHost.set(alert.id, alert);
  }

  /**
   * Makes sure the timer runs by `atMs`, for a new pending host.offline alert. It
   * looks at no other alert: a host's status change costs the same with ten hosts
   * or ten thousand, which a fleet reconnecting after a restart needs.
   */
  #armBy(atMs: number): void {
    if (this.#stopped || atMs >= this.#timerAtMs) return;
    clearTimeout(this.#timer);
    this.#timerAtMs = atMs;
    this.#timer = setTimeout(() => this.#armTimer(), Math.max(0, atMs - this.#nowMs()));
    this.#timer.unref?.();
  }

  /** Fires pending host.offline alerts whose hold time has passed, and arms the timer for the next. */
  #armTimer(): void {
    clearTimeout(this.#timer);
    this.#timerAtMs = Number.POSITIVE_INFINITY;
    if (this.#stopped) return;
    let nextMs = Number.POSITIVE_INFINITY;
    const now = this.#nowMs();
    for (const alert of this.current()) {
      const rule = this.#rules.get(alert.rule);
      if (alert.state !== 'pending' || rule?.metric !== 'host.offline') continue;
      const { track, change } = advanceTrack(conditionOf(rule), trackOf(alert, undefined), now);
      if (change) this.#record({ ...alert, state: 'firing', startsAtMs: track.firedMs, updatedMs: now }, change);
      else nextMs = Math.min(nextMs, alert.activeSinceMs + rule.forMs);
    }
    if (nextMs !== Number.POSITIVE_INFINITY) this.#armBy(nextMs);
  }
}
