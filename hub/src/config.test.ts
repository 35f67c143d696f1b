import { describe, expect, it } from 'vitest';
import { ConfigError } from '@hostpulse/common';
import { DEFAULT_DASHBOARD_DIR, isLoopback, readHubCommand } from './config.js';

describe('readHubCommand', () => {
  it('uses the defaults', () => {
    expect(readHubCommand([], {})).toEqual({
      action: 'run',
      config: { port: 8080, host: '127.0.0.1', agentToken: undefined, historyMs: 3_600_000, dashboardDir: DEFAULT_DASHBOARD_DIR, logLevel: 'info' },
    });
    expect(DEFAULT_DASHBOARD_DIR).toMatch(/dashboard[/\\]dist$/);
  });

  it('reads flags and variables', () => {
    const command = readHubCommand(['--port', '0', '--history', '15m'], { HOSTPULSE_AGENT_TOKEN: 't', HOSTPULSE_HOST: '0.0.0.0', LOG_LEVEL: 'debug' });
    expect(command).toMatchObject({ action: 'run', config: { port: 0, host: '0.0.0.0', agentToken: 't', historyMs: 900_000, logLevel: 'debug' } });
  });

  it('requires a token off loopback and names a wrong LOG_LEVEL', () => {
    expect(() => readHubCommand(['--host', '0.0.0.0'], {})).toThrow(/--agent-token/);
    expect(() => readHubCommand([], { LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => readHubCommand([], { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('answers help and version', () => {
    expect(readHubCommand(['--help'], {})).toMatchObject({ action: 'help', text: expect.stringContaining('--dashboard-dir') });
    expect(readHubCommand(['--version'], {})).toMatchObject({ action: 'version', text: expect.stringMatching(/^hostpulse-hub \d/) });
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::'].some(isLoopback)).toBe(false);
  });
});
