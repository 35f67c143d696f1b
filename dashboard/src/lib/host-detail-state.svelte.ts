import type { Filesystem, HostInfo, HostSample, Temperature } from '@hostpulse/protocol';
import { mergeSamples, trimToWindow } from './series.js';

/** Time windows the detail view offers, in milliseconds. */
export const WINDOWS_MS = [60_000, 300_000, 900_000, 3_600_000] as const;

/**
 * The open host: its inventory, its samples within the window (a `$state.raw` array
 * replaced per update) and the slow metrics. While paused, new samples wait aside
 * and the charts hold still; resuming merges them in.
 */
export class HostDetailState {
  hostId = $state<string | null>(null);
  info = $state.raw<HostInfo | null>(null);
  samples = $state.raw<HostSample[]>([]);
  windowMs = $state<number>(WINDOWS_MS[0]);
  paused = $state(false);
  /** Latest filesystem usage: from the inventory at first, then from samples that carry it. */
  filesystems = $state.raw<Filesystem[]>([]);
  temperatures = $state.raw<Temperature[]>([]);
  /** True while the hub says it knows no host by this id. */
  unknown = $state(false);

  latest = $derived(this.samples[this.samples.length - 1]);
  #pending: HostSample[] = [];

  /** Opens a host (or none), forgetting the previous one's data. */
  open(hostId: string | null): void {
    if (hostId === this.hostId) return;
    this.hostId = hostId;
    this.info = null;
    this.samples = [];
    this.filesystems = [];
    this.temperatures = [];
    this.paused = false;
    this.unknown = false;
    this.#pending = [];
  }

  /** The hub knows no such host (yet). */
  markUnknown(hostId: string): void {
    if (hostId === this.hostId) this.unknown = true;
  }

  /** The host's inventory and slow metrics arrived. */
  applyInfo(info: HostInfo): void {
    if (info.hostId !== this.hostId) return;
    this.info = info;
    this.unknown = false;
    if (this.filesystems.length === 0) this.filesystems = info.fs;
    if (this.temperatures.length === 0) this.temperatures = info.temps;
  }

  /** New samples of a host; returns the ones drawn now (none while paused or for another host). */
  applySamples(hostId: string, incoming: HostSample[]): HostSample[] {
    if (hostId !== this.hostId) return [];
    for (const s of incoming) {
      if (s.fs !== undefined) this.filesystems = s.fs;
      if (s.temps !== undefined) this.temperatures = s.temps;
    }
    if (this.paused) {
      // Trimmed like the series itself, so a long pause holds at most one window aside.
      this.#pending = mergeSamples(this.#pending, incoming, this.windowMs);
      return [];
    }
    this.samples = mergeSamples(this.samples, incoming, this.windowMs);
    return incoming;
  }

  /** Pauses or resumes the charts. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused && this.#pending.length > 0) {
      this.samples = mergeSamples(this.samples, this.#pending, this.windowMs);
      this.#pending = [];
    }
  }

  /** Changes the window; returns true when it grew, so a longer history must be asked for. */
  setWindow(windowMs: number): boolean {
    const grew = windowMs > this.windowMs;
    this.windowMs = windowMs;
    if (!grew) this.samples = trimToWindow(this.samples, windowMs);
    return grew;
  }
}
