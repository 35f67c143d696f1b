import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@hostpulse/common';
import { parseAgentTokens, readAgentTokensFile } from './agent-tokens-file.js';

describe('parseAgentTokens', () => {
  it('reads "host-id token" lines, skipping blanks and # comments', () => {
    const text = '# per-host tokens\n\nweb-1  tok-web\n\tdb-1\ttok-db   \r\n  # db-2 retired\n';
    expect(parseAgentTokens(text, 'F')).toEqual([
      { hostId: 'web-1', token: 'tok-web' },
      { hostId: 'db-1', token: 'tok-db' },
    ]);
  });

  it('names the source and line of a bad line, never the token', () => {
    const cases: [string, RegExp][] = [
      ['web-1\n', /^F line 1: expected "host-id token", got 1 field/],
      ['web-1 a b\n', /^F line 1: expected "host-id token", got 3 field/],
      ['# ok\nbad/id s3cret-x\n', /^F line 2: "bad\/id" is not a valid host id/],
      ['web-1 s3cret-x\nweb-1 s3cret-y\n', /^F line 2: host id "web-1" is listed twice/],
      ['web-1 s3cret-x\nweb-2 s3cret-x\n', /^F line 2: the token of "web-2" is already given to another host/],
      ['# nothing\n\n', /^F holds no "host-id token" lines/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseAgentTokens(text, 'F');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('reads a file and names the flag when it cannot', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-tokens-'));
    try {
      const file = path.join(dir, 'tokens');
      await writeFile(file, 'web-1 tok\n');
      expect(readAgentTokensFile(file, '--agent-tokens-file')).toEqual([{ hostId: 'web-1', token: 'tok' }]);
      expect(() => readAgentTokensFile(path.join(dir, 'missing'), '--agent-tokens-file')).toThrow(/^--agent-tokens-file: cannot read .*missing \(ENOENT\)/);
      await writeFile(file, 'web-1\n');
      expect(() => readAgentTokensFile(file, '--agent-tokens-file')).toThrow(/^--agent-tokens-file .*tokens line 1:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
