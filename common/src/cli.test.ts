import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { flagOf, formatDuration, formatHelp, parseCli, splitList } from './cli.js';

const specs = {
  port: { kind: 'integer', env: 'HOSTPULSE_PORT', default: 8080, min: 0, max: 65535, help: 'port' },
  history: { kind: 'duration', env: 'HOSTPULSE_HISTORY', default: 3_600_000, min: 1000, help: 'history' },
  token: { kind: 'string', env: 'HOSTPULSE_TOKEN', help: 'token' },
  verbose: { kind: 'boolean', default: false, help: 'verbose' },
} as const;

describe('parseCli', () => {
  it('reads flags before variables before defaults', () => {
    const result = parseCli(specs, ['--port', '9000'], { HOSTPULSE_PORT: '7000', HOSTPULSE_TOKEN: 'abc' });
    expect(result).toEqual({ action: 'run', options: { port: 9000, history: 3_600_000, token: 'abc', verbose: false } });
  });

  it('reads durations with units and bare milliseconds', () => {
    const run = (text: string) => parseCli(specs, ['--history', text], {});
    expect(run('2h')).toMatchObject({ options: { history: 7_200_000 } });
    expect(run('90s')).toMatchObject({ options: { history: 90_000 } });
    expect(run('1500')).toMatchObject({ options: { history: 1500 } });
  });

  it('names the flag that is unknown, missing its value, or wrong', () => {
    expect(() => parseCli(specs, ['--prot', '1'], {})).toThrow(/--prot/);
    expect(() => parseCli(specs, ['--port'], {})).toThrow(/--port/);
    expect(() => parseCli(specs, ['--port', 'eighty'], {})).toThrow(/--port must be a whole number/);
    expect(() => parseCli(specs, ['--port', '70000'], {})).toThrow(/--port must be at most 65535/);
    expect(() => parseCli(specs, ['--history', '10'], {})).toThrow(ConfigError);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseCli(specs, [], { HOSTPULSE_PORT: 'x' })).toThrow(/HOSTPULSE_PORT must be a whole number/);
  });

  it('answers --help and --version before validating anything else', () => {
    expect(parseCli(specs, ['--help'], { HOSTPULSE_PORT: 'x' })).toEqual({ action: 'help' });
    expect(parseCli(specs, ['--version'], {})).toEqual({ action: 'version' });
  });
});

describe('formatHelp', () => {
  it('lists every flag with its variable and default', () => {
    const help = formatHelp('usage: x', specs);
    expect(help).toMatch(/--port INTEGER +port \(env HOSTPULSE_PORT, default 8080\)/);
    expect(help).toMatch(/--verbose +verbose \(default false\)/);
    expect(help).toMatch(/--history DURATION +history \(env HOSTPULSE_HISTORY, default 1h\)/);
    expect(flagOf('hostId')).toBe('--host-id');
  });
});

describe('splitList', () => {
  it('trims the items of a comma-separated value and drops empty ones', () => {
    expect(splitList(' a, b ,,c ,')).toEqual(['a', 'b', 'c']);
    expect(splitList(' , ')).toEqual([]);
  });
});

describe('formatDuration', () => {
  it('uses the largest unit that divides the value', () => {
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});
