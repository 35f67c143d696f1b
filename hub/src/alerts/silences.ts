import { compileHostPatterns, silenceWindow, type Alert, type Silence } from '@hostpulse/protocol';
import type { StateStore } from '../store/state-store.js';
import { parseSaved } from './kept-list.js';

const SILENCE_PREFIX = 'silence/';
/** The boundary timer never waits longer than this, so a far-off one does not overflow setTimeout. */
const MAX_TIMER_MS = 3_600_000;

/** Where a change to the silences came from: this hub (an admin, or a silence running out here), or another hub. */
export type SilenceOrigin = 'local' | 'bus';

/** What the silences need from outside. */
export interface SilencesOptions {
  store: StateStore;
  nowMs?: () => number;
}

/** The silence over an alert, and when its window in force ends. */
export interface Silencing {
  silence: Silence;
  endsAtMs: number;
}

/** Whether a silence has ended for good: a weekly one ends only when an admin ends it. */
const hasEnded = (silence: Silence, nowMs: number): boolean => silence.repeat === undefined && silence.endsAtMs <= nowMs;

/** Whether a silence matches an alert on a host with `tags`. */
export function silenceMatches(silence: Silence, alert: Pick<Alert, 'hostId' | 'rule'>, tags: Readonly<Record<string, string>>): boolean {
  if (silence.hostIds !== undefined && !compileHostPatterns(silence.hostIds)(alert.hostId)) return false;
  if (silence.rules !== undefined && !silence.rules.includes(alert.rule)) return false;
  return silence.hostTags === undefined || Object.entries(silence.hostTags).every(([key, value]) => tags[key] === value);
}

/**
 * The hub's alert silences, in force or scheduled, saved in the store under
 * `silence/<id>` so they outlive a restart (with a data dir). A silence ends on
 * its own at `endsAtMs` (a weekly one never does), or earlier when an admin ends
 * it; an ended one is dropped. One timer runs at the next start or end of a
 * window, so the alerts' marks and held notifications follow the clock.
 */
export class Silences {
  readonly #store: StateStore;
  readonly #nowMs: () => number;
  readonly #byId = new Map<string, Silence>();
  readonly #listeners: ((id: string, silence: Silence | null, origin: SilenceOrigin) => void)[] = [];
  readonly #changeListeners: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor({ store, nowMs = Date.now }: SilencesOptions) {
    this.#store = store;
    this.#nowMs = nowMs;
    for (const [, text] of store.readState(SILENCE_PREFIX)) {
      const silence = parseSaved('Silence', text);
      if (silence) this.#byId.set(silence.id, silence);
    }
    this.#dropEnded();
    this.#arm();
  }

  /** Calls `listener` with every silence added (or replaced) and every one ended (null), and where the change came from. */
  onSet(listener: (id: string, silence: Silence | null, origin: SilenceOrigin) => void): void {
    this.#listeners.push(listener);
  }

  /** Calls `listener` whenever a silence is added or ends, or one starts or runs out: alerts may be silenced or no longer. */
  onChange(listener: () => void): void {
    this.#changeListeners.push(listener);
  }

  /** The silences in force and scheduled, the soonest end (of a weekly one, its current or next window's) first. */
  list(): Silence[] {
    const now = this.#nowMs();
    const endOf = (silence: Silence): number => silenceWindow(silence, now).endsAtMs;
    return [...this.#byId.values()].sort((a, b) => endOf(a) - endOf(b) || a.id.localeCompare(b.id));
  }

  /** The silence in force now that matches an alert (the one whose window ends last), if any. */
  silencing(alert: Pick<Alert, 'hostId' | 'rule'>, tags: Readonly<Record<string, string>>): Silencing | undefined {
    const now = this.#nowMs();
    let found: Silencing | undefined;
    for (const silence of this.#byId.values()) {
      const window = silenceWindow(silence, now);
      if (window.startsAtMs > now || window.endsAtMs <= now || !silenceMatches(silence, alert, tags)) continue;
      if (!found || window.endsAtMs > found.endsAtMs) found = { silence, endsAtMs: window.endsAtMs };
    }
    return found;
  }

  /** Adds a silence, or replaces the one with its id; one that already ended is dropped (or ends the one it replaces). */
  set(silence: Silence, origin: SilenceOrigin = 'local'): void {
    if (hasEnded(silence, this.#nowMs())) return void this.end(silence.id, origin);
    // Another hub's copy of one held already (its own write, read back) changes nothing.
    if (JSON.stringify(this.#byId.get(silence.id)) === JSON.stringify(silence)) return;
    this.#byId.set(silence.id, silence);
    this.#store.putState(SILENCE_PREFIX + silence.id, JSON.stringify(silence));
    this.#changed(silence.id, silence, origin);
  }

  /** Ends a silence now; false when there is none with that id. */
  end(id: string, origin: SilenceOrigin = 'local'): boolean {
    if (!this.#byId.delete(id)) return false;
    this.#store.deleteState(SILENCE_PREFIX + id);
    this.#changed(id, null, origin);
    return true;
  }

  /** Stops the timer. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #changed(id: string, silence: Silence | null, origin: SilenceOrigin): void {
    for (const listener of this.#listeners) listener(id, silence, origin);
    this.#arm();
    for (const listener of this.#changeListeners) listener();
  }

  /** Drops the silences that ran out; true when there were any. */
  #dropEnded(): boolean {
    const now = this.#nowMs();
    let dropped = false;
    for (const silence of [...this.#byId.values()]) {
      if (!hasEnded(silence, now)) continue;
      this.#byId.delete(silence.id);
      this.#store.deleteState(SILENCE_PREFIX + silence.id);
      for (const listener of this.#listeners) listener(silence.id, null, 'local');
      dropped = true;
    }
    return dropped;
  }

  /** Runs at the next start or end of a silence. */
  #arm(): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    const now = this.#nowMs();
    let nextMs = Number.POSITIVE_INFINITY;
    for (const silence of this.#byId.values()) {
      const window = silenceWindow(silence, now);
      nextMs = Math.min(nextMs, window.startsAtMs > now ? window.startsAtMs : window.endsAtMs);
    }
    if (nextMs === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(() => {
      this.#dropEnded();
      this.#arm();
      for (const listener of this.#changeListeners) listener();
    }, Math.min(MAX_TIMER_MS, Math.max(0, nextMs - now)));
    this.#timer.unref?.();
  }
}
