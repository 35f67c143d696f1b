import { describe, expect, it } from 'vitest';
import { canonicalAddress, clientAddress } from './client-address.js';

describe('canonicalAddress', () => {
  it('spells each address one way', () => {
    expect(canonicalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('0000:0000:0000:0000:0000:0000:0000:0001')).toBe('::1');
    expect(canonicalAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(canonicalAddress('0000:0000:0000:0000:0000:ffff:7f00:0001')).toBe('127.0.0.1');
    expect(canonicalAddress('2001:DB8::1')).toBe('2001:db8::1');
    expect(canonicalAddress('not an address')).toBe('not an address');
  });
});

describe('clientAddress', () => {
  const proxies = new Set(['127.0.0.1', '10.0.0.2']);

  it('is the socket address for anyone but a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress('192.0.2.7', '203.0.113.5', proxies)).toBe('192.0.2.7');
    expect(clientAddress('::ffff:192.0.2.7', '', proxies)).toBe('192.0.2.7');
  });

  it('is the last X-Forwarded-For entry from a trusted proxy, past any trusted proxies of a chain', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', '198.51.100.1, 203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', '203.0.113.5, 10.0.0.2', proxies)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', '2001:DB8:0:0::9', proxies)).toBe('2001:db8::9');
  });

  it('stays the proxy when X-Forwarded-For is missing, holds only trusted proxies, or ends in something that is no address', () => {
    expect(clientAddress('127.0.0.1', '', proxies)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '10.0.0.2', proxies)).toBe('10.0.0.2');
    expect(clientAddress('127.0.0.1', '203.0.113.5, unknown', proxies)).toBe('127.0.0.1');
  });
});
