import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOsRelease } from './os-release.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseOsRelease', () => {
  it("reads this machine's Debian 12 file", () => {
    expect(parseOsRelease(fixture('debian-12-os-release.txt'))).toEqual({ distro: 'Debian GNU/Linux', release: '12' });
  });

  it('reads Alpine, whose VERSION_ID has three parts', () => {
    expect(parseOsRelease(fixture('alpine-3.20-os-release.txt'))).toEqual({ distro: 'Alpine Linux', release: '3.20.3' });
  });

  it('falls back to BUILD_ID on a rolling release', () => {
    expect(parseOsRelease(fixture('arch-os-release.txt'))).toEqual({ distro: 'Arch Linux', release: 'rolling' });
  });

  it('undoes shell quoting and escapes, and names Linux when NAME is missing', () => {
    expect(parseOsRelease(`NAME="My \\"Own\\" OS"\nVERSION_ID='1.0'\n`)).toEqual({ distro: 'My "Own" OS', release: '1.0' });
    expect(parseOsRelease('ID=x\n')).toEqual({ distro: 'Linux', release: '' });
  });
});
