import { describe, expect, it } from 'vitest';
import { isSameOrigin, normaliseOrigin, OriginPolicy } from './origin-policy.js';

describe('normaliseOrigin', () => {
  it('accepts http(s) origins and refuses anything with a path or another scheme', () => {
    expect(normaliseOrigin('https://Ops.Example.com:443')).toBe('https://ops.example.com');
    expect(normaliseOrigin('http://10.0.0.5:8080/')).toBe('http://10.0.0.5:8080');
    for (const bad of ['ops.example.com', 'https://x/path', 'ftp://x', 'null', 'https://u@x', 'https://x?q', '']) {
      expect({ bad, origin: normaliseOrigin(bad) }).toEqual({ bad, origin: undefined });
    }
  });
});

describe('isSameOrigin', () => {
  it('matches the Host header over http or https, default ports included', () => {
    expect(isSameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(isSameOrigin('https://hub.example.com', 'hub.example.com')).toBe(true);
    expect(isSameOrigin('https://hub.example.com', 'HUB.example.com:443')).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:8081', '127.0.0.1:8080')).toBe(false);
    expect(isSameOrigin('http://evil.example', 'hub.example.com')).toBe(false);
    expect(isSameOrigin('null', 'hub.example.com')).toBe(false);
    expect(isSameOrigin('http://hub.example.com', '')).toBe(false);
    expect(isSameOrigin('http://hub.example.com', 'hub.example.com/x@evil')).toBe(false);
  });
});

describe('OriginPolicy', () => {
  it('allows no Origin, the own origin and configured ones only', () => {
    const policy = new OriginPolicy(['https://ops.example.com']);
    expect(policy.isAllowed('', 'hub:8080')).toBe(true);
    expect(policy.isAllowed('http://hub:8080', 'hub:8080')).toBe(true);
    expect(policy.isAllowed('https://ops.example.com', 'hub:8080')).toBe(true);
    expect(policy.isAllowed('https://OPS.example.com:443', 'hub:8080')).toBe(true);
    expect(policy.isAllowed('https://evil.example.com', 'hub:8080')).toBe(false);
    expect(policy.isAllowed('null', 'hub:8080')).toBe(false);
  });
});
