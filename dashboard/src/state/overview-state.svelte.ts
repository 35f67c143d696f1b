import type { HostStatus, HostSummary } from '@hostpulse/protocol';
import type { OverviewUpdate } from '../client/transport.js';
import { hostLabelText } from '../format/host-label.js';

/** Points in a card's sparkline: one a second for a minute. */
export const SPARKLINE_POINTS = 60;

/** One card on the overview: the host's summary and its recent CPU % for the sparkline. */
export interface HostCardData {
  summary: HostSummary;
  cpuRecent: number[];
}

/** A column the overview sorts by: the table's columns; the cards offer a few of them. */
export type SortKey = 'name' | 'status' | 'cpu' | 'mem' | 'swap' | 'load' | 'net' | 'disk' | 'fs' | 'uptime';

/** A host's figure in a numeric column; -1 without one, so hosts with no figure sort after those with. */
function figureOf(card: HostCardData, key: Exclude<SortKey, 'name' | 'status'>): number {
  const m = card.summary.metrics;
  if (!m) return -1;
  switch (key) {
    case 'cpu':
      return m.cpuPct;
    case 'mem':
      return m.memUsedPct;
    case 'swap':
      return m.swapTotalBytes > 0 ? m.swapUsedPct : -1;
    case 'load':
      return m.load1;
    case 'net':
      return m.netRxBytesPerSec + m.netTxBytesPerSec;
    case 'disk':
      return m.diskReadBytesPerSec + m.diskWriteBytesPerSec;
    case 'fs':
      return m.fullestFsUsedPct ?? -1;
    case 'uptime':
      return m.uptimeSec;
    default: {
      const never: never = key;
      return never;
    }
  }
}

/** The way a column sorts first: names A to Z, offline hosts first, figures highest first. */
export function defaultDescending(key: SortKey): boolean {
  return key !== 'name' && key !== 'status';
}

function compareCards(sortBy: SortKey, descending: boolean): (a: HostCardData, b: HostCardData) => number {
  const byName = (a: HostCardData, b: HostCardData): number => hostLabelText(a.summary).localeCompare(hostLabelText(b.summary)) || a.summary.hostId.localeCompare(b.summary.hostId);
  const sign = descending ? -1 : 1;
  if (sortBy === 'name') return (a, b) => sign * byName(a, b);
  // Ascending status puts offline (false) first.
  if (sortBy === 'status') return (a, b) => sign * (Number(a.summary.online) - Number(b.summary.online)) || byName(a, b);
  return (a, b) => sign * (figureOf(a, sortBy) - figureOf(b, sortBy)) || byName(a, b);
}

/**
 * The word for a host's state: online or offline as the hub last said, but no "online"
 * while the page has lost the hub, which can then tell nothing of the host.
 */
export function statusWord(online: boolean, isHubLost: boolean): 'online' | 'offline' | 'unknown' {
  if (!online) return 'offline';
  return isHubLost ? 'unknown' : 'online';
}

/** A host's tags as `key=value` texts, the form the tag filter and the search box use. */
export function tagTexts(summary: HostSummary): string[] {
  return Object.entries(summary.tags).map(([key, value]) => `${key}=${value}`);
}

/** Hosts shown under one heading when the overview is grouped by a tag. */
export interface HostGroup {
  /** The tag's value; null for hosts without the tag (and for the one group when not grouping). */
  value: string | null;
  cards: HostCardData[];
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
  /** Text a host's label as shown (see hostLabel) or one of its `key=value` tags must contain. */
  filter = $state('');
  /** A `key=value` tag every shown host carries; '' for all. */
  tagFilter = $state('');
  /** A tag key to group hosts by; '' for no groups. */
  groupBy = $state('');
  /** Offline hosts first (then by name) until the user picks another order: a down host is the first thing seen. */
  sortBy = $state<SortKey>('status');
  /** Direction of the sort; null is the column's own (see defaultDescending). */
  descending = $state<boolean | null>(null);

