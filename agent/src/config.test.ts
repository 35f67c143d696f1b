import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@hostpulse/common';
import { agentUrlOf, loadConfig } from './config.js';

const identity = { hostname: () => 'box', machineId: () => undefined };
const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = loadConfig(argv, env, identity);
  if (command.action !== 'run') throw new Error('expected run');
  return command.config;
};

describe('loadConfig', () => {
  it('has working defaults: local hub, 1 s interval, one hour of buffer', () => {
    expect(run([])).toEqual({
      agentUrl: 'ws://127.0.0.1:8080/agent',
      displayUrl: 'ws://127.0.0.1:8080/agent',
      fallbackHubs: [],
      caCerts: undefined,
      token: undefined,
      intervalMs: 1000,
      hostId: 'box',
      bufferMs: 3_600_000,
      pingIntervalMs: 15_000,
      processesEveryMs: 5000,
      tags: {},
      netTotals: { include: undefined, exclude: undefined },
      diskTotals: { include: undefined, exclude: undefined },
      bufferSamples: 3600,
      logLevel: 'info',
    });
    expect(Object.isFrozen(run([]))).toBe(true);
  });

  it('reads --net-include, --net-exclude, --disk-include and --disk-exclude as whole-name regular expressions, naming the flag when one is not', () => {
    const { netTotals, diskTotals } = run(['--net-include', 'eth[0-9]+|bond0', '--disk-exclude', 'sd[b-z]'], { HOSTPULSE_NET_EXCLUDE: 'eth9' });
    expect(['eth0', 'eth12', 'bond0', 'bond0.100', 'veth0', 'eth9'].filter((n) => netTotals.include!.test(n) && !netTotals.exclude!.test(n))).toEqual(['eth0', 'eth12', 'bond0']);
    expect(diskTotals.include).toBeUndefined();
    expect(['sda', 'sdb', 'sdbb'].map((n) => diskTotals.exclude!.test(n))).toEqual([false, true, false]);
    expect(() => run(['--net-include', 'eth[0-'])).toThrow(/^--net-include must be a regular expression, got "eth\[0-": .*Unterminated character class/);
    expect(() => run(['--disk-exclude', '(dm'])).toThrow(/^--disk-exclude must be a regular expression/);
    expect(() => run([], { HOSTPULSE_DISK_INCLUDE: '*' })).toThrow(/^--disk-include must be a regular expression/);
    expect(() => run(['--net-exclude', '+'])).toThrow(ConfigError);
  });

  it('reads --processes-every (0 turns it off, below 1 s is refused) and --tags', () => {
    expect(run(['--processes-every', '0'])).toMatchObject({ processesEveryMs: 0 });
    expect(run([], { HOSTPULSE_PROCESSES_EVERY: '30s' })).toMatchObject({ processesEveryMs: 30_000 });
    expect(() => run(['--processes-every', '500ms'])).toThrow(/--processes-every must be 0 \(off\) or at least 1s/);
    expect(run(['--tags', 'role=db,env=prod'])).toMatchObject({ tags: { role: 'db', env: 'prod' } });
    expect(run([], { HOSTPULSE_TAGS: 'team=core' })).toMatchObject({ tags: { team: 'core' } });
    expect(() => run(['--tags', 'role=d b'])).toThrow(/--tags: value "d b"/);
  });

  it('takes a comma-separated --hub list: the first hub, then the others in turn', () => {
    expect(run(['--hub', 'ws://h1:8080, ws://u:p@h2:8080/hp,'])).toMatchObject({
      agentUrl: 'ws://h1:8080/agent',
      fallbackHubs: [{ agentUrl: 'ws://u:p@h2:8080/hp/agent', displayUrl: 'ws://h2:8080/hp/agent' }],
    });
    expect(() => run(['--hub', 'ws://h1,http://h2'])).toThrow(/--hub must be a ws:\/\/ or wss:\/\/ URL, got "http:\/\/h2"/);
    expect(() => run(['--hub', ','])).toThrow(/--hub must name at least one/);
  });

  it('reads every flag, and the HOSTPULSE_* variables when no flag is given', () => {
    const config = run(['--hub', 'wss://hub.example.com/', '--interval', '500', '--buffer', '10m', '--host-id', 'db-1'], { HOSTPULSE_TOKEN: 's3cret', LOG_LEVEL: 'debug' });
    expect(config).toMatchObject({ agentUrl: 'wss://hub.example.com/agent', token: 's3cret', intervalMs: 500, bufferSamples: 1200, hostId: 'db-1', logLevel: 'debug' });
    expect(run(['--ping-interval', '500ms'])).toMatchObject({ pingIntervalMs: 500 });
    expect(run([], { HOSTPULSE_PING_INTERVAL: '2s' })).toMatchObject({ pingIntervalMs: 2000 });
    expect(() => run(['--ping-interval', '10'])).toThrow(/--ping-interval/);
    expect(run([], { HOSTPULSE_HUB: 'ws://10.0.0.5:9000', HOSTPULSE_HOST_ID: 'x1' })).toMatchObject({ agentUrl: 'ws://10.0.0.5:9000/agent', hostId: 'x1' });
  });

  it('names the flag or variable that is wrong', () => {
    expect(() => run(['--hub', 'http://hub:8080'])).toThrow(/--hub must be a ws:\/\/ or wss:\/\/ URL/);
    expect(() => run(['--hub', 'not a url'])).toThrow(ConfigError);
    expect(() => run(['--host-id', 'bad id!'])).toThrow(/--host-id/);
    expect(() => run([], { HOSTPULSE_HOST_ID: '-leading' })).toThrow(/--host-id/);
    expect(() => run(['--interval', '50'])).toThrow(/--interval must be at least 100/);
    expect(() => run([], { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => run(['--interval', '5000', '--buffer', '2s'])).toThrow(/--buffer/);
  });

  it('answers --help and --version', () => {
    expect(loadConfig(['--help'], {}, identity)).toEqual({ action: 'help' });
    expect(loadConfig(['--version'], {}, identity)).toEqual({ action: 'version' });
  });
});

describe('--ca', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  // Two real certificates (Node's bundled roots) amid the text a PEM bundle may hold.
  const [first, second] = [rootCertificates[0]!, rootCertificates[1]!];
  const bundle = file('bundle.pem', `# private CA\n${first}\nsubject=whatever\n${second}\n`);
  const wss = ['--hub', 'wss://127.0.0.1:18443'];

  it('reads every certificate of the file, from the flag or HOSTPULSE_CA', () => {
    expect(run([...wss, '--ca', bundle]).caCerts).toEqual([first, second]);
    expect(run(wss, { HOSTPULSE_CA: bundle }).caCerts).toEqual([first, second]);
    expect(Object.isFrozen(run([...wss, '--ca', bundle]).caCerts)).toBe(true);
  });

  it('refuses a missing or unreadable file, one with no certificate, and a broken certificate, naming --ca', () => {
    expect(() => run([...wss, '--ca', join(dir, 'missing.pem')])).toThrow(/^--ca .*missing\.pem: cannot read the file \(ENOENT\)/);
    expect(() => run([...wss, '--ca', dir])).toThrow(/^--ca .*: cannot read the file \(EISDIR\)/);
    const key = file('key.pem', '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n');
    expect(() => run([...wss, '--ca', key])).toThrow(/^--ca .*key\.pem: the file holds no PEM certificate/);
    const broken = file('broken.pem', `${first}\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n`);
    expect(() => run([...wss, '--ca', broken])).toThrow(/^--ca .*broken\.pem: certificate 2 of 2 does not parse/);
    expect(() => run([...wss, '--ca', key])).toThrow(ConfigError);
  });

  it('refuses --ca with a ws:// hub, which would not be encrypted', () => {
    expect(() => run(['--hub', 'ws://127.0.0.1:8080', '--ca', bundle])).toThrow(/--ca applies to a wss:\/\/ --hub only/);
  });
});

describe('agentUrlOf', () => {
  it('appends /agent after any path a reverse proxy serves the hub under, and hides credentials from logs', () => {
    expect(agentUrlOf('ws://h:1')).toEqual({ agentUrl: 'ws://h:1/agent', displayUrl: 'ws://h:1/agent' });
    expect(agentUrlOf('wss://proxy/hostpulse//').agentUrl).toBe('wss://proxy/hostpulse/agent');
    expect(agentUrlOf('wss://u:p@proxy').displayUrl).toBe('wss://proxy/agent');
    expect(() => agentUrlOf('ws://h/?x=1')).toThrow(/--hub/);
  });
});
