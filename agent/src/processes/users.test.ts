import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePasswd, UserNames } from './users.js';

const passwd = fileURLToPath(new URL('../../fixtures/passwd.txt', import.meta.url));

describe('user names', () => {
  it('parsePasswd maps uids to names', () => {
    const names = parsePasswd(readFileSync(passwd, 'utf8'));
    expect(names.get(0)).toBe('root');
    expect(names.get(33)).toBe('www-data');
    expect(names.get(1000)).toBe('alice');
  });

  it('shows a uid the file does not name as its number, and reads the file again only after a minute', () => {
    let now = 0;
    const users = new UserNames(passwd, () => now);
    expect(users.nameOf(1000)).toBe('alice');
    expect(users.nameOf(4242)).toBe('4242');
    expect(users.nameOf(0)).toBe('root');
    const missing = new UserNames('/nonexistent/passwd', () => now);
    expect(missing.nameOf(0)).toBe('0');
    now += 60_000;
    expect(missing.nameOf(0)).toBe('0');
  });
});
