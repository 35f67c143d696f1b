import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { CLIENT_ID_HEADER, type ProcessesResponse } from '@hostpulse/protocol';
import { UserError } from '@hostpulse/common';
import { sleep } from '../cpu-window.js';
import { BENCH_TOKEN, ROOT_DIR, startHub, viewerHeaders } from '../hub-process.js';
import type { Progress } from '../load-kit.js';
import { processTree, readProcStatus, treeCpuSec } from '../proc-stat.js';

/** The real agent's cost over a window at its 1 s interval. */
export interface AgentFootprint {
  intervalMs: number;
  windowSec: number;
  /** CPU of the agent and every child process, live or reaped, in percent of one core. */
  cpuPct: number;
  rssPeakBytes: number;
  rssMeanBytes: number;
  /** Peak RSS of the agent process alone as the kernel recorded it (VmHWM). */
  agentHwmBytes: number;
  ticks: number;
  childStarts: number;
  childStartsPerTick: number;
  /** Child commands started, by name, with counts. */
  childCommands: Record<string, number>;
  /** Distinct child pids seen by sampling the process tree every 100 ms (a cross-check). */
  childPidsSeen: number;
  samplesPerSecAtHub: number;
  /** Idle processes the bench ran beside the agent (--extra-processes). */
  extraProcesses: number;
  /** Processes on the host as the agent's last process table counted them; null when it sent none. */
  processesSeenByAgent: number | null;
  /** Process tables the hub received from the agent in the window. */
  processTables: number;
}

const SPAWN_COUNTER = fileURLToPath(new URL('../spawn-counter.js', import.meta.url));

/** Starts `count` idle `sleep` processes, so the host has that many more processes for the agent to read. */
function startIdleProcesses(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn('sleep', ['3600'], { stdio: 'ignore' }));
}

/** Options of the agent scenario. */
export interface AgentFootprintOptions {
  seconds: number;
  warmupMs: number;
  extraProcesses: number;
  viewerToken: string | undefined;
}

/** Runs the real agent against a real hub and measures its whole process tree, with `extraProcesses` idle processes beside it. */
export async function runAgentFootprint(opts: AgentFootprintOptions, progress: Progress): Promise<AgentFootprint> {
  const agentMain = resolve(ROOT_DIR, 'agent/dist/main.js');
  if (!existsSync(agentMain)) throw new UserError(`agent is not built (${agentMain} missing): run npm run build`);
  if (opts.extraProcesses > 0) progress(`agent: starting ${opts.extraProcesses} idle processes`);
  const idle = startIdleProcesses(opts.extraProcesses);
  try {
    return await measureAgent(agentMain, opts, progress);
  } finally {
    for (const child of idle) child.kill('SIGKILL');
  }
}

/** The latest process table the hub holds for the bench agent: its time and process count. */
async function latestTable(port: number, viewerToken: string | undefined): Promise<{ tsMs: number; processCount: number } | null> {
  const res = await fetch(`http://127.0.0.1:${port}/api/hosts/bench-agent/processes`, { headers: { [CLIENT_ID_HEADER]: 'bench-observer', ...viewerHeaders(viewerToken) } });
  if (!res.ok) return null;
  return ((await res.json()) as ProcessesResponse).table;
}

async function measureAgent(agentMain: string, opts: AgentFootprintOptions, progress: Progress): Promise<AgentFootprint> {
  progress('agent: starting hub');
  const hub = await startHub({ viewerToken: opts.viewerToken });
  const spawnLog = join(tmpdir(), `hostpulse-bench-spawns-${process.pid}.jsonl`);
  rmSync(spawnLog, { force: true });
  const intervalMs = 1000;
  const args = ['--import', pathToFileURL(SPAWN_COUNTER).href, agentMain];
  args.push('--hub', `ws://127.0.0.1:${hub.port}`, '--token', BENCH_TOKEN, '--interval', String(intervalMs), '--host-id', 'bench-agent');
  const agent = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, HOSTPULSE_BENCH_SPAWN_LOG: spawnLog, LOG_LEVEL: 'warn' },
  });
  try {
    progress('agent: waiting for the real agent to connect');
    const deadline = Date.now() + 30_000;
    while ((await hub.stats()).agents.connected < 1) {
      if (Date.now() > deadline || agent.exitCode !== null) throw new UserError('the agent did not connect to the hub within 30 s');
      await sleep(250);
    }
    await sleep(opts.warmupMs);
    progress(`agent: measuring ${opts.seconds} s at a ${intervalMs} ms interval`);
    const pid = agent.pid!;
    const statsBefore = await hub.stats();
    const spawnsBefore = readSpawns(spawnLog).length;
    const cpuStart = treeCpuSec(processTree(pid));
    const startMs = performance.now();
    const rss: number[] = [];
    const childPids = new Set<number>();
    const tableTimes = new Set<number>();
    let lastTable: { tsMs: number; processCount: number } | null = null;
    const endAt = startMs + opts.seconds * 1000;
    let nextRssAt = startMs;
    while (performance.now() < endAt) {
      const tree = processTree(pid);
      for (const p of tree) if (p.pid !== pid) childPids.add(p.pid);
      if (performance.now() >= nextRssAt) {
        rss.push(tree.reduce((sum, p) => sum + (readProcStatus(p.pid)?.rssBytes ?? 0), 0));
        nextRssAt += 1000;
        lastTable = (await latestTable(hub.port, opts.viewerToken)) ?? lastTable;
        if (lastTable) tableTimes.add(lastTable.tsMs);
      }
      await sleep(100);
    }
    const windowSec = (performance.now() - startMs) / 1000;
    const cpuSec = treeCpuSec(processTree(pid)) - cpuStart;
    const statsAfter = await hub.stats();
    const spawns = readSpawns(spawnLog).slice(spawnsBefore);
    const childCommands: Record<string, number> = {};
    for (const s of spawns) childCommands[s.file] = (childCommands[s.file] ?? 0) + 1;
    const ticks = Math.round((windowSec * 1000) / intervalMs);
    return {
      intervalMs,
      windowSec,
      cpuPct: (100 * cpuSec) / windowSec,
      rssPeakBytes: Math.max(0, ...rss),
      rssMeanBytes: rss.length ? rss.reduce((a, b) => a + b, 0) / rss.length : 0,
      agentHwmBytes: readProcStatus(pid)?.peakRssBytes ?? 0,
      ticks,
      childStarts: spawns.length,
      childStartsPerTick: ticks > 0 ? spawns.length / ticks : 0,
      childCommands,
      childPidsSeen: childPids.size,
      samplesPerSecAtHub: (statsAfter.agents.samplesPerSec + statsBefore.agents.samplesPerSec) / 2,
      extraProcesses: opts.extraProcesses,
      processesSeenByAgent: lastTable?.processCount ?? null,
      processTables: tableTimes.size,
    };
  } finally {
    const exited = new Promise<void>((done) => (agent.exitCode !== null ? done() : agent.once('exit', () => done())));
    agent.kill('SIGTERM');
    const killTimer = setTimeout(() => agent.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killTimer);
    rmSync(spawnLog, { force: true });
    await hub.stop();
  }
}

function readSpawns(path: string): { tsMs: number; kind: string; file: string }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { tsMs: number; kind: string; file: string });
}
