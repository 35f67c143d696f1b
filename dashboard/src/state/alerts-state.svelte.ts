import type { Alert, AlertRule, DeliveryAttempt, NotifierInfo, Silence } from '@hostpulse/protocol';
import type { AlertsUpdate } from '../client/transport.js';

/** Past alerts and delivery attempts the page keeps, as the hub does. */
export const ALERTS_KEPT = 200;

const SEVERITY_ORDER = ['critical', 'warning', 'info'];

/** A severity's place, the most severe first; names the page does not know come last. */
const rank = (s: string): number => (SEVERITY_ORDER.includes(s) ? SEVERITY_ORDER.indexOf(s) : SEVERITY_ORDER.length);

/** Of two severities the more severe. */
function worse(a: string, b: string): string {
  return rank(b) < rank(a) ? b : a;
}

/** Firing alerts counted together, how many of them a silence holds, and the most severe severity among them, which colours their badge. */
export interface FiringTally {
  count: number;
  silenced: number;
  severity: string;
}

/** Sorts firing before pending, then the more severe, then the older first. */
function compareCurrent(a: Alert, b: Alert): number {
  return Number(b.state === 'firing') - Number(a.state === 'firing') || rank(a.severity) - rank(b.severity) || a.activeSinceMs - b.activeSinceMs;
}

/**
 * The hub's alerts as the dashboard shows them: the rules in force, the current
 * (pending and firing) alerts, the past (resolved) ones, the notifiers and their
 * delivery log. A full update replaces everything; a delta moves the alerts it
 * names (a resolved one to the past; one resolved before it fired simply goes).
 */
export class AlertsState {
  rules = $state.raw<AlertRule[]>([]);
  rulesSource = $state('');
  current = $state.raw<Alert[]>([]);
  past = $state.raw<Alert[]>([]);
  notifiers = $state.raw<NotifierInfo[]>([]);
  deliveries = $state.raw<DeliveryAttempt[]>([]);
  /** Silences in force and scheduled, soonest end first. */
  silences = $state.raw<Silence[]>([]);
  /** True once the first full update arrived. */
  loaded = $state(false);
  #version = -1;

  /** Firing alerts per host, for the overview's badges. */
  firingByHost = $derived.by(() => {
    const tallies = new Map<string, FiringTally>();
    for (const alert of this.current) {
      if (alert.state !== 'firing') continue;
      const tally = tallies.get(alert.hostId) ?? { count: 0, silenced: 0, severity: alert.severity };
      tallies.set(alert.hostId, { count: tally.count + 1, silenced: tally.silenced + Number(alert.silencedBy !== undefined), severity: worse(tally.severity, alert.severity) });
    }
    return tallies;
  });
  firingCount = $derived(this.current.filter((a) => a.state === 'firing').length);
  /** The most severe severity among the firing alerts ('' when none fires), for the page's count badge. */
  firingSeverity = $derived(this.current.filter((a) => a.state === 'firing').reduce((most, a) => (most === '' ? a.severity : worse(most, a.severity)), ''));

  /** Applies an `alerts` frame or a GET /api/alerts answer; an older version than the one held is ignored. */
  apply(update: AlertsUpdate): void {
    if (update.version <= this.#version && !update.full) return;
    this.#version = update.version;
    if (update.rules) this.rules = update.rules;
    if (update.rulesSource !== undefined) this.rulesSource = update.rulesSource;
    if (update.notifiers) this.notifiers = update.notifiers;
    if (update.silences) this.silences = update.silences;
    if (update.full) {
      this.current = update.alerts.filter((a) => a.state !== 'resolved').sort(compareCurrent);
      this.past = update.alerts.filter((a) => a.state === 'resolved' && a.startsAtMs !== null).sort((a, b) => (b.endsAtMs ?? 0) - (a.endsAtMs ?? 0));
      this.deliveries = update.deliveries;
      this.loaded = true;
      return;
    }
    if (update.alerts.length > 0) {
      const byId = new Map(this.current.map((a) => [a.id, a]));
      const ended: Alert[] = [];
      for (const alert of update.alerts) {
        if (alert.state === 'resolved') {
          byId.delete(alert.id);
          if (alert.startsAtMs !== null) ended.push(alert);
        } else {
          byId.set(alert.id, alert);
        }
      }
      this.current = [...byId.values()].sort(compareCurrent);
      if (ended.length > 0) this.past = [...ended.reverse(), ...this.past].slice(0, ALERTS_KEPT);
    }
    if (update.deliveries.length > 0) this.deliveries = [...[...update.deliveries].reverse(), ...this.deliveries].slice(0, ALERTS_KEPT);
  }
}
