import { randomBytes } from 'node:crypto';
import type { AgentWatched, Alert, AlertRule, AlertsFrame, AlertsResponse, DeliveryAttempt, HostSample, NotifierInfo, RuleTestResult, WatchPattern } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import type { StateStore } from '../store/state-store.js';
import { AlertEngine, type AlertEngineOptions } from './alert-engine.js';
import type { AlertHistory } from './alert-history.js';
import type { Change } from './alert-machine.js';
import { DeliveryQueue } from './delivery-queue.js';
import { KeptList, parseSaved } from './kept-list.js';
import { sendToChannel } from './channels/send-channel.js';
import type { Silences } from './silences.js';
import { watchPatternsFor } from './process-rules.js';
import { alertmanagerRequest, postNotify, shownUrl, webhookRequest, type NotifyResult } from './notify-http.js';
import type { AlertsConfig, NotifierConfig } from './rules-file.js';
import { routeAlert } from './routing.js';
import { RepeatMarks } from './repeat-marks.js';

/** The host a test notification names. */
export const TEST_HOST_ID = 'hostpulse-test';
/** Delivery attempts kept for the Alerts page. */
export const DELIVERY_LOG_KEPT = 200;
/** How often firing alerts are posted to Alertmanager again, so it does not time them out. */
export const ALERTMANAGER_REFRESH_MS = 60_000;

/**
 * State key prefix of the alerts whose firing this hub delivered: it owes their
 * resolution. The value is a JSON list of the notifiers told; an older hub's "1"
 * reads as all of them.
 */
const SENT_PREFIX = 'alert-sent/';
/** State key prefix of the firing alerts whose notification a silence holds back: sent when the silence ends while they still fire. */
const HELD_PREFIX = 'alert-held/';
/** How often firing alerts are checked for a repeat that is due. */
export const REPEAT_CHECK_MS = 1000;

/** The notifiers a saved mark names; undefined for all. */
function parseSent(text: string): readonly string[] | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value) && value.every((name) => typeof name === 'string')) return value as string[];
  } catch {
    // Not a list: an older hub's mark.
  }
  return undefined;
}

/** The rules the engine evaluates: all but the disabled ones, which are only shown. */
function enabledRules(config: AlertsConfig): AlertRule[] {
  return config.rules.filter((rule) => !rule.disabled);
}

/** What alerting needs from outside. */
export interface AlertingOptions {
  store: StateStore;
  log: Logger;
  config: AlertsConfig;
  /** Sends a frame to the `alerts` topic's subscribers. */
  publish: (frame: AlertsFrame) => void;
  hosts: AlertEngineOptions['hosts'];
  hostTags: AlertEngineOptions['hostTags'];
  /** Whether this hub delivers a host's alerts (with several hubs, one per host does); every hub still shows them. */
  delivers: (hostId: string) => boolean;
  /** The silences, which hold back the notifications of the alerts they match. */
  silences: Silences;
  /** Where every alert event this hub sees is recorded. */
  history: AlertHistory;
  topProcesses?: AlertEngineOptions['topProcesses'];
  /** In a cluster, where a change this hub owes goes instead of its own queue: to the one sending hub (cluster/alert-handover.ts). */
  handOff?: (alert: Alert, notifiers: readonly string[] | undefined) => void;
  /** In a cluster, whether this hub is the sending one: then it alone posts firing alerts to Alertmanager again, all of them. */
  sends?: () => boolean;
  nowMs?: () => number;
}

/**
 * The hub's alerting: the rules engine, the delivery queues and the delivery log,
 * behind what the hub core calls (samples, status changes, reloads) and what the
 * transports serve (the `alerts` topic, GET /api/alerts). Every change bumps
 * `version`, the ETag of GET /api/alerts.
 */
