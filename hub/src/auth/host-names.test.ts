import { describe, expect, it } from 'vitest';
import { HostNamePolicy, hostNameOf } from './host-names.js';

describe('HostNamePolicy', () => {
  const policy = new HostNamePolicy(['https://hostpulse.example.com/', 'http://Wall.Example.net:8443/']);

  it('answers loopback names, IP literals and the public URLs, with or without a port', () => {
    for (const host of ['localhost', 'localhost:8080', 'LOCALHOST.', '127.0.0.1:8080', '10.1.2.3', '[::1]:8080', '[fe80::1]', 'hostpulse.example.com', 'hostpulse.example.com:443', 'wall.example.net:8443', '']) {
      expect({ host, allowed: policy.isAllowed(host) }).toEqual({ host, allowed: true });
    }
  });

  it('refuses any other name, such as a page that rebound its own DNS name to the hub', () => {
    for (const host of ['rebind.example', 'rebind.example:8080', '127.0.0.1.nip.io', 'example.com', 'hostpulse.example.com.evil.example', 'a b', 'x/y', 'localhost:80:80']) {
      expect({ host, allowed: policy.isAllowed(host) }).toEqual({ host, allowed: false });
    }
    expect(new HostNamePolicy([]).isAllowed('hostpulse.example.com')).toBe(false);
  });

  it('reads the name out of a Host header', () => {
    expect(hostNameOf('Example.COM:8080')).toBe('example.com');
    expect(hostNameOf('[::1]:1')).toBe('[::1]');
    expect(hostNameOf('http://x')).toBeUndefined();
  });
});
