import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { CLIENT_ID_HEADER, type ProcessesResponse } from '@hostpulse/protocol';
import { UserError } from '@hostpulse/common';
import { sleep } from '../../kit/cpu-window.js';
import { BENCH_TOKEN, ROOT_DIR, startHub, viewerHeaders, type HubProcess } from '../../kit/hub-process.js';
import type { Progress } from '../../roles/launch.js';
import { processTree, readProcStatus, treeCpuSec } from '../../kit/proc-stat.js';
import { tracked } from '../../kit/children.js';

/** What the agent scenario measures, side by side in one run. */
export const AGENT_TARGETS = ['node dist/main.js', 'node hostpulse-agent.mjs', 'hostpulse-agent-linux-x64', 'node_exporter'] as const;

/** One of AGENT_TARGETS. */
export type AgentTarget = (typeof AGENT_TARGETS)[number];

/** One program's cost over a window at a 1 s interval. */
export interface AgentFootprint {
  target: AgentTarget;
  /** Why it was not measured (not built, not installed); null when it was. */
  absent: string | null;
  intervalMs: number;
  windowSec: number;
  /** CPU of the program and every child process, live or reaped, in percent of one core. */
  cpuPct: number;
  rssPeakBytes: number;
  rssMeanBytes: number;
  /** Peak RSS of the process alone as the kernel recorded it since it started (VmHWM). */
  peakHwmBytes: number;
  ticks: number;
  /** Child processes started, from a preload that wraps spawn; null where none can be preloaded (the executable, node_exporter). */
  childStarts: number | null;
  /** Child commands started, by name, with counts. */
  childCommands: Record<string, number>;
  /** Distinct child pids seen by sampling the process tree every 100 ms (a cross-check). */
  childPidsSeen: number;
  /** Samples per second the hub received from it, or for node_exporter the scrapes per second it answered. */
  deliveredPerSec: number;
  /** Process tables the hub received from the agent in the window; null for node_exporter. */
  processTables: number | null;
  /** Processes on the host as the agent's last process table counted them; null when it sent none. */
  processesSeenByAgent: number | null;
}

/** Options of the agent scenario. */
export interface AgentFootprintOptions {
  seconds: number;
  warmupMs: number;
  /** Idle processes started beside the agents (--extra-processes), so their top-processes reading has more to read. */
  extraProcesses: number;
  viewerToken: string | undefined;
}

const SPAWN_COUNTER = fileURLToPath(new URL('./spawn-counter.js', import.meta.url));
const INTERVAL_MS = 1000;

/** node_exporter as Debian packages it (prometheus-node-exporter), or as upstream names it on PATH. */
function findNodeExporter(): string | null {
  const onPath = (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, 'node_exporter'));
  return ['/usr/bin/prometheus-node-exporter', ...onPath].find((path) => existsSync(path)) ?? null;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** How to start one target, or why it cannot be. */
type Launch = { command: string; args: string[]; env: NodeJS.ProcessEnv; countSpawns: boolean; scrapeUrl?: string } | { absent: string };

// node_exporter logs every collector that fails on every scrape (systemd, where it does
// not run); the agents log only warnings, which are worth seeing.

/** The host id a target's agent runs under. */
function hostIdOf(target: AgentTarget): string {
  return `bench-${target.replace(/[^a-z0-9]+/g, '-')}`;
}

async function launchOf(target: AgentTarget, hub: HubProcess, spawnLog: string): Promise<Launch> {
  const dist = resolve(ROOT_DIR, 'agent/dist');
  const agentArgs = ['--hub', `ws://127.0.0.1:${hub.port}`, '--token', BENCH_TOKEN, '--interval', String(INTERVAL_MS), '--host-id', hostIdOf(target)];
  const env = { ...process.env, HOSTPULSE_BENCH_SPAWN_LOG: spawnLog, LOG_LEVEL: 'warn' };
  const preload = ['--import', pathToFileURL(SPAWN_COUNTER).href];
  switch (target) {
    case 'node dist/main.js':
    case 'node hostpulse-agent.mjs': {
      const script = join(dist, target === 'node dist/main.js' ? 'main.js' : 'hostpulse-agent.mjs');
      if (!existsSync(script)) return { absent: `${script} missing: run npm run build` };
      return { command: process.execPath, args: [...preload, script, ...agentArgs], env, countSpawns: true };
    }
    case 'hostpulse-agent-linux-x64': {
      const executable = join(dist, target);
      if (process.arch !== 'x64') return { absent: `this machine is ${process.arch}` };
      if (!existsSync(executable)) return { absent: `${executable} missing: run npm run build:sea` };
      return { command: executable, args: agentArgs, env, countSpawns: false };
    }
    case 'node_exporter': {
      const exporter = findNodeExporter();
      if (!exporter) return { absent: 'node_exporter is not installed: apt-get install prometheus-node-exporter' };
      const port = await freeLoopbackPort();
      return { command: exporter, args: [`--web.listen-address=127.0.0.1:${port}`], env: process.env, countSpawns: false, scrapeUrl: `http://127.0.0.1:${port}/metrics` };
    }
  }
}

function absentRow(target: AgentTarget, absent: string): AgentFootprint {
  return { target, absent, intervalMs: INTERVAL_MS, windowSec: 0, cpuPct: 0, rssPeakBytes: 0, rssMeanBytes: 0, peakHwmBytes: 0, ticks: 0, childStarts: null, childCommands: {}, childPidsSeen: 0, deliveredPerSec: 0, processTables: null, processesSeenByAgent: null };
}

