/** How a figure stands against the thresholds. */
export type Level = 'ok' | 'warn' | 'crit';

/** Where the page keeps the thresholds a user set, so they survive a reload. */
const STORAGE_KEY = 'hostpulse.thresholds';

/** Thresholds a page starts with: warn at 80 %, critical at 95 %. */
export const DEFAULT_THRESHOLDS = { warnPct: 80, critPct: 95 } as const;

/** Whether warn and crit make a usable pair: 1 <= warn < crit <= 100. */
export function isValidThresholds(warnPct: number, critPct: number): boolean {
  return Number.isFinite(warnPct) && Number.isFinite(critPct) && warnPct >= 1 && warnPct < critPct && critPct <= 100;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // A sandboxed page may refuse storage altogether; thresholds then last as long as the page.
    return undefined;
  }
}

/**
 * The warn and critical percentages that colour CPU, memory, swap and filesystem
 * figures on cards and rows; the user changes them in the page and the browser
 * keeps them.
 */
export class Thresholds {
  warnPct = $state<number>(DEFAULT_THRESHOLDS.warnPct);
  critPct = $state<number>(DEFAULT_THRESHOLDS.critPct);

  constructor() {
    try {
      const saved = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? 'null') as { warnPct?: unknown; critPct?: unknown } | null;
      if (saved && typeof saved.warnPct === 'number' && typeof saved.critPct === 'number' && isValidThresholds(saved.warnPct, saved.critPct)) {
        this.warnPct = saved.warnPct;
        this.critPct = saved.critPct;
      }
    } catch {
      // Unreadable saved thresholds: the defaults stand.
    }
  }

  /** The level of a percentage; undefined (no figure yet) is ok. */
  levelOf(pct: number | undefined): Level {
    if (pct === undefined) return 'ok';
    return pct >= this.critPct ? 'crit' : pct >= this.warnPct ? 'warn' : 'ok';
  }

  /** Sets both thresholds and keeps them; false (and nothing changed) when they are not a usable pair. */
  set(warnPct: number, critPct: number): boolean {
    if (!isValidThresholds(warnPct, critPct)) return false;
    this.warnPct = warnPct;
    this.critPct = critPct;
    storage()?.setItem(STORAGE_KEY, JSON.stringify({ warnPct, critPct }));
    return true;
  }
}
