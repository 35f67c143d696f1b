/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** One log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Extra fields of a log line. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** A structured logger: a constant message plus fields, one logfmt line on stderr. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

function formatValue(value: string | number | boolean | null): string {
  const text = String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/** Formats one log line: ISO time, level, component, message, then the fields as key=value. */
function formatLogLine(tsMs: number, level: LogLevel, component: string, msg: string, fields: LogFields = {}): string {
  let line = `${new Date(tsMs).toISOString()} ${level} ${component}: ${msg}`;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) line += ` ${key}=${formatValue(value)}`;
  }
  return line + '\n';
}

/** A logger for one component that writes lines at `level` and above. */
export function createLogger(component: string, level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const at = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(lvl) >= min) write(formatLogLine(Date.now(), lvl, component, msg, fields));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
