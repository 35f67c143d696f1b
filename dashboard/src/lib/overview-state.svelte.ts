import type { HostStatus, HostSummary } from '@hostpulse/protocol';
import type { OverviewUpdate } from './transport.js';

/** Points in a card's sparkline: one a second for a minute. */
export const SPARKLINE_POINTS = 60;

/** One card on the overview: the host's summary and its recent CPU % for the sparkline. */
export interface HostCardData {
  summary: HostSummary;
  cpuRecent: number[];
}

/** How the overview orders its cards. */
export type SortKey = 'name' | 'cpu' | 'mem' | 'status';

function compareCards(sortBy: SortKey): (a: HostCardData, b: HostCardData) => number {
  const byName = (a: HostCardData, b: HostCardData): number => a.summary.hostname.localeCompare(b.summary.hostname) || a.summary.hostId.localeCompare(b.summary.hostId);
  switch (sortBy) {
    case 'name':
      return byName;
    case 'cpu':
      return (a, b) => (b.summary.metrics?.cpuPct ?? -1) - (a.summary.metrics?.cpuPct ?? -1) || byName(a, b);
    case 'mem':
      return (a, b) => (b.summary.metrics?.memUsedPct ?? -1) - (a.summary.metrics?.memUsedPct ?? -1) || byName(a, b);
    case 'status':
      return (a, b) => Number(a.summary.online) - Number(b.summary.online) || byName(a, b);
    default: {
      const never: never = sortBy;
      return never;
    }
  }
}

/**
 * Every host the hub knows, as cards. Full updates replace a host's card (with its
 * sparkline history when sent); deltas extend the sparkline by the new CPU figure
 * and drop the hosts the hub forgot (deleted, or offline past the longest retention).
 * A card object is replaced only when its host changed, so unchanged cards do not redraw.
 */
export class OverviewState {
  /** Every card, in the hub's order. */
  cards = $state.raw<HostCardData[]>([]);
  /** True once the first overview arrived, so "no hosts" is not shown while loading. */
  loaded = $state(false);
  filter = $state('');
  sortBy = $state<SortKey>('name');

  /** The cards the filter lets through, sorted. */
  visible = $derived.by(() => {
    const needle = this.filter.trim().toLowerCase();
    const shown = needle === '' ? this.cards : this.cards.filter((c) => c.summary.hostname.toLowerCase().includes(needle) || c.summary.hostId.toLowerCase().includes(needle));
    return [...shown].sort(compareCards(this.sortBy));
  });
  onlineCount = $derived(this.cards.filter((c) => c.summary.online).length);

  /** Applies an overview frame or poll answer; returns the hosts whose metrics are new. */
  apply(update: OverviewUpdate): HostSummary[] {
    const byId = new Map(this.cards.map((c) => [c.summary.hostId, c]));
    const fresh: HostSummary[] = [];
    for (const summary of update.hosts) {
      const previous = byId.get(summary.hostId);
      const isNewMetrics = summary.metrics !== null && summary.metrics.tsMs !== previous?.summary.metrics?.tsMs;
      if (isNewMetrics) fresh.push(summary);
      if (previous && !isNewMetrics && previous.summary.online === summary.online && previous.summary.lastSeenMs === summary.lastSeenMs) continue;
      byId.set(summary.hostId, { summary, cpuRecent: nextSparkline(previous, summary, isNewMetrics) });
    }
    if (update.full) {
      const present = new Set(update.hosts.map((h) => h.hostId));
      for (const id of byId.keys()) if (!present.has(id)) byId.delete(id);
    }
    for (const id of update.removed) byId.delete(id);
    this.cards = [...byId.values()];
    this.loaded = true;
    return fresh;
  }

  /** A host went offline or came back. */
  applyStatus(status: Omit<HostStatus, 'type'>): void {
    this.cards = this.cards.map((c) =>
      c.summary.hostId === status.hostId ? { ...c, summary: { ...c.summary, online: status.online, lastSeenMs: status.lastSeenMs, runId: status.runId } } : c,
    );
  }

  /** Drops a host's card: the hub forgot the host. */
  remove(hostId: string): void {
    this.cards = this.cards.filter((c) => c.summary.hostId !== hostId);
  }

  /** The card of one host, if the hub knows it. */
  find(hostId: string): HostCardData | undefined {
    return this.cards.find((c) => c.summary.hostId === hostId);
  }
}

function nextSparkline(previous: HostCardData | undefined, summary: HostSummary, isNewMetrics: boolean): number[] {
  if (summary.cpuPctRecent !== undefined) return summary.cpuPctRecent.slice(-SPARKLINE_POINTS);
  const recent = previous?.cpuRecent ?? [];
  if (!isNewMetrics || summary.metrics === null) return recent;
  return [...recent, summary.metrics.cpuPct].slice(-SPARKLINE_POINTS);
}