/** The latest process table the hub holds for a host: its time and process count. */
async function latestTable(hub: HubProcess, hostId: string, viewerToken: string | undefined): Promise<{ tsMs: number; processCount: number } | null> {
  const res = await fetch(`http://127.0.0.1:${hub.port}/api/hosts/${hostId}/processes`, { headers: { [CLIENT_ID_HEADER]: 'bench-observer', ...viewerHeaders(viewerToken) } });
  if (!res.ok) return null;
  return ((await res.json()) as ProcessesResponse).table;
}

/** Starts `count` idle `sleep` processes, so the host has that many more processes for an agent to read. */
function startIdleProcesses(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => tracked(spawn('sleep', ['3600'], { stdio: 'ignore' })));
}

/** Scrapes node_exporter once a second, as a Prometheus with a 1 s scrape interval would, until stopped. */
function scrapeEverySecond(url: string): { answered: () => number; stop: () => Promise<void> } {
  let answered = 0;
  let running = true;
  const loop = (async () => {
    for (let next = performance.now(); running; next += INTERVAL_MS) {
      const res = await fetch(url).catch(() => null);
      if (res?.ok) {
        await res.arrayBuffer();
        answered++;
      }
      await sleep(Math.max(0, next + INTERVAL_MS - performance.now()));
    }
  })();
  return {
    answered: () => answered,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((done) => (proc.exitCode !== null || proc.signalCode !== null ? done() : proc.once('exit', () => done())));
  proc.kill('SIGTERM');
  const killTimer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killTimer);
}

/** Starts one target, lets it warm up, and measures its whole process tree for `seconds`. */
async function measureTarget(target: AgentTarget, hub: HubProcess, opts: AgentFootprintOptions, progress: Progress): Promise<AgentFootprint> {
  const spawnLog = join(tmpdir(), `hostpulse-bench-spawns-${process.pid}.jsonl`);
  rmSync(spawnLog, { force: true });
  const launch = await launchOf(target, hub, spawnLog);
  if ('absent' in launch) {
    progress(`agent: ${target} ABSENT (${launch.absent})`);
    return absentRow(target, launch.absent);
  }
  progress(`agent: starting ${target}`);
  const proc = tracked(spawn(launch.command, launch.args, { stdio: ['ignore', 'ignore', launch.scrapeUrl ? 'ignore' : 'inherit'], env: launch.env }));
  const scraper = launch.scrapeUrl ? scrapeEverySecond(launch.scrapeUrl) : null;
  try {
    const connectedBefore = (await hub.stats()).agents.connected;
    const deadline = Date.now() + 30_000;
    while (!scraper && (await hub.stats()).agents.connected <= connectedBefore) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new UserError(`${target} did not connect to the hub within 30 s`);
      await sleep(250);
    }
    await sleep(opts.warmupMs);
    progress(`agent: measuring ${target} for ${opts.seconds} s at a ${INTERVAL_MS} ms interval`);
    const pid = proc.pid!;
    const statsBefore = await hub.stats();
    const spawnsBefore = readSpawns(spawnLog).length;
    const scrapesBefore = scraper?.answered() ?? 0;
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
        if (!scraper) lastTable = (await latestTable(hub, hostIdOf(target), opts.viewerToken)) ?? lastTable;
        if (lastTable) tableTimes.add(lastTable.tsMs);
      }
      await sleep(100);
    }
    const windowSec = (performance.now() - startMs) / 1000;
    const cpuSec = treeCpuSec(processTree(pid)) - cpuStart;
    const peakHwmBytes = readProcStatus(pid)?.peakRssBytes ?? 0;
    const statsAfter = await hub.stats();
    const scrapes = (scraper?.answered() ?? 0) - scrapesBefore;
    const spawns = readSpawns(spawnLog).slice(spawnsBefore);
    const childCommands: Record<string, number> = {};
    for (const s of spawns) childCommands[s.file] = (childCommands[s.file] ?? 0) + 1;
    return {
      target,
      absent: null,
      intervalMs: INTERVAL_MS,
      windowSec,
      cpuPct: (100 * cpuSec) / windowSec,
      rssPeakBytes: Math.max(0, ...rss),
      rssMeanBytes: rss.length ? rss.reduce((a, b) => a + b, 0) / rss.length : 0,
      peakHwmBytes,
      ticks: Math.round((windowSec * 1000) / INTERVAL_MS),
      childStarts: launch.countSpawns ? spawns.length : null,
      childCommands,
      childPidsSeen: childPids.size,
      deliveredPerSec: scraper ? scrapes / windowSec : (statsAfter.agents.samplesPerSec + statsBefore.agents.samplesPerSec) / 2,
      processTables: scraper ? null : tableTimes.size,
      processesSeenByAgent: lastTable?.processCount ?? null,
    };
  } finally {
    await scraper?.stop();
    await stopProcess(proc);
    rmSync(spawnLog, { force: true });
  }
}

/**
 * The agent in each form it ships in (tsc output, the bundle, the executable), one after
 * another against one real hub, then node_exporter scraped once a second, each over the
 * same window, with `extraProcesses` idle processes beside them all. A target that is not
 * built or installed is reported as absent.
 */
export async function runAgentFootprint(opts: AgentFootprintOptions, progress: Progress): Promise<AgentFootprint[]> {
  if (opts.extraProcesses > 0) progress(`agent: starting ${opts.extraProcesses} idle processes`);
  const idle = startIdleProcesses(opts.extraProcesses);
  progress('agent: starting hub');
  try {
    const hub = await startHub({ viewerToken: opts.viewerToken });
    try {
      const rows: AgentFootprint[] = [];
      for (const target of AGENT_TARGETS) rows.push(await measureTarget(target, hub, opts, progress));
      return rows;
    } finally {
      await hub.stop();
    }
  } finally {
    for (const child of idle) child.kill('SIGKILL');
  }
}

function readSpawns(path: string): { tsMs: number; kind: string; file: string }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { tsMs: number; kind: string; file: string });
}
