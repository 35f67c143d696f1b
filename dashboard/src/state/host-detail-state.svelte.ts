import { sampleChartValues, type Filesystem, type HostInfo, type HostSample, type SeriesResponse, type Temperature } from '@hostpulse/protocol';
import { DEFAULT_WINDOW_MS, isSameRange, type TimeRange } from '../routing/url-state.js';
import { foldSamples, seriesFromResponse, type WindowSeries } from '../charts/window-series.js';

/** Interval assumed before the host's inventory names the real one. */
const ASSUMED_INTERVAL_MS = 1000;

/**
 * The live samples received since the window opened: how many, the first and last
 * seq, and how many agent runs they came from. The page shows them as data
 * attributes, so a test can tell that a transport swap lost or repeated none.
 */
export interface LiveTally {
  count: number;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  runs: number;
}

/** A fixed range being looked at (a zoom, or the live window paused); `series` is null until the hub answers. */
export interface HeldView {
  range: TimeRange;
  series: WindowSeries | null;
  /** Why the hub's answer did not come, or ''. */
  error: string;
}

const NO_TALLY: LiveTally = { count: 0, firstSeq: undefined, lastSeq: undefined, runs: 0 };

/**
 * The open host: its inventory, its live window (the hub's buckets with every live
 * sample folded in, a `$state.raw` value replaced per update) and the slow metrics.
 * A held view (zoom or pause) shows a fixed range while the live window keeps
 * following in the background, so "back to live" is instant.
 */
export class HostDetailState {
  hostId = $state<string | null>(null);
  info = $state.raw<HostInfo | null>(null);
  windowMs = $state(DEFAULT_WINDOW_MS);
  /** The live window; null until the hub's first answer. */
  live = $state.raw<WindowSeries | null>(null);
  /** True from a window change until the hub's answer for the new window arrives. */
  loading = $state(false);
  held = $state.raw<HeldView | null>(null);
  /** The newest live sample, for the figures beside the charts. */
  latest = $state.raw<HostSample | undefined>(undefined);
  tally = $state.raw<LiveTally>(NO_TALLY);
  /** Latest filesystem usage: from the inventory at first, then from samples that carry it. */
  filesystems = $state.raw<Filesystem[]>([]);
  temperatures = $state.raw<Temperature[]>([]);
  /** True while the hub says it knows no host by this id. */
  unknown = $state(false);

  intervalMs = $derived(this.info?.intervalMs ?? ASSUMED_INTERVAL_MS);
  /** What the charts draw: the held range's answer, the live window meanwhile and otherwise. */
  shown = $derived(this.held?.series ?? this.live);
  /** The time axis the charts span. */
  range = $derived<TimeRange | null>(this.held ? this.held.range : this.live ? { fromMs: this.live.fromMs, toMs: this.live.toMs } : null);
  /** The newest sample's chart line values (CPU busy and the rest), computed as the hub computes them. */
  latestValues = $derived(this.latest ? sampleChartValues(this.latest) : undefined);
  #runIds = new Set<string>();

  /** Opens a host (or none) in a window, forgetting the previous one's data. */
  open(hostId: string | null, windowMs: number = this.windowMs): void {
    if (hostId === this.hostId) return;
    this.hostId = hostId;
    this.windowMs = windowMs;
    this.info = null;
    this.live = null;
    this.loading = hostId !== null;
    this.held = null;
    this.latest = undefined;
    this.filesystems = [];
    this.temperatures = [];
    this.unknown = false;
    this.#resetTally();
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

  /** Changes the live window; returns whether it changed, so the new one must be loaded. */
  setWindow(windowMs: number): boolean {
    if (windowMs === this.windowMs) return false;
    this.windowMs = windowMs;
    this.loading = true;
    return true;
  }

  /** The hub's answer for the live window: it replaces the window, and the live tally starts again. */
  applySeries(hostId: string, series: SeriesResponse): void {
    if (hostId !== this.hostId) return;
    this.live = seriesFromResponse(series, this.intervalMs);
    this.loading = false;
    this.#resetTally();
  }

  /** New live samples of a host; returns the ones drawn now (none while a range is held, or before the window came). */
  applySamples(hostId: string, incoming: readonly HostSample[]): readonly HostSample[] {
    if (hostId !== this.hostId || incoming.length === 0) return [];
    for (const s of incoming) {
      if (s.fs !== undefined) this.filesystems = s.fs;
      if (s.temps !== undefined) this.temperatures = s.temps;
      this.#runIds.add(s.runId);
    }
    const last = incoming[incoming.length - 1]!;
    if (this.latest === undefined || last.tsMs >= this.latest.tsMs) this.latest = last;
    this.tally = {
      count: this.tally.count + incoming.length,
      firstSeq: this.tally.firstSeq ?? incoming[0]!.seq,
      lastSeq: last.seq,
      runs: this.#runIds.size,
    };
    if (this.live === null) return [];
    this.live = foldSamples(this.live, incoming, this.windowMs);
    return this.held ? [] : incoming;
  }

  /** Holds a fixed range still; with a series (a pause) it is drawn at once, else when `applyHeld` brings it. */
  hold(range: TimeRange, series: WindowSeries | null = null): void {
    this.held = { range, series, error: '' };
  }

  /** The hub's answer for the held range; ignored when another range is held by now. */
  applyHeld(range: TimeRange, series: SeriesResponse): void {
    if (this.held && isSameRange(this.held.range, range)) this.held = { range, series: seriesFromResponse(series, this.intervalMs), error: '' };
  }

  /** The held range could not be loaded. */
  failHeld(range: TimeRange, message: string): void {
    if (this.held && isSameRange(this.held.range, range)) this.held = { ...this.held, error: message };
  }

  /** Back to the live window. */
  release(): void {
    this.held = null;
  }

  #resetTally(): void {
    this.#runIds = new Set();
    this.tally = NO_TALLY;
  }
}
