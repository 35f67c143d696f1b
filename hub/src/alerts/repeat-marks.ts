import type { StateStore } from '../store/state-store.js';

/** State key prefix of when a firing alert was last told (its firing or a repeat), and how many repeats went: `{lastMs, count}`. */
const PREFIX = 'alert-repeat/';

/** When an alert was last told, and how many repeats went. */
export interface RepeatMark {
  lastMs: number;
  count: number;
}

function parseMark(text: string): RepeatMark | undefined {
  try {
    const value = JSON.parse(text) as RepeatMark;
    return Number.isFinite(value.lastMs) && Number.isInteger(value.count) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** When each firing alert a hub delivered was last told, kept in the store so repeats keep their pace across a restart. */
export class RepeatMarks {
  readonly #store: StateStore;
  readonly #marks: Map<string, RepeatMark>;

  /** Loads the marks a previous run saved. */
  constructor(store: StateStore) {
    this.#store = store;
    this.#marks = new Map(store.readState(PREFIX).flatMap(([key, text]) => {
      const mark = parseMark(text);
      return mark ? [[key.slice(PREFIX.length), mark] as const] : [];
    }));
  }

  /** The alert's mark, if one was saved. */
  get(id: string): RepeatMark | undefined {
    return this.#marks.get(id);
  }

  /** The alert was told at `lastMs`, after `count` repeats. */
  set(id: string, mark: RepeatMark): void {
    this.#marks.set(id, mark);
    this.#store.putState(PREFIX + id, JSON.stringify(mark));
  }

  /** The alert no longer fires: nothing more to repeat. */
  delete(id: string): void {
    if (this.#marks.delete(id)) this.#store.deleteState(PREFIX + id);
  }
}
