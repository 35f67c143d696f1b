import { ALERTS_TOPIC, hostTopic } from '@hostpulse/protocol';
import type { AgentHello, Alert, BusStats, HostSample, HostStatus, HubStats, LiveServerMessage } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { Alerting } from '../alerts/alerting.js';
import { AlertHistory } from '../alerts/alert-history.js';
import { DEFAULT_ALERTS, type AlertsConfig } from '../alerts/rules-file.js';
import { Silences } from '../alerts/silences.js';
import { topProcessesOf } from '../alerts/who-did-it.js';
import { BurstLog } from '../telemetry/burst-log.js';
import type { FaultCounter } from '../telemetry/faults.js';
import { HostCounters } from '../hosts/host-counters.js';
import { hostSummary } from '../hosts/host-record.js';
import { HostRegistry } from '../hosts/host-registry.js';
import type { ClockLimits } from '../hosts/sample-clock.js';
import { RateMeter, type LoadAccounting } from '../telemetry/load-accounting.js';
import { OverviewCoalescer } from '../hosts/overview-coalescer.js';
import { ProcessStats } from '../telemetry/own-process.js';
import { ProcessTables } from '../hosts/process-tables.js';
import type { HubReads } from './hub-reads.js';
import type { HistoryStore } from '../store/history-store.js';

/** Sends a message to every subscriber of a topic (the uWS wiring implements it). */
export type Publish = (topic: string, message: LiveServerMessage) => void;

/**
 * What the core tells the bus that joins several hubs (cluster/hub-bus.ts) about its
 * own agents; null while the hub runs alone.
 */
export interface HubBus {
  /** The hub holding this host's agent for another run, or null when this hub may take it. */
  holderOf(hello: AgentHello): string | null;
  /** One of this hub's agents was welcomed. */
  helloAccepted(hello: AgentHello, hubRxMs: number): void;
  /** One of this hub's agents' samples was stored. */
  sampleAccepted(sample: HostSample): void;
  /** A host went offline or came back. */
  statusChanged(status: HostStatus): void;
  /** One of this hub's agents closed its socket. */
  agentGone(hostId: string): void;
  /** Whether this hub delivers the host's alerts, which every hub evaluates: one hub per host does. */
  delivers(hostId: string): boolean;
  /** An alert state change this hub owes to `notifiers` (undefined: all): the cluster's sending hub delivers it. */
  handOff(alert: Alert, notifiers: readonly string[] | undefined): void;
  /** Whether this hub holds the sender lease: it sends every alert notification of the cluster. */
  sending(): boolean;
  /** An admin gave a host a display name through this hub, or took it away (undefined). */
  nameSet(hostId: string, displayName: string | undefined): void;
  /** This hub forgot a host (deleted, or offline too long): every hub forgets it. */
  hostForgotten(hostId: string): void;
  /** Closes a one-second interval of the bus's rates. */
  tick(): void;
  /** The bus's figures for /api/stats. */
  stats(): BusStats;
}

/** What a bus is built from: the core's hosts, fault counter and alert silences, and the way into this hub's delivery queue. */
export interface BusParts {
  registry: HostRegistry;
  faults: FaultCounter;
  silences: Silences;
  /** Queues an alert state change for delivery from this hub (the sending hub's part). */
  deliver: (alert: Alert, notifiers: readonly string[] | undefined) => void;
}

/** What the core needs from outside. */
export interface HubCoreOptions {
  store: HistoryStore;
  log: Logger;
  publish: Publish;
  /** The per-transport load figures, shared with the publishing edge that counts frames. */
  load: LoadAccounting;
  /** Fault counts, shared with the store and every edge that refuses or closes something. */
  faults: FaultCounter;
  /** Open /live sockets, the push transport's clients. */
  pushClients: () => number;
  /** A host changed while no overview frame was pending: time to arm the coalescing timer. */
  overviewPending?: () => void;
  /** Alert rules and notifiers; the default rules when absent. */
  alerts?: AlertsConfig;
  /** Builds the bus to other hubs (--nats) from the core's parts; the hub runs alone without it. */
  bus?: ((parts: BusParts) => HubBus) | undefined;
  /** How far a sample's time may lie from the hub's clock before it is re-timed; see sample-clock.ts. */
  clock?: ClockLimits;
  /** --forget-offline-after: forget a host offline this long. */
  forgetOfflineAfterMs?: number | undefined;
  nowMs?: () => number;
}

