import type { CpuTimes, Sample } from '@hostpulse/protocol';

/** The CPU modes a sample reports, as Prometheus `mode` labels. */
export const CPU_MODES = ['user', 'system', 'iowait', 'steal', 'idle'] as const;

/** One CPU mode. */
export type CpuMode = (typeof CPU_MODES)[number];

/** Seconds spent in each CPU mode. */
export type CpuSeconds = Record<CpuMode, number>;

/** Cumulative totals of one network interface. */
export interface NetTotals {
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  rxErrors: number;
  txErrors: number;
  /** Dropped packets; undefined while the interface's samples do not carry them (older agents). */
  rxDropped: number | undefined;
  txDropped: number | undefined;
}

/** Cumulative totals of one block device. */
export interface DiskTotals {
  readBytes: number;
  writtenBytes: number;
  reads: number;
  writes: number;
  /** Seconds the device was busy. */
  ioSeconds: number;
}

/** A host's counters for its current run: what it did since the hub saw the run start. */
export interface HostCounterValues {
  runId: string;
  /** All cores together: a 4-core host adds up to 4 seconds a second. */
  cpu: CpuSeconds;
  /** One entry per core, in the sample's order. */
  cores: CpuSeconds[];
  /** By interface name; only those in the newest sample. */
  net: Map<string, NetTotals>;
  /** By device name; only those in the newest sample. */
  disk: Map<string, DiskTotals>;
}

interface HostState extends HostCounterValues {
  lastSeq: number;
  lastTsMs: number;
}

const zeroCpu = (): CpuSeconds => ({ user: 0, system: 0, iowait: 0, steal: 0, idle: 0 });

function addCpu(into: CpuSeconds, times: CpuTimes, seconds: number): void {
  for (const mode of CPU_MODES) into[mode] += (times[`${mode}Pct`] / 100) * seconds;
}

/** Keeps only the names present now, adding a zeroed entry for a new one. */
function entriesFor<T>(map: Map<string, T>, names: readonly string[], zero: () => T): Map<string, T> {
  const next = new Map<string, T>();
  for (const name of names) next.set(name, map.get(name) ?? zero());
  return next;
}

/**
 * Cumulative counters per host, integrated from the agent's per-interval rates:
 * CPU seconds by mode (all cores and per core), network bytes, packets, errors and drops,
 * disk bytes, operations and busy seconds. Each stored sample adds its rates times
 * the time it covers: the gap since the run's previous seq, or its interval when
 * that seq is missing (a late or replayed sample). A new run starts every counter
 * at zero again, which Prometheus reads as a counter reset. An interface or device
 * absent from the newest sample is dropped (back, it starts at zero), so the state
 * stays as small as the host.
 */
export class HostCounters {
  readonly #hosts = new Map<string, HostState>();

  /** Adds one stored sample of a host. */
  add(sample: Sample): void {
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
    state.net = entriesFor(state.net, sample.net.map((n) => n.name), () => ({ rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rxErrors: 0, txErrors: 0, rxDropped: undefined, txDropped: undefined }));
    for (const n of sample.net) {
      const t = state.net.get(n.name)!;
      t.rxBytes += n.rxBytesPerSec * seconds;
      t.txBytes += n.txBytesPerSec * seconds;
      t.rxPackets += n.rxPacketsPerSec * seconds;
      t.txPackets += n.txPacketsPerSec * seconds;
      t.rxErrors += n.rxErrorsPerSec * seconds;
      t.txErrors += n.txErrorsPerSec * seconds;
      if (n.rxDroppedPerSec !== undefined) t.rxDropped = (t.rxDropped ?? 0) + n.rxDroppedPerSec * seconds;
      if (n.txDroppedPerSec !== undefined) t.txDropped = (t.txDropped ?? 0) + n.txDroppedPerSec * seconds;
    }
    state.disk = entriesFor(state.disk, sample.disk.map((d) => d.name), () => ({ readBytes: 0, writtenBytes: 0, reads: 0, writes: 0, ioSeconds: 0 }));
    for (const d of sample.disk) {
      const t = state.disk.get(d.name)!;
      t.readBytes += d.readBytesPerSec * seconds;
      t.writtenBytes += d.writeBytesPerSec * seconds;
      t.reads += d.readOpsPerSec * seconds;
      t.writes += d.writeOpsPerSec * seconds;
      t.ioSeconds += (d.busyPct / 100) * seconds;
    }
  }

  /** The counters of a host's current run, or undefined before its first sample. */
  of(hostId: string): HostCounterValues | undefined {
    return this.#hosts.get(hostId);
  }

  /** Drops a host the registry forgot. */
  forget(hostId: string): void {
    this.#hosts.delete(hostId);
  }
}
