import { ALERTS_TOPIC, hostTopic } from '@hostpulse/protocol';
import { Alerting } from '../alerts/alerting.js';
import { DEFAULT_ALERTS } from '../alerts/rules-file.js';
import { HostCounters } from '../hosts/host-counters.js';
import { hostSummary } from '../hosts/host-record.js';
import { HostRegistry } from '../hosts/host-registry.js';
import { RateMeter } from '../telemetry/load-accounting.js';
import { OverviewCoalescer } from '../hosts/overview-coalescer.js';
import { ProcessStats } from '../telemetry/own-process.js';
import { ProcessTables } from '../hosts/process-tables.js';
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
export class HubCore {
    registry;
    /** Each host's latest top-processes table, published to `host/<id>` as it arrives. */
    processes;
    overview;
    load;
    faults;
    /** Samples in memory and, with a data dir, on disk. */
    store;
    /** Alert rules, their states and deliveries. */
    alerting;
    /** Cumulative counters per host, integrated from every stored sample, for /metrics. */
    counters = new HostCounters();
    startedMs;
    /** The bus to other hubs (--nats); null while the hub runs alone. */
    bus;
    #process = new ProcessStats();
    #samplesRate;
    #pushClients;
    #nowMs;
    #hostRemoved = [];
    #ticks = [];
    constructor({ store, log, publish, load, faults, pushClients, overviewPending, alerts = DEFAULT_ALERTS, bus, nowMs = Date.now }) {
        this.#nowMs = nowMs;
        this.store = store;
        this.#pushClients = pushClients;
        this.startedMs = nowMs();
        this.load = load;
        this.faults = faults;
        this.#samplesRate = new RateMeter(this.startedMs);
        this.registry = new HostRegistry({
            store,
            nowMs,
            events: {
                sampleStored: (sample, local) => {
                    this.counters.add(sample);
                    publish(hostTopic(sample.hostId), { type: 'sample', sample });
                    if (local)
                        this.bus?.sampleAccepted(sample);
                    this.alerting.onSample(sample);
                },
                statusChanged: (status) => {
                    log.info(status.online ? 'host online' : 'host offline', { hostId: status.hostId, runId: status.runId });
                    publish(hostTopic(status.hostId), status);
                    this.bus?.statusChanged(status);
                    this.alerting.onStatus(status.hostId, status.online);
                },
                hostChanged: (hostId) => this.overview.markChanged(hostId),
                hostRemoved: (hostId) => {
                    log.info('host forgotten', { hostId });
                    for (const hook of this.#hostRemoved)
                        hook(hostId);
                    this.processes.forget(hostId);
                    this.counters.forget(hostId);
                    this.overview.markRemoved(hostId);
                    this.alerting.onHostRemoved(hostId);
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
        this.bus = bus?.({ registry: this.registry, faults: this.faults }) ?? null;
        this.registry.restore();
        this.alerting = new Alerting({
            store,
            log,
            config: alerts,
            nowMs,
            publish: (frame) => publish(ALERTS_TOPIC, frame),
            hosts: () => this.registry.all(),
            delivers: (hostId) => this.bus?.delivers(hostId) ?? true,
            hostTags: (hostId) => this.registry.get(hostId)?.inventory.tags ?? {},
        });
    }
    /** Calls `hook` with the id of every host the registry forgets. */
    onHostRemoved(hook) {
        this.#hostRemoved.push(hook);
    }
    /** Calls `hook` at every tick, after the core's own periodic work. */
    onTick(hook) {
        this.#ticks.push(hook);
    }
    /** One of this hub's agents closed its socket. */
    agentDisconnected(hostId) {
        this.registry.disconnect(hostId);
        this.bus?.agentGone(hostId);
    }
    /** Closes a one-second interval: per-second rates and process figures now cover it; the store does its periodic work. */
    tick() {
        this.store.tick();
        this.load.tick();
        this.bus?.tick();
        this.#samplesRate.update(this.registry.samplesTotal, this.#nowMs());
        this.#process.sample();
        for (const hook of this.#ticks)
            hook();
    }
    /** The hub's load: totals as of now, rates as of the last tick. */
    stats() {
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
    /** Releases what the core holds open (the event-loop monitor, alerting's timers). */
    stop() {
        this.#process.stop();
        this.alerting.stop();
    }
}
//# sourceMappingURL=hub-core.js.map