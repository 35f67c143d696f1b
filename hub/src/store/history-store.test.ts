import { describe, expect, it } from 'vitest';
import { HistoryStore } from './history-store.js';

describe('HistoryStore state', () => {
  it('answers what this run saved and deleted, by prefix and in key order, with memory only', () => {
    const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
    store.putState('alert/b', '2');
    store.putState('alert/a', '1');
    store.putState('token/x', '"t"');
    store.putState('alert/b', '3');
    store.deleteState('alert/a');
    expect(store.readState('alert/')).toEqual([['alert/b', '3']]);
    expect(store.readState('token/')).toEqual([['token/x', '"t"']]);
    expect(store.readState('none/')).toEqual([]);
  });
});
