/** The CPU modes a sample reports, as Prometheus `mode` labels. */
export const CPU_MODES = ['user', 'system', 'iowait', 'steal', 'idle'];
const zeroCpu = () => ({ user: 0, system: 0, iowait: 0, steal: 0, idle: 0 });
function addCpu(into, times, seconds) {
    for (const mode of CPU_MODES)
        into[mode] += (times[`${mode}Pct`] / 100) * seconds;
}
/** Keeps only the names present now, adding a zeroed entry for a new one. */
function entriesFor(map, names, zero) {
    const next = new Map();
    for (const name of names)
        next.set(name, map.get(name) ?? zero());
    return next;
}
/**
 * Cumulative counters per host, integrated from the agent's per-interval rates:
 * CPU seconds by mode (all cores and per core), network bytes, packets and errors,
 * disk bytes, operations and busy seconds. Each stored sample adds its rates times
 * the time it covers: the gap since the run's previous seq, or its interval when
 * that seq is missing (a late or replayed sample). A new run starts every counter
 * at zero again, which Prometheus reads as a counter reset. An interface or device
 * absent from the newest sample is dropped (back, it starts at zero), so the state
 * stays as small as the host.
 */
export class HostCounters {
    #hosts = new Map();
    /** Adds one stored sample of a host. */
    add(sample) {
        let state = this.#hosts.get(sample.hostId);
        if (!state || state.runId !== sample.runId) {
            state = { runId: sample.runId, lastSeq: 0, lastTsMs: 0, cpu: zeroCpu(), cores: [], net: new Map(), disk: new Map() };
            this.#hosts.set(sample.hostId, state);
        }
        const follows = state.lastSeq > 0 && sample.seq === state.lastSeq + 1 && sample.tsMs > state.lastTsMs;
        const seconds = (follows ? sample.tsMs - state.lastTsMs : sample.intervalMs) / 1000;
        if (sample.seq > state.lastSeq) {
            state.lastSeq = sample.seq;
            state.lastTsMs = sample.tsMs;
        }
        addCpu(state.cpu, sample.cpu.total, seconds * Math.max(1, sample.cpu.cores.length));
        state.cores = sample.cpu.cores.map((times, i) => {
            const core = state.cores[i] ?? zeroCpu();
            addCpu(core, times, seconds);
            return core;
        });
        state.net = entriesFor(state.net, sample.net.map((n) => n.name), () => ({ rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rxErrors: 0, txErrors: 0 }));
        for (const n of sample.net) {
            const t = state.net.get(n.name);
            t.rxBytes += n.rxBytesPerSec * seconds;
            t.txBytes += n.txBytesPerSec * seconds;
            t.rxPackets += n.rxPacketsPerSec * seconds;
            t.txPackets += n.txPacketsPerSec * seconds;
            t.rxErrors += n.rxErrorsPerSec * seconds;
            t.txErrors += n.txErrorsPerSec * seconds;
        }
        state.disk = entriesFor(state.disk, sample.disk.map((d) => d.name), () => ({ readBytes: 0, writtenBytes: 0, reads: 0, writes: 0, ioSeconds: 0 }));
        for (const d of sample.disk) {
            const t = state.disk.get(d.name);
            t.readBytes += d.readBytesPerSec * seconds;
            t.writtenBytes += d.writeBytesPerSec * seconds;
            t.reads += d.readOpsPerSec * seconds;
            t.writes += d.writeOpsPerSec * seconds;
            t.ioSeconds += (d.busyPct / 100) * seconds;
        }
    }
    /** The counters of a host's current run, or undefined before its first sample. */
    of(hostId) {
        return this.#hosts.get(hostId);
    }
    /** Drops a host the registry forgot. */
    forget(hostId) {
        this.#hosts.delete(hostId);
    }
}
//# sourceMappingURL=host-counters.js.map