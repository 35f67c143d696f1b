import { describe, expect, it } from 'vitest';
import { compileHostPatterns } from './rule-scope.js';

/** The meaning of a pattern, spelled out: every way of letting each star take a run of characters. */
function reference(pattern: string, id: string): boolean {
  if (!pattern.includes('*')) return pattern === id;
  const star = pattern.indexOf('*');
  if (!id.startsWith(pattern.slice(0, star))) return false;
  const rest = pattern.slice(star + 1);
  for (let take = star; take <= id.length; take++) if (reference(rest, id.slice(take))) return true;
  return false;
}

describe('compileHostPatterns', () => {
  it.each([
    ['web-1', 'web-1', true],
    ['web-1', 'web-10', false],
    ['web-*', 'web-10', true],
    ['web-*', 'web-', true],
    ['web-*', 'db-1', false],
    ['*-db', 'eu-db', true],
    ['*-db', 'eu-db-2', false],
    ['*', 'anything', true],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*.eu.*', 'db.eu.1', true],
    ['*.eu.*', 'db.us.1', false],
    ['a**b', 'ab', true],
    ['*a*b*', 'xbxa', false],
    ['*ab*ab', 'abab', true],
    ['*ab*ab', 'aab', false],
  ])('%s against %s is %s', (pattern, id, expected) => {
    expect(compileHostPatterns([pattern])(id)).toBe(expected);
  });

  it('matches when any of the patterns does', () => {
    const matches = compileHostPatterns(['web-*', 'db-1']);
    expect(['web-3', 'db-1', 'db-2'].map(matches)).toEqual([true, true, false]);
    expect(compileHostPatterns([])('web-1')).toBe(false);
  });

  it('agrees with the spelled-out meaning on every short pattern and id over a small alphabet', () => {
    const words = (alphabet: string, max: number): string[] => {
      const out = [''];
      for (let len = 1; len <= max; len++) for (const w of out.filter((x) => x.length === len - 1)) for (const c of alphabet) out.push(w + c);
      return out;
    };
    const ids = words('ab-', 4);
    let compared = 0;
    for (const pattern of words('ab*', 4)) {
      const matches = compileHostPatterns([pattern]);
      for (const id of ids) {
        expect(matches(id), `${pattern} against ${id}`).toBe(reference(pattern, id));
        compared++;
      }
    }
    expect(compared).toBe(121 * 121);
  });

  it('answers a pattern of many stars against a long id of the same separator, which a backtracking matcher cannot', () => {
    const matches = compileHostPatterns([`${'*-'.repeat(40)}db`]);
    expect(matches(`a${'-'.repeat(63)}`)).toBe(false);
    expect(matches(`${'-'.repeat(40)}db`)).toBe(true);
  });
});
