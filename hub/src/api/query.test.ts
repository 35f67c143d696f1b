import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLES_LIMIT, MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import { isNotModified, overviewEtag, parseOverviewQuery, parseSamplesQuery, samplesEtag } from './query.js';

describe('parseSamplesQuery', () => {
  it('reads run, after and limit with defaults, capping limit', () => {
    expect(parseSamplesQuery('')).toEqual({ ok: true, value: { runId: undefined, afterSeq: 0, limit: DEFAULT_SAMPLES_LIMIT } });
    expect(parseSamplesQuery('run=abc_1&after=42&limit=10&other=x')).toEqual({ ok: true, value: { runId: 'abc_1', afterSeq: 42, limit: 10 } });
    expect(parseSamplesQuery(`limit=${MAX_SAMPLES_LIMIT + 1}`)).toMatchObject({ value: { limit: MAX_SAMPLES_LIMIT } });
  });

  it('refuses malformed and out-of-range values, naming the parameter', () => {
    for (const query of ['after=-1', 'after=1.5', 'after=', 'after=1e3', 'after=99999999999999999', 'limit=0', 'limit=ten', 'run=', 'run=a%20b', 'run=' + 'x'.repeat(65)]) {
      const result = parseSamplesQuery(query);
      expect({ query, ok: result.ok }).toEqual({ query, ok: false });
      if (!result.ok) expect(result.message).toMatch(/"(after|limit|run)"/);
    }
  });
});

describe('parseOverviewQuery', () => {
  it('reads since, absent meaning a full answer', () => {
    expect(parseOverviewQuery('')).toEqual({ ok: true, value: { since: undefined } });
    expect(parseOverviewQuery('since=0')).toEqual({ ok: true, value: { since: 0 } });
    expect(parseOverviewQuery('since=1795633200000123&x=1')).toEqual({ ok: true, value: { since: 1795633200000123 } });
  });

  it('refuses a malformed since, naming it', () => {
    for (const query of ['since=', 'since=-1', 'since=1.5', 'since=abc', 'since=99999999999999999']) {
      expect(parseOverviewQuery(query)).toMatchObject({ ok: false, message: expect.stringContaining('"since"') });
    }
  });
});

describe('ETags', () => {
  it('change with what a poll would see and with every part of the query', () => {
    expect(new Set([overviewEtag(7, undefined), overviewEtag(8, undefined), overviewEtag(7, 0), overviewEtag(7, 5)]).size).toBe(4);
    const query = { runId: 'r1', afterSeq: 2, limit: 300 };
    const etags = [
      samplesEtag('r1', 5, true, query),
      samplesEtag('r1', 6, true, query),
      samplesEtag('r2', 5, true, query),
      samplesEtag('r1', 5, false, query),
      samplesEtag('r1', 5, true, { ...query, runId: undefined }),
      samplesEtag('r1', 5, true, { ...query, afterSeq: 3 }),
      samplesEtag('r1', 5, true, { ...query, limit: 2 }),
    ];
    expect(new Set(etags).size).toBe(etags.length);
  });

  it('answer 304 only for a matching If-None-Match', () => {
    expect(isNotModified('', '"7"')).toBe(false);
    expect(isNotModified('"7"', '"7"')).toBe(true);
    expect(isNotModified('"6"', '"7"')).toBe(false);
    expect(isNotModified('"5", W/"7"', '"7"')).toBe(true);
    expect(isNotModified('*', '"7"')).toBe(true);
  });
});
