/** How long alert events are kept unless --alert-history says otherwise: 30 days. */
export const DEFAULT_ALERT_HISTORY_MS = 30 * 86_400_000;

/**
 * Alert events on disk, a row each as JSON text, by a growing id: HistoryStore with
 * a data dir (the disk worker writes them and prunes them by age); without one it
 * keeps none and says so (`isPersistent`).
 */
export interface AlertEventStore {
  /** Whether events outlive the process (the hub has a data dir). */
  readonly isPersistent: boolean;
  /** Saves one event; it reaches disk with the next commit. */
  putAlertEvent(id: number, tsMs: number, hostId: string, event: string): void;
  /** Up to `limit` committed events with ids below `beforeId`, of one host or all, newest first. */
  alertEvents(hostId: string | undefined, beforeId: number, limit: number): string[];
  /** The highest event id on disk, 0 for none. */
  lastAlertEventId(): number;
}
