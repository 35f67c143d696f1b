import type { HostSummary, OverviewFrame } from '@hostpulse/protocol';

/** Reads a host's overview line; `withRecent` adds its CPU sparkline. */
export type SummaryOf = (hostId: string, withRecent: boolean) => HostSummary | undefined;

/** What an overview coalescer needs from outside. */
export interface OverviewOptions {
  summaryOf: SummaryOf;
  hostIds: () => Iterable<string>;
  /** The version before the first change; see HubCore for why it is not 0. */
  firstVersion?: number;
  /** Called when a change arrives while none is pending: the wiring arms its coalescing timer. */
  onPending?: () => void;
}

/** A poll's `since`: the hosts changed and removed after it, or everything when the hub cannot tell. */
export type SinceAnswer = { kind: 'full' } | { kind: 'delta'; hostIds: string[]; removed: string[] } | { kind: 'future' };

/**
 * Coalesces host changes into overview frames: however many samples arrive
 * within one window, each changed host appears once in the window's frame, with
 * its latest state. `version` grows with every change and is the /api/overview
 * ETag; each host's last-changed version lets a poll ask for what changed since.
 */
export class OverviewCoalescer {
  readonly #firstVersion: number;
  #version: number;
  readonly #changed = new Set<string>();
  readonly #changedAt = new Map<string, number>();
  /** Hosts forgotten, with the version of their removal (a host that comes back leaves this map). */
  readonly #removedAt = new Map<string, number>();
  readonly #removed = new Set<string>();
  readonly #summaryOf: SummaryOf;
  readonly #hostIds: () => Iterable<string>;
  readonly #onPending: () => void;

  constructor({ summaryOf, hostIds, firstVersion = 0, onPending = () => {} }: OverviewOptions) {
    this.#summaryOf = summaryOf;
    this.#hostIds = hostIds;
    this.#firstVersion = firstVersion;
    this.#version = firstVersion;
    this.#onPending = onPending;
  }

  /** Current version; changes whenever any host's overview line does. */
  get version(): number {
    return this.#version;
  }

  /** Whether a change waits for the next frame. */
  get pending(): boolean {
    return !this.#isEmpty();
  }

  /** Whether a change waits for the next frame. */
  #isEmpty(): boolean {
    return this.#changed.size === 0 && this.#removed.size === 0;
  }

  /** Notes that a host's line changed. */
  markChanged(hostId: string): void {
    const first = this.#isEmpty();
    this.#version++;
    this.#changedAt.set(hostId, this.#version);
    this.#removedAt.delete(hostId);
    this.#removed.delete(hostId);
    this.#changed.add(hostId);
    if (first) this.#onPending();
  }

  /** Notes that the hub forgot a host: the next frame lists it as removed. */
  markRemoved(hostId: string): void {
    const first = this.#isEmpty();
    this.#version++;
    this.#changedAt.delete(hostId);
    this.#changed.delete(hostId);
    this.#removedAt.set(hostId, this.#version);
    this.#removed.add(hostId);
    if (first) this.#onPending();
  }

  /** Every host with its sparkline: a new subscriber's first frame and GET /api/overview. */
  fullFrame(hubTimeMs: number): OverviewFrame {
    return { type: 'overview', full: true, version: this.#version, hubTimeMs, hosts: this.#summaries(this.#hostIds(), true) };
  }

  /** The changed hosts as one frame, or null when nothing changed (so nothing is published). */
  flush(hubTimeMs: number): OverviewFrame | null {
    if (this.#isEmpty()) return null;
    const hosts = this.#summaries(this.#changed, false);
    const frame: OverviewFrame = { type: 'overview', full: false, version: this.#version, hubTimeMs, hosts };
    if (this.#removed.size > 0) frame.removed = [...this.#removed];
    this.#changed.clear();
    this.#removed.clear();
    return frame;
  }

  /**
   * Which hosts a poll holding `since` lacks. A since from before this hub's first
   * version (another hub process) gets everything; one beyond the current version
   * was never handed out.
   */
  changedSince(since: number): SinceAnswer {
    if (since > this.#version) return { kind: 'future' };
    if (since < this.#firstVersion) return { kind: 'full' };
    const hostIds: string[] = [];
    for (const [hostId, version] of this.#changedAt) if (version > since) hostIds.push(hostId);
    const removed: string[] = [];
    for (const [hostId, version] of this.#removedAt) if (version > since) removed.push(hostId);
    return { kind: 'delta', hostIds, removed };
  }

  /** Summaries of these hosts without sparklines, for a poll delta. */
  summaries(hostIds: Iterable<string>): HostSummary[] {
    return this.#summaries(hostIds, false);
  }

  #summaries(hostIds: Iterable<string>, withRecent: boolean): HostSummary[] {
    const hosts: HostSummary[] = [];
    for (const hostId of hostIds) {
      const summary = this.#summaryOf(hostId, withRecent);
      if (summary) hosts.push(summary);
    }
    return hosts;
  }
}
