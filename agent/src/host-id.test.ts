import { describe, expect, it } from 'vitest';
import { isValidHostId } from '@hostpulse/protocol';
import { defaultHostId, sanitizeHostname } from './host-id.js';

describe('host ids', () => {
  it('default to the hostname plus 8 hex digits of the machine id hash, stable across calls', () => {
    const id = defaultHostId('web-1', 'd41d8cd98f00b204e9800998ecf8427e\n');
    expect(id).toMatch(/^web-1-[0-9a-f]{8}$/);
    expect(defaultHostId('web-1', 'd41d8cd98f00b204e9800998ecf8427e')).toBe(id);
    expect(defaultHostId('web-1', 'another-machine')).not.toBe(id);
  });

  it('fall back to the bare hostname without a machine id', () => {
    expect(defaultHostId('web-1', undefined)).toBe('web-1');
    expect(defaultHostId('web-1', '  \n')).toBe('web-1');
  });

  it('turn any hostname into a valid id', () => {
    expect(sanitizeHostname('My Laptop (2)')).toBe('My-Laptop--2-');
    expect(sanitizeHostname('_under')).toBe('under');
    expect(sanitizeHostname('ünïcode')).toBe('n-code');
    expect(sanitizeHostname('')).toBe('host');
    for (const name of ['a'.repeat(200), '---', 'é', 'x.y.example.com']) {
      expect(isValidHostId(defaultHostId(name, 'abc'))).toBe(true);
    }
  });
});
