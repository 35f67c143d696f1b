import { describe, expect, it } from 'vitest';
import { ConfigError } from '@hostpulse/common';
import { parseBenchConfig } from './config.js';

const run = (argv: string[]) => {
  const parsed = parseBenchConfig(argv, {});
  if (parsed.action !== 'run') throw new Error(`expected a run, got ${parsed.action}`);
  return parsed.config;
};

describe('parseBenchConfig', () => {
  it('reads a first word as the scenario, as in "soak --minutes 10"', () => {
    expect(run(['soak', '--minutes', '1'])).toMatchObject({ scenario: 'soak', minutes: 1 });
  });

  it('still takes --scenario, and runs the soak for 10 minutes by default', () => {
    expect(run(['--scenario', 'soak'])).toMatchObject({ scenario: 'soak', minutes: 10 });
    expect(run([])).toMatchObject({ scenario: 'all' });
  });

  it('refuses an unknown first word and a soak under a minute', () => {
    expect(() => run(['soaks'])).toThrow(ConfigError);
    expect(() => run(['soak', '--minutes', '0'])).toThrow(ConfigError);
  });

  it('takes storage as the first word, and refuses a --before-hub that does not exist, naming the flag', () => {
    expect(run(['storage'])).toMatchObject({ scenario: 'storage', beforeHub: undefined });
    expect(() => run(['storage', '--before-hub', '/nonexistent/hub/dist/main.js'])).toThrow(/--before-hub/);
  });
});
