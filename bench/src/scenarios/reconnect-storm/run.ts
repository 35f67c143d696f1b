import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '@hostpulse/common';
import WebSocket from 'ws';
import { LIVE_PATH, STATS_TOPIC, type HubStats } from '@hostpulse/protocol';
import { freePort } from '@hostpulse/testkit/ports';
import { ChildLink } from '../../kit/child-link.js';
import { startCpuWindow, sleep } from '../../kit/cpu-window.js';
import { startHub, viewerHeaders, type HubProcess } from '../../kit/hub-process.js';
import { formatNumber, formatTable } from '../../kit/table.js';
import { splitEvenly, type Progress } from '../../roles/launch.js';
import type { StormAgent, StormAgentsReport, StormAgentsStartArgs } from './storm-agents.js';

/** What a reconnect storm is run with. */
export interface StormOptions {
  agents: number;
  /** Processes sharing the agents. */
  agentProcs: number;
  /** Longest a phase waits for every agent to be online. */
  deadlineMs: number;
  /** The hub's main.js; the default is this repository's build. */
  hubMain?: string | undefined;
  /** Names the hub build in the table ("this build", "before"). */
  build: string;
  viewerToken: string | undefined;
  /** Runs the hubs under --cpu-prof, writing their profiles here. */
  profileDir: string | undefined;
}

/** One storm: every agent connecting at once to a hub that just started. */
export interface StormPhase {
  phase: 'cold start' | 'restart';
  agents: number;
  /** Agents online when the phase ended (all of them, or as many as were by the deadline). */
  online: number;
  /** From the hub listening (restart) or the agents starting (cold start) until all were online; null when the deadline came first. */
  allOnlineMs: number | null;
  elapsedMs: number;
  /** The hub's event-loop delay p99 of each second of the phase, from its own /api/stats. */
  eventLoopP99MsBySecond: number[];
  eventLoopP99MaxMs: number | null;
  /** The hub's CPU of the same seconds, percent of one core. */
  hubCpuPctBySecond: number[];
  hubCpuPct: number;
  attempts: number;
  refusals: Record<string, number>;
}

/** The storm's result: the cold start that fills the hub's data dir, then the restart the target is about. */
export interface StormResult {
  build: string;
  agents: number;
  /** Seconds the restarted hub took from its start to its listening line (it restores every host from disk first). */
  restartListenMs: number;
  /** The machine's 1-minute load average at the start and the end: other work on two cores shows in every figure. */
  loadAverage: [number, number];
  phases: StormPhase[];
}

const INTERVAL_MS = 60_000;
const POLL_MS = 500;

/** Agent i's loopback source address, 127.1.0.0 and up: one address per agent, as hosts in the field have. */
function sourceAddress(i: number): string {
  return `127.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

/** Raises a process's soft descriptor limit to its hard one when below `needed` (prlimit); throws when even the hard one is too low. */
function ensureDescriptors(pid: number, needed: number, what: string): void {
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  const [soft, hard] = [match?.[1], match?.[2]].map((v) => (v === undefined || v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v)));
  if (soft! >= needed) return;
  if (hard! < needed) throw new UserError(`${what} needs ${needed} file descriptors; its hard limit is ${hard}: raise it (ulimit -Hn, or LimitNOFILE)`);
  execFileSync('prlimit', ['--pid', String(pid), `--nofile=${hard}:${hard}`]);
}

/**
 * The hub's event-loop delay p99 of each second, from the frames of its `stats`
 * topic: one per second, each over the second before it. The frame sent on
 * subscribing repeats the last one and is skipped.
 */
function watchLoopDelay(hub: HubProcess): { bySecond: number[]; cpuPctBySecond: number[]; close(): void } {
  const bySecond: number[] = [];
  const cpuPctBySecond: number[] = [];
  const ws = new WebSocket(`ws://127.0.0.1:${hub.port}${LIVE_PATH}`, { headers: viewerHeaders(hub.viewerToken) });
  let frames = 0;
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', topic: STATS_TOPIC })));
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString('utf8')) as { type: string; stats?: HubStats };
    if (msg.type !== 'stats' || !msg.stats || frames++ === 0) return;
    bySecond.push(msg.stats.process.eventLoopDelayP99Ms);
    cpuPctBySecond.push(msg.stats.process.cpuPct);
  });
  ws.on('error', () => undefined);
  return { bySecond, cpuPctBySecond, close: () => ws.terminate() };
}

/** Waits until every agent is online or the deadline passes, reading the hub's own per-second figures meanwhile. */
async function measurePhase(phase: StormPhase['phase'], hub: HubProcess, links: ChildLink[], opts: StormOptions, startMs: number, progress: Progress): Promise<StormPhase> {
  const cpu = startCpuWindow(hub.pid);
  const loop = watchLoopDelay(hub);
  let report: StormAgentsReport[] = [];
  let allOnlineMs: number | null = null;
  let lastProgressMs = 0;
  while (performance.now() - startMs < opts.deadlineMs) {
    report = await Promise.all(links.map((link) => link.call('report', undefined, 10_000) as Promise<StormAgentsReport>));
    const online = report.reduce((sum, r) => sum + r.online, 0);
    if (online === opts.agents) {
      allOnlineMs = performance.now() - startMs;
      break;
    }
    if (performance.now() - lastProgressMs > 10_000) {
      progress(`storm ${opts.build}, ${phase}: ${online} of ${opts.agents} online after ${((performance.now() - startMs) / 1000).toFixed(0)} s`);
      lastProgressMs = performance.now();
    }
    await sleep(POLL_MS);
  }
  // The second in which the last agent came is in the next stats frame.
  await sleep(1100);
  loop.close();
  const p99s = loop.bySecond;
  const sum = (pick: (r: StormAgentsReport) => number): number => report.reduce((total, r) => total + pick(r), 0);
  const refusals: Record<string, number> = {};
  for (const r of report) for (const [status, count] of Object.entries(r.refusals)) refusals[status] = (refusals[status] ?? 0) + count;
  return {
    phase,
    agents: opts.agents,
    online: sum((r) => r.online),
    allOnlineMs,
    elapsedMs: performance.now() - startMs,
    eventLoopP99MsBySecond: p99s,
    eventLoopP99MaxMs: p99s.length > 0 ? Math.max(...p99s) : null,
    hubCpuPctBySecond: loop.cpuPctBySecond,
    hubCpuPct: cpu.finish().pct,
    attempts: sum((r) => r.attempts),
    refusals,
  };
}

