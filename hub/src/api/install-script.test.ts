import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hubUrlOf, INSTALL_SCRIPT_TEMPLATE, renderInstallScript } from './install-script.js';

describe('hubUrlOf', () => {
  it('names the hub as the client reached it: Host, and https behind a TLS proxy', () => {
    expect(hubUrlOf('127.0.0.1:8080', '')).toBe('http://127.0.0.1:8080');
    expect(hubUrlOf('hub.example.com', 'https')).toBe('https://hub.example.com');
    expect(hubUrlOf('hub.example.com', 'HTTPS, http')).toBe('https://hub.example.com');
    expect(hubUrlOf('[::1]:8080', 'http')).toBe('http://[::1]:8080');
  });

  it('names the --public-url a proxy serves the hub at, path and scheme included, when the Host header is its host', () => {
    const publicUrls = ['https://example.com/hostpulse/', 'https://hub.example.com:8443/'];
    expect(hubUrlOf('example.com', 'http', publicUrls)).toBe('https://example.com/hostpulse');
    expect(hubUrlOf('HUB.example.com:8443', '', publicUrls)).toBe('https://hub.example.com:8443');
    expect(hubUrlOf('other.example.com', 'https', publicUrls)).toBe('https://other.example.com');
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
    expect(INSTALL_SCRIPT_TEMPLATE).toContain('HUB=@HOSTPULSE_HUB_URL@');
    expect(script).toContain("HUB='https://hub.example.com'");
    expect(script).not.toContain('@HOSTPULSE_HUB_URL@');
  });

  it('quotes the hub as one shell word, so no URL can become code in a script run as root', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-install-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const marker = path.join(dir, 'ran');
    for (const url of [`https://x.example/a'$(touch ${marker})'b`, "https://x.example/$'x'`touch " + marker + '`', 'https://x.example/a b;c\\d']) {
      const line = renderInstallScript(url).split('\n').find((l) => l.startsWith('HUB='))!;
      expect(execFileSync('sh', ['-c', `${line}\nprintf %s "$HUB"`], { encoding: 'utf8' })).toBe(url);
      expect(existsSync(marker)).toBe(false);
    }
  });
});