export class Alerting {
  readonly #log: Logger;
  readonly #publish: AlertingOptions['publish'];
  readonly #nowMs: () => number;
  readonly #deliveryLog: KeptList<DeliveryAttempt>;
  readonly #queue: DeliveryQueue;
  readonly #engine: AlertEngine;
  #config: AlertsConfig;
  #version: number;
  #publicUrl = 'http://127.0.0.1';
  #refreshTimer: ReturnType<typeof setInterval> | undefined;
  #repeatTimer: ReturnType<typeof setInterval> | undefined;
  /** When each alert of #sent was last told; one without a mark (saved by an older hub) counts from its firing. */
  readonly #repeats: RepeatMarks;
  /**
   * Nothing is published before `start`: no dashboard can have subscribed yet, and
   * uWS crashes (SIGSEGV) when asked for a topic's subscribers before it listens,
   * which restoring a host.offline alert at start-up would otherwise do.
   */
  #started = false;

  readonly #delivers: AlertingOptions['delivers'];
  readonly #store: StateStore;
  /** Alerts whose firing this hub delivered, by id, with the notifiers told (undefined: all). */
  readonly #sent: Map<string, readonly string[] | undefined>;
  readonly #silences: Silences;
  readonly #hostTags: AlertingOptions['hostTags'];
  /** Firing alerts whose notification a silence holds back, by id. */
  readonly #held: Set<string>;
  readonly #history: AlertHistory;
  /** Told when the rules change: agents get their watch lists again. */
  readonly #rulesChanged: (() => void)[] = [];
  readonly #handOff: NonNullable<AlertingOptions['handOff']>;
  readonly #sends: AlertingOptions['sends'];