/**
 * The reconnect storm: a hub with a data dir and one per-host token per agent
 * (--agent-tokens-file), `agents` simulated agents each on its own loopback
 * address connecting at once (cold start), then the hub restarted on the same
 * port and every agent reconnecting at once. Each phase ends once all are online
 * (agents send no samples, so steady ingest never starts) or at the deadline.
 */
export async function runReconnectStorm(opts: StormOptions, progress: Progress): Promise<StormResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-storm-'));
  const loadAtStart = loadavg()[0]!;
  const links: ChildLink[] = [];
  let hub: HubProcess | undefined;
  try {
    const agents: StormAgent[] = Array.from({ length: opts.agents }, (_, i) => ({
      hostId: `storm-${String(i).padStart(5, '0')}`,
      token: randomBytes(16).toString('hex'),
      localAddress: sourceAddress(i),
    }));
    const tokensFile = join(dir, 'agent-tokens');
    writeFileSync(tokensFile, agents.map((a) => `${a.hostId} ${a.token}\n`).join(''), { mode: 0o600 });
    // A port of its own from the start: uSockets sets SO_REUSEADDR only for an explicit port, and
    // the restarted hub must listen again while the old one's connections sit in TIME_WAIT.
    const port = await freePort();
    const hubArgs = ['--port', String(port), '--agent-tokens-file', tokensFile, '--data-dir', join(dir, 'data'), '--max-hosts', String(opts.agents)];
    const hubDescriptors = opts.agents + 1000;
    hub = await startHub({ args: hubArgs, hubMain: opts.hubMain, viewerToken: opts.viewerToken, profileDir: opts.profileDir });
    ensureDescriptors(hub.pid, hubDescriptors, 'the hub');
    const parts = splitEvenly(agents, opts.agentProcs);
    for (const [i, part] of parts.entries()) {
      const link = ChildLink.start(`storm agents ${i + 1}`, 'storm-agents');
      links.push(link);
      ensureDescriptors(link.pid, part.length + 500, `storm agents ${i + 1}`);
    }
    const hubUrl = `ws://127.0.0.1:${hub.port}`;
    progress(`storm ${opts.build}: ${opts.agents} agents with per-host tokens connect at once (cold start)`);
    const coldStartMs = performance.now();
    await Promise.all(links.map((link, i) => link.call('start', { hubUrl, agents: parts[i]!, intervalMs: INTERVAL_MS } satisfies StormAgentsStartArgs, 60_000)));
    const cold = await measurePhase('cold start', hub, links, opts, coldStartMs, progress);
    progress(`storm ${opts.build}: restarting the hub on port ${port}`);
    await hub.stop(30_000);
    const restartMs = performance.now();
    hub = await startHub({ args: hubArgs, hubMain: opts.hubMain, viewerToken: opts.viewerToken, profileDir: opts.profileDir });
    const listeningMs = performance.now();
    ensureDescriptors(hub.pid, hubDescriptors, 'the hub');
    const restart = await measurePhase('restart', hub, links, opts, listeningMs, progress);
    return { build: opts.build, agents: opts.agents, restartListenMs: listeningMs - restartMs, loadAverage: [loadAtStart, loadavg()[0]!], phases: [cold, restart] };
  } finally {
    await Promise.all(links.map((link) => link.call('stop', undefined, 10_000).catch(() => undefined)));
    await hub?.stop(30_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The storm's table: one row per build and phase. */
export function formatStormTable(results: readonly StormResult[]): string {
  const rows = results.flatMap((r) =>
    r.phases.map((p) => [
      `${r.build}, ${p.phase}`,
      `${formatNumber(p.online)}/${formatNumber(p.agents)}`,
      p.allOnlineMs === null ? `not by ${formatNumber(p.elapsedMs / 1000, 0)} s` : formatNumber(p.allOnlineMs / 1000, 1),
      formatNumber(p.eventLoopP99MaxMs, 0),
      p.eventLoopP99MsBySecond.length > 0 ? formatNumber([...p.eventLoopP99MsBySecond].sort((a, b) => a - b)[Math.floor(p.eventLoopP99MsBySecond.length / 2)], 0) : '-',
      formatNumber(p.hubCpuPct, 0),
      formatNumber(p.attempts),
      Object.entries(p.refusals).map(([status, n]) => `${status}:${n}`).join(' ') || '-',
    ]),
  );
  const restarts = results
    .map((r) => `${r.build}: the restarted hub listened ${formatNumber(r.restartListenMs / 1000, 1)} s after its start; load average ${formatNumber(r.loadAverage[0], 2)} at the start, ${formatNumber(r.loadAverage[1], 2)} at the end`)
    .join('\n');
  return (
    formatTable(['reconnect storm (target: all online <= 60 s, loop p99 < 100 ms)', 'online', 'all online s', 'loop p99 max ms', 'loop p99 median ms', 'hub CPU %', 'attempts', 'refused'], rows) +
    '\n' +
    restarts +
    '\n'
  );
}
