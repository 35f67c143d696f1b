import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { listenUrls } from './listen-urls.js';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

const INTERFACES = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('2001:db8::10', 'IPv6'), info('fe80::1', 'IPv6'), info('192.0.2.10', 'IPv4')],
};

describe('listenUrls', () => {
  it('names a specific address as it is, brackets for IPv6', () => {
    expect(listenUrls('127.0.0.1', 8080, INTERFACES)).toEqual(['http://127.0.0.1:8080']);
    expect(listenUrls('::1', 8080, INTERFACES)).toEqual(['http://[::1]:8080']);
  });

  it('lists the IPv4 addresses of this machine for 0.0.0.0, loopback first', () => {
    expect(listenUrls('0.0.0.0', 8080, INTERFACES)).toEqual(['http://127.0.0.1:8080', 'http://192.0.2.10:8080']);
  });

  it('lists IPv4 and IPv6 addresses for ::, without link-local ones', () => {
    expect(listenUrls('::', 9000, INTERFACES)).toEqual(['http://127.0.0.1:9000', 'http://[::1]:9000', 'http://192.0.2.10:9000', 'http://[2001:db8::10]:9000']);
  });

  it('falls back to loopback when no interface is listed', () => {
    expect(listenUrls('0.0.0.0', 8080, {})).toEqual(['http://127.0.0.1:8080']);
  });
});
