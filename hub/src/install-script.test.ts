import { describe, expect, it } from 'vitest';
import { hubUrlOf, INSTALL_SCRIPT_TEMPLATE, renderInstallScript } from './install-script.js';

describe('hubUrlOf', () => {
  it('names the hub as the client reached it: Host, and https behind a TLS proxy', () => {
    expect(hubUrlOf('127.0.0.1:8080', '')).toBe('http://127.0.0.1:8080');
    expect(hubUrlOf('hub.example.com', 'https')).toBe('https://hub.example.com');
    expect(hubUrlOf('hub.example.com', 'HTTPS, http')).toBe('https://hub.example.com');
    expect(hubUrlOf('[::1]:8080', 'http')).toBe('http://[::1]:8080');
  });

  it('refuses a Host header that is missing or more than host[:port], so nothing else reaches the script', () => {
    for (const host of ['', 'a;b', "x'y", 'a b', 'x$(id)', 'host:port', 'host/path', '-lead', '[::1', 'a'.repeat(300)]) {
      expect(hubUrlOf(host, '')).toBeUndefined();
    }
  });
});

describe('renderInstallScript', () => {
  it('puts the hub into the served script once, in its default', () => {
    const script = renderInstallScript('https://hub.example.com');
    expect(INSTALL_SCRIPT_TEMPLATE).toContain("HUB='@HOSTPULSE_HUB_URL@'");
    expect(script).toContain("HUB='https://hub.example.com'");
    expect(script).not.toContain('@HOSTPULSE_HUB_URL@');
  });
});
