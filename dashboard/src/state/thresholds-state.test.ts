import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidThresholds, Thresholds } from './thresholds-state.svelte.js';

/** A Storage held in a map, standing in for the browser's. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('Thresholds', () => {
  it('colours at 80 % and 95 % by default', () => {
    const t = new Thresholds();
    expect([79.9, 80, 94.9, 95, 100].map((v) => t.levelOf(v))).toEqual(['ok', 'warn', 'warn', 'crit', 'crit']);
    expect(t.levelOf(undefined)).toBe('ok');
  });

  it('takes a new pair, keeps it in the browser, and refuses a pair that is not warn < crit <= 100', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const t = new Thresholds();
    expect(t.set(60, 90)).toBe(true);
    expect(t.levelOf(70)).toBe('warn');
    expect(t.set(90, 60)).toBe(false);
    expect(t.set(50, 101)).toBe(false);
    expect([t.warnPct, t.critPct]).toEqual([60, 90]);
    expect([new Thresholds().warnPct, new Thresholds().critPct]).toEqual([60, 90]);
  });

  it('ignores saved thresholds it cannot use', () => {
    const store = memoryStorage();
    vi.stubGlobal('localStorage', store);
    store.setItem('hostpulse.thresholds', '{"warnPct":99,"critPct":10}');
    expect(new Thresholds().warnPct).toBe(80);
    store.setItem('hostpulse.thresholds', 'not json');
    expect(new Thresholds().critPct).toBe(95);
    expect(isValidThresholds(0, 50)).toBe(false);
  });
});
