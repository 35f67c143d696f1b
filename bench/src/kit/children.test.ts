import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processExists } from '@hostpulse/common';

const CHILDREN_JS = fileURLToPath(new URL('../../dist/kit/children.js', import.meta.url));


describe('bench child processes', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('are all killed when the bench gets %s', async (signal) => {
    // A stand-in for the bench: it tracks two long sleeps, says their pids, and waits.
    const script = `
      const { spawn } = await import('node:child_process');
      const { tracked, killChildrenOnSignal } = await import(${JSON.stringify(CHILDREN_JS)});
      killChildrenOnSignal();
      const kids = [1, 2].map(() => tracked(spawn('sleep', ['60'], { stdio: 'ignore' })));
      process.stdout.write(kids.map((k) => k.pid).join(' ') + '\\n');
      setInterval(() => {}, 1000);
    `;
    const bench = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const pids = await new Promise<number[]>((done) => bench.stdout.once('data', (d: Buffer) => done(d.toString().trim().split(' ').map(Number))));
    expect(pids.every(processExists)).toBe(true);
    const exited = new Promise<number | null>((done) => bench.once('exit', (code) => done(code)));
    bench.kill(signal);
    expect(await exited).toBe(signal === 'SIGTERM' ? 143 : 130);
    // SIGKILL is immediate, but the kernel may take a moment to reap them.
    const deadline = Date.now() + 5000;
    while (pids.some(processExists) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(pids.filter(processExists)).toEqual([]);
  });
});
