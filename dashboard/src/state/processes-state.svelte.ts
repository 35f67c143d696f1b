import type { HostProcessTable, ProcessGroup, ProcessRow } from '@hostpulse/protocol';

/** Columns the processes table sorts by. */
export type ProcessSortKey = 'cpu' | 'mem' | 'name';

/** The two views of a host's processes. */
export type ProcessTab = 'processes' | 'groups';

/** Sorts by a column; numbers start highest first and names A to Z, until the column is chosen again. */
function compareBy(key: ProcessSortKey, descending: boolean): (a: ProcessRow | ProcessGroup, b: ProcessRow | ProcessGroup) => number {
  const sign = descending ? -1 : 1;
  return (a, b) => {
    const byName = a.name.localeCompare(b.name);
    if (key === 'name') return sign * byName || a.cpuPct - b.cpuPct;
    const delta = key === 'cpu' ? a.cpuPct - b.cpuPct || a.rssBytes - b.rssBytes : a.rssBytes - b.rssBytes || a.cpuPct - b.cpuPct;
    return sign * delta || byName;
  };
}

/** Whether a process row matches a filter's words: every word in its name, command, user, pid or group. */
function rowMatches(row: ProcessRow, words: string[]): boolean {
  const text = `${row.name} ${row.command} ${row.user} ${row.pid} ${row.groupId}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/**
 * The open host's latest top-processes table, as the hub pushes it (or a poll
 * fetches it) every few seconds, with the table's sort, filter and tab. A table of
 * another host is ignored, so a late answer never shows on the wrong page.
 */
export class ProcessesState {
  hostId = $state<string | null>(null);
  table = $state.raw<HostProcessTable | null>(null);
  tab = $state<ProcessTab>('processes');
  sortBy = $state<ProcessSortKey>('cpu');
  descending = $state(true);
  filter = $state('');

  /** The processes the filter lets through, sorted. */
  rows = $derived.by(() => {
    const words = this.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const rows = this.table?.processes ?? [];
    return (words.length ? rows.filter((r) => rowMatches(r, words)) : [...rows]).sort(compareBy(this.sortBy, this.descending));
  });

  /** The groups the filter lets through (by name, kind or cgroup path), sorted like the rows. */
  groups = $derived.by(() => {
    const words = this.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const groups = this.table?.groups ?? [];
    const shown = words.length ? groups.filter((g) => words.every((w) => `${g.name} ${g.kind} ${g.cgroup} ${g.runtime ?? ''}`.toLowerCase().includes(w))) : [...groups];
    return shown.sort(compareBy(this.sortBy, this.descending));
  });

  /** Group names by id, for the group column of the processes tab. */
  groupNames = $derived(new Map((this.table?.groups ?? []).map((g) => [g.id, g.name])));

  /** Opens a host (or none), forgetting the previous one's table; the sort, filter and tab stay. */
  open(hostId: string | null): void {
    if (hostId === this.hostId) return;
    this.hostId = hostId;
    this.table = null;
  }

  /** A table arrived; kept when it is the open host's and newer than the one shown. */
  apply(table: HostProcessTable): void {
    if (table.hostId !== this.hostId) return;
    const shown = this.table;
    if (shown && shown.runId === table.runId && shown.tsMs >= table.tsMs) return;
    this.table = table;
  }

  /** Sorts by a column; choosing the current one again flips the direction. */
  sort(key: ProcessSortKey): void {
    if (this.sortBy === key) {
      this.descending = !this.descending;
      return;
    }
    this.sortBy = key;
    this.descending = key !== 'name';
  }
}
