import { describe, expect, it } from 'vitest';
import type { HubInfo } from '@hostpulse/protocol';
import { installCommand, reachableHubUrl } from './install-command.js';

const hubInfo = (extra: Partial<HubInfo>): HubInfo => ({ publicUrls: [], listenHost: '127.0.0.1', isLoopbackOnly: true, listenUrls: ['http://127.0.0.1:8080'], agentToken: 'shared', ...extra });

describe('reachableHubUrl', () => {
  it('takes the public URL the page was opened at, else the first one', () => {
    const hub = hubInfo({ publicUrls: ['https://hostpulse.example.com', 'https://ops.example.com/hostpulse'] });
    expect(reachableHubUrl('https://ops.example.com/hostpulse/#/', hub)).toBe('https://ops.example.com/hostpulse');
    expect(reachableHubUrl('http://127.0.0.1:8080/', hub)).toBe('https://hostpulse.example.com');
  });

  it('takes the page address when it is not loopback, with a proxy path', () => {
    expect(reachableHubUrl('http://10.0.0.5:8080/#/compare', hubInfo({}))).toBe('http://10.0.0.5:8080');
    expect(reachableHubUrl('https://example.com/hostpulse/?mode=poll', null)).toBe('https://example.com/hostpulse');
  });

  it('takes an address the hub listens at for a page opened on loopback, else the page address', () => {
    const everywhere = hubInfo({ listenHost: '0.0.0.0', isLoopbackOnly: false, listenUrls: ['http://127.0.0.1:8080', 'http://192.0.2.10:8080'] });
    expect(reachableHubUrl('http://127.0.0.1:8080/', everywhere)).toBe('http://192.0.2.10:8080');
    expect(reachableHubUrl('http://localhost:8080/', hubInfo({}))).toBe('http://localhost:8080');
    expect(reachableHubUrl('http://127.0.0.1:8080/', null)).toBe('http://127.0.0.1:8080');
  });
});

describe('installCommand', () => {
  it('pipes install.sh from the hub to sh, with the token or a placeholder', () => {
    expect(installCommand('https://hub.example.com')).toEqual({
      hubUrl: 'https://hub.example.com',
      command: 'curl -fsSL https://hub.example.com/install.sh | sh -s -- --token AGENT_TOKEN',
      isPlainHttpRemote: false,
      isThisMachineOnly: false,
    });
    expect(installCommand('http://127.0.0.1:8080', { token: ' s3cret ' }).command).toBe('curl -fsSL http://127.0.0.1:8080/install.sh | sh -s -- --token s3cret');
  });

  it('passes a proxy path on with --hub, which the script cannot learn from the Host header', () => {
    expect(installCommand('https://example.com/hostpulse/').command).toBe('curl -fsSL https://example.com/hostpulse/install.sh | sh -s -- --hub https://example.com/hostpulse --token AGENT_TOKEN');
  });

  it('adds --insecure for plain http to another machine, which the script refuses without it', () => {
    const lan = installCommand('http://10.0.0.5:8080', { token: 't' });
    expect([lan.command, lan.isPlainHttpRemote, lan.isThisMachineOnly]).toEqual(['curl -fsSL http://10.0.0.5:8080/install.sh | sh -s -- --token t --insecure', true, false]);
    for (const local of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080']) {
      expect(installCommand(local)).toMatchObject({ isPlainHttpRemote: false, isThisMachineOnly: true });
    }
  });

  it('names the host a minted token is valid for with --host-id', () => {
    expect(installCommand('http://127.0.0.1:8080', { token: 'q3R0bUo6dQ1w2mX9vKc4Lr8sYh5Tn7Ge0pAiBfZjWuE', hostId: 'web-3' }).command).toBe(
      'curl -fsSL http://127.0.0.1:8080/install.sh | sh -s -- --token q3R0bUo6dQ1w2mX9vKc4Lr8sYh5Tn7Ge0pAiBfZjWuE --host-id web-3',
    );
  });

  it('leaves --token out for a hub that asks agents for none', () => {
    expect(installCommand('http://127.0.0.1:8080', { needsToken: false }).command).toBe('curl -fsSL http://127.0.0.1:8080/install.sh | sh -s --');
  });
});