/**
 * Overview versions start at the hub's start time times this, so a version from an
 * earlier hub process is below every version of this one (unless that process saw
 * more than this many changes per millisecond), and a poll's `since` from before a
 * restart gets a full answer instead of a wrong delta.
 */
export const OVERVIEW_VERSIONS_PER_MS = 1000;

/**
 * The hub's state and bookkeeping with no socket in sight: the host registry, the
 * process tables, the overview coalescer, alerting, per-host counters, load
 * accounting, fault counters and the process's own figures; registry events fan out
 * from here to alerts, the bus and the overview. Stored samples, process tables and
 * status changes go out through `publish`.
 */
export class HubCore implements HubReads {
  readonly registry: HostRegistry;
  /** Each host's latest top-processes table, published to `host/<id>` as it arrives. */
  readonly processes: ProcessTables;
  readonly overview: OverviewCoalescer;
  readonly load: LoadAccounting;
  readonly faults: FaultCounter;
  /** Samples in memory and, with a data dir, on disk. */
  readonly store: HistoryStore;
  /** Alert rules, their states and deliveries. */
  readonly alerting: Alerting;
  /** The alert events this hub saw, kept for the store's alert history time. */
  readonly alertHistory: AlertHistory;
  /** Alert silences and maintenance windows, the same on every hub of a cluster. */
  readonly silences: Silences;
  /** Cumulative counters per host, integrated from every stored sample, for /metrics. */
  readonly counters = new HostCounters();
  readonly startedMs: number;
  /** The bus to other hubs (--nats); null while the hub runs alone. */
  readonly bus: HubBus | null;
  /** Lines logged once per agent or host, summarised when a fleet comes or goes at once; ticked with the core. */
  readonly burstLog: BurstLog;
  readonly #process = new ProcessStats();
  readonly #samplesRate: RateMeter;
  readonly #pushClients: () => number;
  readonly #nowMs: () => number;
  readonly #hostRemoved: ((hostId: string) => void)[] = [];
  readonly #ticks: (() => void)[] = [];
  /** Hosts whose re-timed samples were logged: once per host is enough to find the agent. */
  readonly #retimeLogged = new Set<string>();

