import { describe, expect, it } from 'vitest';
import { installCommand } from './install-command.js';

describe('installCommand', () => {
  it('fetches install.sh from the hub that served the page', () => {
    expect(installCommand('https://hub.example.com/#/compare')).toEqual({
      hubUrl: 'https://hub.example.com',
      command: 'curl -fsSL https://hub.example.com/install.sh | sudo sh -s -- --token AGENT_TOKEN',
      isPlainHttpRemote: false,
    });
  });

  it('puts a token typed in into the command', () => {
    expect(installCommand('http://127.0.0.1:8080/', ' s3cret ').command).toBe('curl -fsSL http://127.0.0.1:8080/install.sh | sudo sh -s -- --token s3cret');
  });

  it('passes a proxy path on with --hub, which the script cannot learn from the Host header', () => {
    expect(installCommand('https://example.com/hostpulse/?mode=poll').command).toBe(
      'curl -fsSL https://example.com/hostpulse/install.sh | sudo sh -s -- --hub https://example.com/hostpulse --token AGENT_TOKEN',
    );
  });

  it('flags plain http from another machine, which the script refuses without --insecure', () => {
    expect(installCommand('http://10.0.0.5:8080/').isPlainHttpRemote).toBe(true);
    for (const local of ['http://127.0.0.1:8080/', 'http://localhost:8080/', 'http://[::1]:8080/']) expect(installCommand(local).isPlainHttpRemote).toBe(false);
  });

  it('names the host a minted token is valid for with --host-id', () => {
    expect(installCommand('http://127.0.0.1:8080/', 'q3R0bUo6dQ1w2mX9vKc4Lr8sYh5Tn7Ge0pAiBfZjWuE', 'web-3').command).toBe(
      'curl -fsSL http://127.0.0.1:8080/install.sh | sudo sh -s -- --token q3R0bUo6dQ1w2mX9vKc4Lr8sYh5Tn7Ge0pAiBfZjWuE --host-id web-3',
    );
  });
});
