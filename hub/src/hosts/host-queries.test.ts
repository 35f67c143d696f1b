import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLES_LIMIT, MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import { parseSamplesQuery } from '../api/query.js';
import { capSamplesLimit } from './host-queries.js';

describe('capSamplesLimit', () => {
  it('caps a live snapshot limit like the HTTP one', () => {
    expect([capSamplesLimit(undefined), capSamplesLimit(5), capSamplesLimit(1e9)]).toEqual([DEFAULT_SAMPLES_LIMIT, 5, MAX_SAMPLES_LIMIT]);
    expect(parseSamplesQuery(`limit=${1e9}`)).toMatchObject({ value: { limit: capSamplesLimit(1e9) } });
  });
});
