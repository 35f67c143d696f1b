import { parseArgs } from 'node:util';
import { ConfigError } from './errors.js';

/** How an option's text is read. `duration` takes 500ms, 5s, 10m, 1h, 7d, 2y, or a bare number of milliseconds. */
export type OptionKind = 'string' | 'integer' | 'duration' | 'boolean';

type ValueOf<K extends OptionKind> = K extends 'boolean' ? boolean : K extends 'string' ? string : number;

/** One command-line option; its flag is the key in kebab-case, its variable `env`. */
export interface OptionSpec<K extends OptionKind = OptionKind> {
  kind: K;
  help: string;
  env?: string;
  default?: ValueOf<K>;
  /** Shown in --help after the flag, such as PORT. */
  valueName?: string;
  /** Smallest value an integer or duration may take. */
  min?: number;
  /** Largest value an integer or duration may take. */
  max?: number;
}

/** Option specs by camelCase name. */
export type OptionSpecs = Record<string, OptionSpec>;

/** Parsed values: present when the option has a default, else possibly undefined. */
export type ParsedOptions<S extends OptionSpecs> = {
  [N in keyof S]: S[N] extends OptionSpec<infer K>
    ? S[N] extends { default: unknown }
      ? ValueOf<K>
      : ValueOf<K> | undefined
    : never;
};

/** Outcome of reading a command line. */
export type CliResult<S extends OptionSpecs> =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'run'; options: ParsedOptions<S> };

/** The flag for an option name: hostId -> --host-id. */
export function flagOf(name: string): string {
  return '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** The items of a comma-separated flag value, trimmed, empty ones dropped: " a, b,," gives ["a", "b"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|y)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 365 * 86_400_000 };

/** Reads a duration (500ms, 5s, 10m, 1h, 7d, 2y, or bare milliseconds); `source` names the flag in the error. */
export function parseDuration(text: string, source: string): number {
  const match = DURATION_RE.exec(text);
  if (!match) throw new ConfigError(`${source} must be a duration such as 500ms, 5s, 10m, 1h, 7d or 2y, got "${text}"`);
  const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
  if (!Number.isSafeInteger(ms)) throw new ConfigError(`${source} is too long to count in milliseconds, got "${text}"`);
  return ms;
}

function convert(spec: OptionSpec, raw: string | boolean, source: string): string | number | boolean {
  if (spec.kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(`${source} must be true or false, got "${raw}"`);
  }
  const text = String(raw);
  if (spec.kind === 'string') {
    if (text === '') throw new ConfigError(`${source} must not be empty`);
    return text;
  }
  let value: number;
  if (spec.kind === 'integer') {
    if (!/^-?\d+$/.test(text)) throw new ConfigError(`${source} must be a whole number, got "${text}"`);
    value = Number(text);
  } else {
    value = parseDuration(text, source);
  }
  if (spec.min !== undefined && value < spec.min) throw new ConfigError(`${source} must be at least ${spec.min}, got "${text}"`);
  if (spec.max !== undefined && value > spec.max) throw new ConfigError(`${source} must be at most ${spec.max}, got "${text}"`);
  return value;
}

/**
 * Reads flags, then `HOSTPULSE_*` variables, then defaults. Unknown flags, missing
 * values and bad values throw a ConfigError that names the flag or variable.
 */
export function parseCli<S extends OptionSpecs>(specs: S, argv: string[], env: NodeJS.ProcessEnv): CliResult<S> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const [name, spec] of Object.entries(specs)) {
    options[flagOf(name).slice(2)] = { type: spec.kind === 'boolean' ? 'boolean' : 'string' };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }) as {
      values: Record<string, string | boolean | undefined>;
    });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message.split('\n')[0]} (see --help)`, { cause: err });
  }
  if (values['help']) return { action: 'help' };
  if (values['version']) return { action: 'version' };
  const parsed: Record<string, string | number | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const flag = flagOf(name);
    const fromFlag = values[flag.slice(2)];
    const fromEnv = spec.env ? env[spec.env] : undefined;
    if (fromFlag !== undefined) parsed[name] = convert(spec, fromFlag, flag);
    else if (fromEnv !== undefined && fromEnv !== '') parsed[name] = convert(spec, fromEnv, spec.env!);
    else parsed[name] = spec.default;
  }
  return { action: 'run', options: parsed as ParsedOptions<S> };
}

/** A duration in the largest unit that divides it: 3600000 -> 1h, 1500 -> 1500ms. */
export function formatDuration(ms: number): string {
  for (const unit of ['y', 'd', 'h', 'm', 's'] as const) {
    if (ms > 0 && ms % UNIT_MS[unit]! === 0) return `${ms / UNIT_MS[unit]!}${unit}`;
  }
  return `${ms}ms`;
}

function formatDefault(spec: OptionSpec): string {
  return spec.kind === 'duration' ? formatDuration(spec.default as number) : String(spec.default);
}

/** The --help text: usage, then one line per option with its variable and default. */
export function formatHelp(usage: string, specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const flag = flagOf(name) + (spec.kind === 'boolean' ? '' : ` ${spec.valueName ?? spec.kind.toUpperCase()}`);
    const extra = [spec.env ? `env ${spec.env}` : '', spec.default !== undefined ? `default ${formatDefault(spec)}` : '']
      .filter(Boolean)
      .join(', ');
    return [flag, spec.help + (extra ? ` (${extra})` : '')] as const;
  });
  rows.push(['--help', 'print this help and exit'], ['--version', 'print the version and exit']);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return `${usage}\n\nOptions:\n${rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`).join('\n')}\n`;
}
