import { describe, expect, it } from 'vitest';
import { plainText } from './plain-text.js';

describe('plainText', () => {
  it('keeps ordinary text, right-to-left scripts and emoji as they are', () => {
    for (const text of ['Debian GNU/Linux 12', '/var/lib/docker', 'עברית', 'العربية', 'nginx: worker 🚀', 'Ünïcödé']) expect(plainText(text)).toBe(text);
  });

  it('replaces each bidirectional override, embedding, isolate and mark with U+FFFD', () => {
    expect(plainText('Debian\u202E21 SERVER')).toBe('Debian\uFFFD21 SERVER');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) expect(plainText(`a${c}b`)).toBe('a\uFFFDb');
  });

  it('replaces C0 and C1 controls and DEL, each one', () => {
    expect(plainText('a\u0000b\tc\nd\u001b[31me\u007f\u0085\u009f')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFD[31me\uFFFD\uFFFD\uFFFD');
  });
});