  constructor({ store, log, publish, load, faults, pushClients, overviewPending, alerts = DEFAULT_ALERTS, bus, clock, forgetOfflineAfterMs, nowMs = Date.now }: HubCoreOptions) {
    this.#nowMs = nowMs;
    this.burstLog = new BurstLog(log);
    this.store = store;
    this.#pushClients = pushClients;
    this.startedMs = nowMs();
    this.load = load;
    this.faults = faults;
    this.#samplesRate = new RateMeter(this.startedMs);
    this.registry = new HostRegistry({
      store,
      nowMs,
      ...(clock ? { clock } : {}),
      forgetOfflineAfterMs,
      // In a cluster one hub decides when a host is forgotten, and the others follow it.
      decidesFor: (hostId) => this.bus?.delivers(hostId) ?? true,
      events: {
        sampleStored: (sample, local) => {
          this.counters.add(sample);
          publish(hostTopic(sample.hostId), { type: 'sample', sample });
          if (local) this.bus?.sampleAccepted(sample);
          this.alerting.onSample(sample);
        },
        statusChanged: (status) => {
          this.burstLog.info(status.online ? 'host online' : 'host offline', { hostId: status.hostId, runId: status.runId });
          publish(hostTopic(status.hostId), status);
          this.bus?.statusChanged(status);
          this.alerting.onStatus(status.hostId, status.online);
        },
        hostChanged: (hostId) => this.overview.markChanged(hostId),
        sampleRetimed: (hostId, agentTsMs, hubRxMs) => {
          faults.count('clockSkew');
          if (this.#retimeLogged.has(hostId)) return;
          this.#retimeLogged.add(hostId);
          log.warn("sample re-timed: the agent's clock is too far from the hub's; its samples are kept at the time they arrive", { hostId, agentTsMs, hubRxMs });
        },
        hostRemoved: (hostId) => {
          log.info('host forgotten', { hostId });
          for (const hook of this.#hostRemoved) hook(hostId);
          this.processes.forget(hostId);
          this.counters.forget(hostId);
          this.#retimeLogged.delete(hostId);
          this.overview.markRemoved(hostId);
          this.alerting.onHostRemoved(hostId);
          this.bus?.hostForgotten(hostId);
        },
      },
    });
    this.processes = new ProcessTables((table) => publish(hostTopic(table.hostId), { type: 'processes', table }));
    this.overview = new OverviewCoalescer({
      summaryOf: (hostId, withRecent) => {
        const host = this.registry.get(hostId);
        return host && hostSummary(host, withRecent);
      },
      hostIds: () => this.registry.all().map((host) => host.hostId),
      firstVersion: this.startedMs * OVERVIEW_VERSIONS_PER_MS,
      ...(overviewPending ? { onPending: overviewPending } : {}),
    });
    this.silences = new Silences({ store, nowMs });
    this.bus = bus?.({ registry: this.registry, faults: this.faults, silences: this.silences, deliver: (alert, notifiers) => this.alerting.enqueue(alert, notifiers) }) ?? null;
    this.registry.restore();
    this.alertHistory = new AlertHistory({ store, retentionMs: store.alertHistoryMs, nowMs });
    this.alerting = new Alerting({
      store,
      log,
      config: alerts,
      nowMs,
      publish: (frame) => publish(ALERTS_TOPIC, frame),
      hosts: () => this.registry.all(),
      delivers: (hostId) => this.bus?.delivers(hostId) ?? true,
      ...(this.bus ? { handOff: this.bus.handOff.bind(this.bus), sends: this.bus.sending.bind(this.bus) } : {}),
      hostTags: (hostId) => this.registry.get(hostId)?.inventory.tags ?? {},
      silences: this.silences,
      history: this.alertHistory,
      topProcesses: (hostId, metric, firedRxMs) => topProcessesOf(this.processes.latest(hostId), metric, firedRxMs),
    });
  }

  /** Calls `hook` with the id of every host the registry forgets. */
  onHostRemoved(hook: (hostId: string) => void): void {
    this.#hostRemoved.push(hook);
  }

  /** Gives a host a display name (undefined takes it away), here and on every hub; false for an unknown host. */
  setDisplayName(hostId: string, displayName: string | undefined): boolean {
    if (!this.registry.setDisplayName(hostId, displayName)) return false;
    this.bus?.nameSet(hostId, displayName);
    return true;
  }

  /** Calls `hook` at every tick, after the core's own periodic work. */
  onTick(hook: () => void): void {
    this.#ticks.push(hook);
  }

  /** One of this hub's agents closed its socket. */
  agentDisconnected(hostId: string): void {
    this.registry.disconnect(hostId);
    this.bus?.agentGone(hostId);
  }

  /** Closes a one-second interval: per-second rates and process figures now cover it; the store does its periodic work. */
  tick(): void {
    this.store.tick();
    this.load.tick();
    this.bus?.tick();
    this.#samplesRate.update(this.registry.samplesTotal, this.#nowMs());
    this.#process.sample();
    this.burstLog.tick();
    for (const hook of this.#ticks) hook();
  }

  /** The hub's load: totals as of now, rates as of the last tick. */
  stats(): HubStats {
    const counts = this.registry.counts();
    return {
      tsMs: this.#nowMs(),
      startedMs: this.startedMs,
      hosts: { total: counts.total, online: counts.online },
      agents: { connected: counts.connected, samplesPerSec: this.#samplesRate.perSec },
      transports: this.load.stats(this.#pushClients()),
      process: this.#process.latest,
      storage: this.store.stats(),
      faults: this.faults.counts(),
      ...(this.bus ? { bus: this.bus.stats() } : {}),
    };
  }

  /** Releases what the core holds open (the event-loop monitor, alerting's timers) and logs what the burst log only counted. */
  stop(): void {
    this.burstLog.tick();
    this.#process.stop();
    this.alerting.stop();
    this.silences.stop();
  }
}