  constructor({ store, log, config, publish, hosts, hostTags, delivers, silences, history, topProcesses, handOff, sends, nowMs = Date.now }: AlertingOptions) {
    this.#history = history;
    this.#sends = sends;
    this.#handOff = handOff ?? ((alert, notifiers) => this.enqueue(alert, notifiers));
    this.#delivers = delivers;
    this.#silences = silences;
    this.#hostTags = hostTags;
    this.#held = new Set(store.readState(HELD_PREFIX).map(([key]) => key.slice(HELD_PREFIX.length)));
    this.#store = store;
    this.#sent = new Map(store.readState(SENT_PREFIX).map(([key, text]) => [key.slice(SENT_PREFIX.length), parseSent(text)]));
    this.#repeats = new RepeatMarks(store);
    this.#log = log;
    this.#publish = publish;
    this.#nowMs = nowMs;
    this.#config = config;
    // Versions of an earlier process stay below this one's, as for the overview.
    this.#version = nowMs() * 1000;
    this.#deliveryLog = new KeptList(store, 'delivery-log/', DELIVERY_LOG_KEPT, (text) => parseSaved('DeliveryAttempt', text));
    this.#queue = new DeliveryQueue({
      store,
      log,
      nowMs,
      send: (notifier, deliveryId, alerts) => this.#send(notifier, deliveryId, alerts),
      onAttempt: (attempt) => {
        history.attempted(attempt);
        this.#deliveryLog.add(attempt.tsMs, attempt);
        this.#changed([], [attempt]);
      },
    });
    this.#queue.setNotifiers(config.notifiers);
    this.#engine = new AlertEngine({ store, rules: enabledRules(config), hosts, hostTags, nowMs, ...(topProcesses ? { topProcesses } : {}), onChange: (alert, change) => {
      history.changed(alert, change);
      const to = this.#owes(alert, change);
      if (to) this.#handOff(alert, to.notifiers);
      this.#changed([alert], []);
    } });
    silences.onChange(() => this.#silencesChanged());
  }

  /** The current version: the ETag of GET /api/alerts. */
  get version(): number {
    return this.#version;
  }

  /** Starts delivering, with dashboard links below `publicUrl`. */
  start(publicUrl: string): void {
    this.#publicUrl = publicUrl.replace(/\/+$/, '');
    this.#started = true;
    // A silence may have ended while the hub was down.
    this.#releaseHeld();
    this.#queue.start();
    this.#refreshTimer = setInterval(() => void this.#refreshAlertmanagers(), ALERTMANAGER_REFRESH_MS);
    this.#repeatTimer = setInterval(() => this.#repeatFiring(), REPEAT_CHECK_MS);
  }

  /** Queues an alert state change for delivery from this hub to `notifiers` (undefined: all). */
  enqueue(alert: Alert, notifiers: readonly string[] | undefined, repeat = 0): void {
    this.#queue.enqueue(alert, { only: notifiers, groupWaitMs: routeAlert(this.#config, alert).groupWaitMs, repeat });
  }

  /** A sample was stored. */
  onSample(sample: HostSample): void {
    this.#engine.onSample(sample);
  }

  /** An agent reported on the processes it watches. */
  onWatched(report: AgentWatched): void {
    this.#engine.onWatched(report);
  }

  /** The processes a host's agent must watch for the rules in force. */
  watchPatterns(hostId: string): WatchPattern[] {
    return watchPatternsFor(this.#engine.rules, hostId, this.#hostTags(hostId));
  }

  /** Calls `listener` whenever other rules are put in force. */
  onRulesChanged(listener: () => void): void {
    this.#rulesChanged.push(listener);
  }

  /** A host went offline or came back. */
  onStatus(hostId: string, online: boolean): void {
    this.#engine.onStatus(hostId, online);
  }

  /** A host was forgotten. */
  onHostRemoved(hostId: string): void {
    this.#engine.onHostRemoved(hostId);
  }

  /** Puts a reloaded rules file in force and tells the dashboards. */
  reload(config: AlertsConfig): void {
    this.#config = config;
    this.#queue.setNotifiers(config.notifiers);
    this.#engine.setRules(enabledRules(config));
    for (const listener of this.#rulesChanged) listener();
    this.#version++;
    if (this.#started) this.#publish({ ...this.#frame(false, [], []), rules: [...config.rules], rulesSource: config.source });
  }

  /**
   * Sends a made-up firing alert of `rule` (host TEST_HOST_ID, label `test: "true"`)
   * once to each notifier its route reaches, outside the queues and the delivery log;
   * what each answered.
   */
  sendTest(rule: AlertRule): Promise<RuleTestResult[]> {
    const now = this.#nowMs();
    const alert: Alert = {
      id: `test/${rule.name}/${now}`, rule: rule.name, metric: rule.metric, hostId: TEST_HOST_ID, labels: { test: 'true' }, severity: rule.severity, state: 'firing',
      ...(rule.op ? { op: rule.op } : {}), threshold: rule.threshold ?? null, value: rule.threshold ?? 1, activeSinceMs: now, startsAtMs: now, endsAtMs: null, updatedMs: now,
    };
    const routed = routeAlert(this.#config, alert).notifiers;
    return Promise.all(this.#config.notifiers.filter((n) => routed.includes(n.name)).map(async (notifier): Promise<RuleTestResult> => {
      const result = await this.#send(notifier, `test-${randomBytes(9).toString('base64url')}`, [alert]);
      const ok = result.status !== null && result.status < 300;
      return { notifier: notifier.name, notifierType: notifier.type, ok, status: result.status, ...(result.status === null ? { error: result.error } : {}) };
    }));
  }

  /** What GET /api/alerts answers. */
  response(): AlertsResponse {
    return {
      version: this.#version,
      hubTimeMs: this.#nowMs(),
      rulesSource: this.#config.source,
      rules: [...this.#config.rules],
      current: this.#engine.current().map((alert) => this.#marked(alert)),
      past: this.#engine.past(),
      notifiers: this.#notifierInfo(),
      deliveries: this.#deliveryLog.items(),
      silences: this.#silences.list(),
    };
  }

  /** A new subscriber's first frame: everything GET /api/alerts holds. */
  fullFrame(): AlertsFrame {
    const r = this.response();
    return { ...this.#frame(true, [...r.current, ...r.past], r.deliveries), rules: r.rules, rulesSource: r.rulesSource, silences: r.silences };
  }

  /** Stops the timers and sending; queued deliveries stay saved. */
  stop(): void {
    clearInterval(this.#refreshTimer);
    clearInterval(this.#repeatTimer);
    this.#engine.stop();
    this.#queue.stop();
  }

  /**
   * Whether this hub delivers a change, and to which notifiers (undefined: all). A
   * firing: when it delivers the host's alerts now, to the notifiers its route names. A
   * resolution: when it delivered the firing, to the notifiers it told (so a
   * notifier added since hears no resolution of a firing it never heard, and a
   * firing sent while another hub was gone is not left open when that hub
   * returns); else when it delivers the host's alerts now (another hub told the
   * firing), to the notifiers its route names. A withdrawn alert is not delivered (its condition
   * may still hold), and this hub no longer owes its resolution. A firing a silence
   * matches is held back on every hub (see #releaseHeld), and so is the end of one
   * held back.
   */
  #owes(alert: Alert, change: Change): { notifiers: readonly string[] | undefined } | null {
    if (this.#unhold(alert.id)) return null;
    if (change === 'firing') {
      // Every hub holds a silenced firing, so the hub delivering the host's alerts when the silence ends sends it, even if another held it first.
      const over = this.#silences.silencing(alert, this.#hostTags(alert.hostId));
      if (over) {
        this.#history.silenced(alert, over);
        this.#held.add(alert.id);
        this.#store.putState(HELD_PREFIX + alert.id, '1');
        return null;
      }
      if (!this.#delivers(alert.hostId)) return null;
      const { notifiers } = routeAlert(this.#config, alert);
      this.#sent.set(alert.id, notifiers);
      this.#store.putState(SENT_PREFIX + alert.id, JSON.stringify(notifiers));
      this.#repeats.set(alert.id, { lastMs: this.#nowMs(), count: 0 });
      return { notifiers };
    }
    if (change !== 'resolved' && change !== 'withdrawn') return null;
    const sent = this.#sent.has(alert.id);
    const notifiers = this.#sent.get(alert.id);
    if (sent) {
      this.#sent.delete(alert.id);
      this.#store.deleteState(SENT_PREFIX + alert.id);
      this.#repeats.delete(alert.id);
    }
    if (change === 'withdrawn') return null;
    if (sent) return { notifiers };
    return this.#delivers(alert.hostId) ? { notifiers: routeAlert(this.#config, alert).notifiers } : null;
  }

  /**
   * Sends the firing of each alert held back whose silences all ended while it
   * still fires, as Alertmanager does when a silence expires; one that stopped
   * firing meanwhile is forgotten, unsent.
   */
  #releaseHeld(): void {
    if (this.#held.size === 0) return;
    const firing = new Map(this.#engine.current().map((alert) => [alert.id, alert]));
    for (const id of [...this.#held]) {
      const alert = firing.get(id);
      if (alert?.state === 'firing' && this.#silences.silencing(alert, this.#hostTags(alert.hostId))) continue;
      this.#unhold(id);
      const to = alert?.state === 'firing' ? this.#owes(alert, 'firing') : null;
      if (!to || !alert) continue;
      this.#history.released(alert);
      this.#handOff(alert, to.notifiers);
    }
  }

  /**
   * Tells again the notifiers that heard an alert fire, once its route's repeat
   * interval has passed since they were last told, while it still fires: not
   * Alertmanager (posted every minute, it repeats on its own), and not while a
   * silence holds the alert (that repeat is skipped, and the interval counts again
   * from now). One hub alone repeats the firings it told. In a cluster the
   * sending hub repeats every firing alert it sees, whichever hub reported it, so
   * a repeat never comes from two hubs (a new sender starts its count from the
   * alert's start).
   */
  #repeatFiring(): void {
    const ids = this.#sends ? (this.#sends() ? null : []) : [...this.#sent.keys()];
    if (ids?.length === 0) return;
    const nowMs = this.#nowMs();
    const firing = new Map(this.#engine.current().filter((alert) => alert.state === 'firing').map((alert) => [alert.id, alert]));
    for (const id of ids ?? [...firing.keys()]) {
      const told = this.#sent.get(id);
      const alert = firing.get(id);
      if (!alert) continue;
      const { repeatIntervalMs } = routeAlert(this.#config, alert);
      const mark = this.#repeats.get(id) ?? { lastMs: alert.startsAtMs ?? nowMs, count: 0 };
      if (repeatIntervalMs === 0 || nowMs - mark.lastMs < repeatIntervalMs) continue;
      this.#repeats.set(id, { lastMs: nowMs, count: mark.count + 1 });
      if (this.#silences.silencing(alert, this.#hostTags(alert.hostId))) continue;
      const notifiers = (told ?? routeAlert(this.#config, alert).notifiers).filter((name) => this.#config.notifiers.some((n) => n.name === name && n.type !== 'alertmanager'));
      this.enqueue(alert, notifiers, mark.count + 1);
    }
  }

  /** Forgets that an alert's firing is held back; true when it was. */
  #unhold(id: string): boolean {
    if (!this.#held.delete(id)) return false;
    this.#store.deleteState(HELD_PREFIX + id);
    return true;
  }

  /** A silence was added or ended, or one started or ran out: held firings may go, and the dashboards get every mark anew. */
  #silencesChanged(): void {
    this.#releaseHeld();
    this.#version++;
    if (this.#started) this.#publish(this.fullFrame());
  }

  /** An alert with the silence in force over it, if any, for the dashboards. */
  #marked(alert: Alert): Alert {
    if (alert.state === 'resolved') return alert;
    const over = this.#silences.silencing(alert, this.#hostTags(alert.hostId));
    return over ? { ...alert, silencedBy: { id: over.silence.id, comment: over.silence.comment, endsAtMs: over.endsAtMs } } : alert;
  }

  #frame(full: boolean, alerts: Alert[], deliveries: DeliveryAttempt[]): AlertsFrame {
    return { type: 'alerts', full, version: this.#version, hubTimeMs: this.#nowMs(), alerts: alerts.map((alert) => this.#marked(alert)), deliveries, notifiers: this.#notifierInfo() };
  }

  #changed(alerts: Alert[], deliveries: DeliveryAttempt[]): void {
    this.#version++;
    if (this.#started) this.#publish(this.#frame(false, alerts, deliveries));
  }

  #notifierInfo(): NotifierInfo[] {
    return this.#config.notifiers.map((n) => ({ name: n.name, type: n.type, url: shownUrl(n), queued: this.#queue.queued(n.name) }));
  }

  #dashboardUrl(alert: Alert): string {
    return `${this.#publicUrl}/#/host/${encodeURIComponent(alert.hostId)}`;
  }

  /** Sends one alert's state change, or a group's (to a chat, push or mail channel only) in one message. */
  #send(notifier: NotifierConfig, deliveryId: string, alerts: readonly [Alert, ...Alert[]]): Promise<NotifyResult> {
    const now = this.#nowMs();
    const [alert] = alerts;
    if (notifier.type === 'webhook') return postNotify(webhookRequest(notifier, deliveryId, alert, this.#dashboardUrl(alert), now));
    if (notifier.type === 'alertmanager') return postNotify(alertmanagerRequest(notifier, [alert], (a) => this.#dashboardUrl(a), now));
    return sendToChannel(notifier.channel, deliveryId, alerts, (a) => this.#dashboardUrl(a), `${this.#publicUrl}/#/alerts`);
  }

  /** Posts every firing alert to each Alertmanager again, in its queue's place in line so it cannot overtake a resolution. */
  async #refreshAlertmanagers(): Promise<void> {
    for (const notifier of this.#config.notifiers) {
      if (notifier.type !== 'alertmanager') continue;
      await this.#queue.runWhenIdle(notifier.name, async () => {
        const mine = (alert: Alert) => (this.#sends ? this.#sends() : this.#delivers(alert.hostId));
        const firing = this.#engine.current().filter((alert) => alert.state === 'firing' && mine(alert) && !this.#held.has(alert.id) && routeAlert(this.#config, alert).notifiers.includes(notifier.name));
        if (firing.length === 0) return;
        const result = await postNotify(alertmanagerRequest(notifier, firing, (alert) => this.#dashboardUrl(alert), this.#nowMs()));
        if (result.status === null || result.status >= 300) {
          this.#log.warn('alertmanager refresh failed', { notifier: notifier.name, url: shownUrl(notifier), status: result.status ?? undefined, error: result.status === null ? result.error : undefined });
        }
      });
    }
  }
}
