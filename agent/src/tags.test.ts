import { describe, expect, it } from 'vitest';
import { ConfigError } from '@hostpulse/common';
import { parseTags } from './tags.js';

describe('parseTags', () => {
  it('reads key=value pairs, ignoring spaces and empty items', () => {
    expect(parseTags('role=db, env=prod,,zone=eu-west/1a')).toEqual({ role: 'db', env: 'prod', zone: 'eu-west/1a' });
    expect(parseTags('')).toEqual({});
  });

  it.each([
    ['role', 'key=value'],
    ['role=', 'value ""'],
    ['=db', 'key ""'],
    ['1st=db', 'key "1st"'],
    ['role=d b', 'value "d b"'],
    ['role=db;rm', 'value "db;rm"'],
    ['role=<script>', 'value "<script>"'],
    ['role=db,role=web', 'twice'],
    [Array.from({ length: 17 }, (_, i) => `k${i}=v`).join(','), 'at most 16'],
    ['__proto__=x', 'key "__proto__"'],
  ])('refuses %s, naming the flag', (text, message) => {
    expect(() => parseTags(text)).toThrow(ConfigError);
    expect(() => parseTags(text)).toThrow(message);
    expect(() => parseTags(text, 'HOSTPULSE_TAGS')).toThrow(/^HOSTPULSE_TAGS/);
  });
});