  /** Whether the current sort runs highest (or last) first. */
  isDescending = $derived(this.descending ?? defaultDescending(this.sortBy));

  /**
   * Bumped once a second by the page. Between bumps the cards keep their order while
   * their figures change, so rows sorted by a live figure move at most once a second
   * rather than with every update (unreadable, and a redraw of every row each time).
   */
  resortTick = $state(0);
  /** The order `visible` last sorted into, and what it was sorted by. */
  #order = new Map<string, number>();
  #orderedBy = '';

  /** The cards the filters let through, sorted. */
  visible = $derived.by(() => {
    const needle = this.filter.trim().toLowerCase();
    const tag = this.tagFilter;
    const shown = this.cards.filter((c) => {
      if (tag !== '' && !tagTexts(c.summary).includes(tag)) return false;
      if (needle === '') return true;
      const s = c.summary;
      return hostLabelText(s).toLowerCase().includes(needle) || tagTexts(s).some((t) => t.toLowerCase().includes(needle));
    });
    const orderedBy = `${this.sortBy} ${this.isDescending} ${needle} ${tag} ${this.resortTick}`;
    const order = this.#order;
    const keep = orderedBy === this.#orderedBy && shown.length === order.size && shown.every((c) => order.has(c.summary.hostId));
    if (keep) return shown.sort((a, b) => order.get(a.summary.hostId)! - order.get(b.summary.hostId)!);
    shown.sort(compareCards(this.sortBy, this.isDescending));
    this.#order = new Map(shown.map((c, i) => [c.summary.hostId, i]));
    this.#orderedBy = orderedBy;
    return shown;
  });

  /** The visible cards by the value of the `groupBy` tag (hosts without it last), or one group when not grouping. */
  groups = $derived.by((): HostGroup[] => {
    const key = this.groupBy;
    if (key === '') return [{ value: null, cards: this.visible }];
    const byValue = new Map<string | null, HostCardData[]>();
    for (const card of this.visible) {
      const value = Object.hasOwn(card.summary.tags, key) ? card.summary.tags[key]! : null;
      const list = byValue.get(value);
      if (list) list.push(card);
      else byValue.set(value, [card]);
    }
    return [...byValue.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
      .map(([value, cards]) => ({ value, cards }));
  });

  // Joined into one text, so the lists below (and the menus drawn from them) change only when a tag does, not per frame.
  #allTags = $derived([...new Set(this.cards.flatMap((c) => tagTexts(c.summary)))].sort().join('\n'));

  /** Every `key=value` tag some host carries, sorted, for the tag filter. */
  tagOptions = $derived(this.#allTags === '' ? [] : this.#allTags.split('\n'));

  /** Every tag key some host carries, sorted, for grouping. */
  tagKeys = $derived([...new Set(this.tagOptions.map((t) => t.slice(0, t.indexOf('='))))]);
  onlineCount = $derived(this.cards.filter((c) => c.summary.online).length);

  /** Sorts by a column: a new column starts its own way, the current one flips. */
  sort(key: SortKey): void {
    if (key === this.sortBy) {
      this.descending = !this.isDescending;
      return;
    }
    this.sortBy = key;
    this.descending = null;
  }

  /** Applies an overview frame or poll answer; returns the hosts whose metrics are new. */
  apply(update: OverviewUpdate): HostSummary[] {
    const byId = new Map(this.cards.map((c) => [c.summary.hostId, c]));
    const fresh: HostSummary[] = [];
    for (const summary of update.hosts) {
      const previous = byId.get(summary.hostId);
      const isNewMetrics = summary.metrics !== null && summary.metrics.tsMs !== previous?.summary.metrics?.tsMs;
      if (isNewMetrics) fresh.push(summary);
      if (previous && !isNewMetrics && previous.summary.online === summary.online && previous.summary.lastSeenMs === summary.lastSeenMs && previous.summary.displayName === summary.displayName) continue;
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
