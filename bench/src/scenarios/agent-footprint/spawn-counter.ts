/**
 * Preloaded into the real agent (`node --import`) by the footprint scenario: logs every
 * child process the agent starts, one JSON line per start, to the file named by
 * HOSTPULSE_BENCH_SPAWN_LOG. Every asynchronous spawn goes through
 * ChildProcess.prototype.spawn; the synchronous ones are wrapped one by one.
 */
import childProcess from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const logPath = process.env['HOSTPULSE_BENCH_SPAWN_LOG'];

function record(kind: string, file: unknown): void {
  appendFileSync(logPath!, JSON.stringify({ tsMs: Date.now(), kind, file: String(file) }) + '\n');
}

if (logPath) {
  const proto = childProcess.ChildProcess.prototype as unknown as { spawn: (this: unknown, options: { file?: string }) => unknown };
  const spawn = proto.spawn;
  proto.spawn = function (this: unknown, options: { file?: string }) {
    record('spawn', options?.file);
    return spawn.call(this, options);
  };
  const sync = childProcess as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['spawnSync', 'execSync', 'execFileSync']) {
    const original = sync[name]!;
    sync[name] = function (this: unknown, ...args: unknown[]) {
      record(name, args[0]);
      return original.apply(this, args);
    };
  }
  // ESM `import { execSync } from 'node:child_process'` sees the wrapped functions only after this.
  syncBuiltinESMExports();
}
