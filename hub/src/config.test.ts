import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@hostpulse/common';
import { DEFAULT_ALERTS } from './alerts/rules-file.js';
import { DEFAULT_AGENT_DIR, DEFAULT_DASHBOARD_DIR, DEFAULT_LAB_PROGRAM, HUB_OPTIONS, isLoopback, joinRepeatedFlags, readHubCommand } from './config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hub-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readHubCommand', () => {
  it('uses the defaults', () => {
    expect(readHubCommand([], {})).toEqual({
      action: 'run',
      config: {
        port: 8080,
        host: '127.0.0.1',
        agentToken: undefined,
        agentHostTokens: [],
        viewerToken: undefined,
        adminToken: undefined,
        allowedOrigins: [],
        publicUrls: [],
        corsOrigins: [],
        maxSocketsPerAddress: 2000,
        trustedProxies: [],
        maxHosts: 10_000,
        historyMs: 3_600_000,
        dataDir: null,
        retention: { raw: 172_800_000, '1m': 7_776_000_000, '1h': 63_072_000_000 },
        maxClockAheadMs: 300_000,
        forgetOfflineAfterMs: undefined,
        maxDiskBytes: null,
        alertHistoryMs: 30 * 86_400_000,
        alertsFile: null,
        alerts: DEFAULT_ALERTS,
        dashboardDir: DEFAULT_DASHBOARD_DIR,
        agentDir: DEFAULT_AGENT_DIR,
        bus: null,
        lab: null,
        logLevel: 'info',
      },
    });
    expect(DEFAULT_DASHBOARD_DIR).toMatch(/dashboard[/\\]dist$/);
    expect(DEFAULT_AGENT_DIR).toMatch(/agent[/\\]dist$/);
  });

  it('reads the alerts file at start, refusing a bad one with its line and column', () => {
    const good = path.join(dir, 'alerts.json');
    writeFileSync(good, '{"rules": [{"name": "down", "metric": "host.offline", "for": "2m"}]}');
    const command = readHubCommand(['--alerts-file', good], {});
    expect(command).toMatchObject({ action: 'run', config: { alertsFile: good, alerts: { source: good, rules: [{ name: 'down', forMs: 120_000 }] } } });
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"rules": [\n  {"name": "x", "metric": "cpu"}]}');
    expect(() => readHubCommand(['--alerts-file', bad], {})).toThrow(new RegExp(`^${bad.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}:2:27: rules\\[0\\]\\.metric must be one of`));
    expect(() => readHubCommand(['--alerts-file', path.join(dir, 'missing.json')], {})).toThrow(/cannot read the alerts file .*missing\.json: ENOENT/);
  });

  it('reads flags and variables', () => {
    const command = readHubCommand(['--port', '0', '--history', '15m'], { HOSTPULSE_AGENT_TOKEN: 't', HOSTPULSE_HOST: '0.0.0.0', LOG_LEVEL: 'debug' });
    expect(command).toMatchObject({ action: 'run', config: { port: 0, host: '0.0.0.0', agentToken: 't', historyMs: 900_000, logLevel: 'debug' } });
  });

  it('reads how long the alert history is kept, naming --alert-history when it is wrong', () => {
    expect(readHubCommand(['--alert-history', '90d'], {})).toMatchObject({ config: { alertHistoryMs: 90 * 86_400_000 } });
    expect(readHubCommand([], { HOSTPULSE_ALERT_HISTORY: '12h' })).toMatchObject({ config: { alertHistoryMs: 12 * 3_600_000 } });
    expect(() => readHubCommand(['--alert-history', 'forever'], {})).toThrow(/--alert-history .*must be a duration .*got "forever"/);
    expect(() => readHubCommand(['--alert-history', '5m'], {})).toThrow(/--alert-history/);
  });

  it('refuses a non-loopback address without agent tokens or a data dir to keep one, saying how to set one', () => {
    for (const host of ['0.0.0.0', '10.0.0.1', '::']) {
      expect(() => readHubCommand(['--host', host], {})).toThrow(ConfigError);
      expect(() => readHubCommand(['--host', host], {})).toThrow(/--data-dir none .*--data-dir DIR .*--agent-token TOKEN .*openssl rand.*--agent-tokens-file FILE/);
    }
    expect(readHubCommand(['--host', '0.0.0.0', '--agent-token', 't'], {})).toMatchObject({ action: 'run' });
    // The hub then makes its own agent token and keeps it in the data dir.
    expect(readHubCommand(['--host', '0.0.0.0', '--data-dir', dir], {})).toMatchObject({ action: 'run', config: { agentToken: undefined } });
  });

  it('asks for the tokens with --print-tokens, with the flags and variables that decide them', () => {
    expect(readHubCommand(['--print-tokens', '--data-dir', dir], { HOSTPULSE_ADMIN_TOKEN: 'a' })).toMatchObject({ action: 'printTokens', config: { dataDir: dir, adminToken: 'a' } });
  });

  it('reads --nats servers, keeping credentials out of the URLs it shows, and names a wrong one', () => {
    const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const command = readHubCommand(argv, env);
      if (command.action !== 'run') throw new Error('expected run');
      return command.config.bus;
    };
    expect(run(['--nats', 'nats://10.0.0.5:4222,10.0.0.6'])).toEqual({
      servers: ['nats://10.0.0.5:4222', 'nats://10.0.0.6:4222'],
      user: undefined,
      pass: undefined,
      token: undefined,
      creds: undefined,
      maxAgeMs: 3_600_000,
    });
    expect(run([], { HOSTPULSE_NATS: 'nats://hub:s3cret@10.0.0.5:4222', HOSTPULSE_NATS_MAX_AGE: '30m' })).toMatchObject({ servers: ['nats://10.0.0.5:4222'], user: 'hub', pass: 's3cret', maxAgeMs: 1_800_000 });
    expect(run(['--nats', 'tls://t0ken@nats.example.com:4443'])).toMatchObject({ servers: ['tls://nats.example.com:4443'], token: 't0ken', user: undefined });
    expect(() => run(['--nats', 'http://s3cret@10.0.0.5'])).toThrow(/--nats .*nats:\/\/ or tls:\/\/, got "http:\/\/10\.0\.0\.5"/);
    expect(() => run(['--nats', 'nats://a:b@h1,nats://h2'])).toThrow(/same credentials/);
    expect(() => run(['--nats', ','])).toThrow(/--nats .*at least one/);
    expect(() => run(['--nats-max-age', '10s', '--nats', 'h'])).toThrow(/--nats-max-age/);
    expect(() => run(['--nats-creds', path.join(dir, 'missing.creds')])).toThrow(/--nats-creds .*needs --nats/);
    expect(() => run(['--nats', 'h', '--nats-creds', path.join(dir, 'missing.creds')])).toThrow(/--nats-creds .*cannot read .*ENOENT/);
    const refusal = (() => {
      try {
        run(['--nats', 'nats://user:hunter2@[bad']);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(refusal).toMatch(/--nats .*\*\*\*@/);
    expect(refusal).not.toContain('hunter2');
  });

  it('offers the lab with --lab, stopping each after 10 minutes unless told sooner', () => {
    expect(readHubCommand(['--lab'], {})).toMatchObject({ config: { lab: { program: DEFAULT_LAB_PROGRAM, timeLimitMs: 600_000 } } });
    expect(readHubCommand([], { HOSTPULSE_LAB: 'true', HOSTPULSE_LAB_TIME_LIMIT: '2s' })).toMatchObject({ config: { lab: { timeLimitMs: 2000 } } });
    expect(() => readHubCommand(['--lab', '--lab-time-limit', '11m'], {})).toThrow(/^--lab-time-limit must be at most 600000/);
    expect(DEFAULT_LAB_PROGRAM).toMatch(/loadgen[/\\]dist[/\\]lab[/\\]lab-main\.js$/);
  });

  it('refuses --lab on a non-loopback address without the admin token', () => {
    expect(() => readHubCommand(['--lab', '--host', '0.0.0.0', '--agent-token', 't'], {})).toThrow(/^--lab on --host 0.0.0.0, .* needs an admin token: --admin-token TOKEN .*--data-dir DIR/);
    expect(readHubCommand(['--lab', '--host', '0.0.0.0', '--agent-token', 't', '--admin-token', 'a'], {})).toMatchObject({ config: { lab: { timeLimitMs: 600_000 } } });
    expect(readHubCommand(['--lab', '--host', '0.0.0.0', '--data-dir', dir], {})).toMatchObject({ config: { lab: { timeLimitMs: 600_000 } } });
  });

  it('names a wrong LOG_LEVEL', () => {
    expect(() => readHubCommand([], { LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => readHubCommand([], { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('reads per-host tokens from a file, which also allows a non-loopback address', async () => {
    const file = path.join(dir, 'tokens');
    await writeFile(file, '# hosts\nweb-1 tok-web\ndb-1 tok-db\n');
    const command = readHubCommand(['--host', '0.0.0.0'], { HOSTPULSE_AGENT_TOKENS_FILE: file });
    expect(command).toMatchObject({
      action: 'run',
      config: { agentToken: undefined, agentHostTokens: [{ hostId: 'web-1', token: 'tok-web' }, { hostId: 'db-1', token: 'tok-db' }] },
    });
    await writeFile(path.join(dir, 'bad'), 'web-1 tok\nweb-2\n');
    expect(() => readHubCommand(['--agent-tokens-file', path.join(dir, 'bad')], {})).toThrow(/^--agent-tokens-file .* line 2: expected "host-id token"/);
  });

  it('reads the viewer token and origin lists, repeated or comma-separated', () => {
    const command = readHubCommand(
      ['--viewer-token', 'v', '--cors-origin', 'https://a.example', '--cors-origin=https://b.example:8443/', '--allowed-origins', 'http://ops:3000, https://OPS.example'],
      {},
    );
    expect(command).toMatchObject({
      action: 'run',
      config: { viewerToken: 'v', corsOrigins: ['https://a.example', 'https://b.example:8443'], allowedOrigins: ['http://ops:3000', 'https://ops.example'] },
    });
    expect(readHubCommand([], { HOSTPULSE_VIEWER_TOKEN: 'v', HOSTPULSE_CORS_ORIGIN: 'https://c.example', HOSTPULSE_ALLOWED_ORIGINS: 'https://d.example' })).toMatchObject({
      config: { viewerToken: 'v', corsOrigins: ['https://c.example'], allowedOrigins: ['https://d.example'] },
    });
    expect(() => readHubCommand(['--cors-origin', 'a.example'], {})).toThrow(/^--cors-origin .*got "a.example"/);
    expect(() => readHubCommand([], { HOSTPULSE_ALLOWED_ORIGINS: 'https://x/path' })).toThrow(/HOSTPULSE_ALLOWED_ORIGINS.*got "https:\/\/x\/path"/);
  });

  it('reads public URLs, repeated or comma-separated, and names a wrong one', () => {
    expect(readHubCommand(['--public-url', 'https://hostpulse.example.com', '--public-url=http://10.0.0.5:8080'], {})).toMatchObject({
      config: { publicUrls: ['https://hostpulse.example.com/', 'http://10.0.0.5:8080/'] },
    });
    expect(readHubCommand([], { HOSTPULSE_PUBLIC_URL: 'https://a.example/, https://b.example/' })).toMatchObject({ config: { publicUrls: ['https://a.example/', 'https://b.example/'] } });
    expect(() => readHubCommand(['--public-url', 'hostpulse.example.com'], {})).toThrow(/^--public-url .*got "hostpulse.example.com"/);
    expect(() => readHubCommand(['--public-url', 'ftp://x.example'], {})).toThrow(/^--public-url/);
    for (const url of ["https://x.example/a'$(id)'", 'https://x.example/?a=1', 'https://x.example/#top', 'https://x.example/a$b']) {
      expect(() => readHubCommand(['--public-url', url], {})).toThrow(/^--public-url \(HOSTPULSE_PUBLIC_URL\): ".*" may hold only letters, digits and \. : \/ _ ~ % \[ \] - \(no query, no fragment\), since agents install from it$/);
    }
    expect(readHubCommand(['--public-url', 'https://[::1]:8443/host_pulse~1/'], {})).toMatchObject({ config: { publicUrls: ['https://[::1]:8443/host_pulse~1/'] } });
  });

  it('reads trusted proxies, repeated or comma-separated, in one spelling, and names a wrong one', () => {
    expect(readHubCommand(['--trusted-proxy', '127.0.0.1', '--trusted-proxy=::ffff:10.0.0.2, 0:0:0:0:0:0:0:1', '--max-sockets-per-address', '50'], {})).toMatchObject({
      config: { trustedProxies: ['127.0.0.1', '10.0.0.2', '::1'], maxSocketsPerAddress: 50 },
    });
    expect(() => readHubCommand(['--trusted-proxy', 'proxy.example'], {})).toThrow(/^--trusted-proxy .*got "proxy.example"/);
    expect(() => readHubCommand(['--max-sockets-per-address', '0'], {})).toThrow(/max-sockets-per-address/);
  });

  it('joins repeated origin flags and leaves the rest alone', () => {
    expect(joinRepeatedFlags(['--port', '1', '--cors-origin', 'a', '--cors-origin=b', '--allowed-origins', 'c'])).toEqual([
      '--port',
      '1',
      '--cors-origin',
      'a,b',
      '--allowed-origins',
      'c',
    ]);
    expect(joinRepeatedFlags(['--cors-origin'])).toEqual(['--cors-origin']);
  });

  it('answers help with every flag and its variable, and version', () => {
    const help = readHubCommand(['--help'], {});
    expect(help.action).toBe('help');
    const text = help.action === 'help' ? help.text : '';
    for (const flag of ['--agent-token', '--agent-tokens-file', '--viewer-token', '--allowed-origins', '--public-url', '--cors-origin', '--dashboard-dir']) {
      expect(text).toContain(flag);
    }
    for (const spec of Object.values(HUB_OPTIONS)) if ('env' in spec) expect(text).toContain(spec.env);
    expect(text).toContain('--print-tokens');
    expect(readHubCommand(['--version'], {})).toMatchObject({ action: 'version', text: expect.stringMatching(/^hostpulse-hub \d/) });
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::'].some(isLoopback)).toBe(false);
  });
});
