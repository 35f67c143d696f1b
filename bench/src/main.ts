#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { runMain } from '@hostpulse/common';
import { benchHelp, parseBenchConfig, type BenchConfig } from './config.js';
import { ROOT_DIR } from './kit/hub-process.js';
import type { Progress } from './roles/launch.js';
import { FRESHNESS_INTERVALS_MS } from './scenarios/push-vs-poll/freshness.js';
import { formatReport } from './report/report.js';
import { formatClusterTable, type ClusterResult } from './scenarios/cluster/cluster-result.js';
import { runAgentFootprint, type AgentFootprint } from './scenarios/agent-footprint/run.js';
import { runCluster } from './scenarios/cluster/run.js';
import { FANOUT_TARGETS, runFanout, type FanoutResult } from './scenarios/fanout/run.js';
import { runPushVsPoll } from './scenarios/push-vs-poll/run.js';
import { runSoak } from './scenarios/soak/run.js';
import { runStorage } from './scenarios/storage/run.js';
import { formatStormTable, runReconnectStorm, type StormResult } from './scenarios/reconnect-storm/run.js';
import type { SoakResult } from './scenarios/soak/soak-result.js';
import { formatSoakTable } from './scenarios/soak/soak-table.js';
import type { StorageResult } from './scenarios/storage/storage-result.js';
import { checkTargets } from './report/targets.js';
import type { TransportResult } from './scenarios/push-vs-poll/transport-result.js';
import { killChildrenOnSignal } from './kit/children.js';

const FULL_INTERVALS_MS = [1000, 500, 200, 100, 50, 20, 10, 5, 2];
const QUICK_INTERVALS_MS = [1000, 100];

function machine(): Record<string, unknown> {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memTotalBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function run(config: BenchConfig, progress: Progress): Promise<void> {
  const startedMs = Date.now();
  const wants = (name: string): boolean => (config.scenario === 'all' && !['soak', 'cluster', 'storage', 'storm'].includes(name)) || config.scenario === name;
  const profileDir = config.profileHub ? resolve(ROOT_DIR, config.out, 'profiles') : undefined;
  const warmupMs = config.quick ? 1500 : 3000;
  const pushPoll: TransportResult[] = [];
  let freshness: TransportResult[] = [];
  let fanout: FanoutResult[] = [];
  let agent: AgentFootprint[] = [];
  let soak: SoakResult | null = null;
  let cluster: ClusterResult | null = null;
  let storage: StorageResult | null = null;
  const storm: StormResult[] = [];
  const { viewerToken } = config;
  const common = { seconds: config.seconds, warmupMs, pollIntervalsMs: [1000], clientProcs: config.clientProcs, profileDir, viewerToken };
  if (wants('detail')) pushPoll.push(...(await runPushVsPoll({ kind: 'detail', hosts: 50, clients: 200, ...common }, progress)));
  if (wants('overview')) pushPoll.push(...(await runPushVsPoll({ kind: 'overview', hosts: 200, clients: 200, ...common }, progress)));
  if (wants('freshness')) {
    freshness = await runPushVsPoll({ kind: 'freshness', hosts: 50, clients: 200, ...common, pollIntervalsMs: FRESHNESS_INTERVALS_MS }, progress);
  }
  if (wants('fanout')) {
    fanout = await runFanout(
      {
        clients: 200,
        topics: 10,
        intervalsMs: config.quick ? QUICK_INTERVALS_MS : FULL_INTERVALS_MS,
        stepSeconds: config.stepSeconds,
        clientProcs: config.clientProcs,
        targets: config.fanoutTarget === 'all' ? FANOUT_TARGETS : FANOUT_TARGETS.filter((t) => t === config.fanoutTarget),
        profileDir,
        viewerToken,
      },
      progress,
    );
  }
  if (wants('agent')) agent = await runAgentFootprint({ seconds: config.agentSeconds, warmupMs: config.quick ? 2000 : 5000, extraProcesses: config.extraProcesses, viewerToken }, progress);
  if (wants('soak')) soak = await runSoak({ minutes: config.minutes, agents: 200, dashboards: 200, clientProcs: config.clientProcs, viewerToken }, progress);
  if (wants('cluster')) {
    cluster = await runCluster({ hosts: 200, dashboards: 200, hubs: 3, seconds: config.seconds, warmupMs, afterKillMs: config.quick ? 8000 : 15_000, profileDir, viewerToken }, progress);
  }
  if (wants('storage')) storage = await runStorage({ quick: config.quick, beforeHub: config.beforeHub, clientProcs: config.clientProcs, profileDir, viewerToken }, progress);
  if (wants('storm')) {
    const stormOptions = { agents: config.stormAgents, agentProcs: config.clientProcs, deadlineMs: config.stormDeadlineSeconds * 1000, viewerToken, profileDir };
    if (config.beforeHub) storm.push(await runReconnectStorm({ ...stormOptions, hubMain: config.beforeHub, build: 'before' }, progress));
    storm.push(await runReconnectStorm({ ...stormOptions, build: 'this build' }, progress));
  }
  const checks = checkTargets({ pushPoll, freshness, fanout, agent, storage });
  const text = soak ? formatSoakTable(soak) + '\n' : cluster ? formatClusterTable(cluster) : storm.length > 0 ? formatStormTable(storm) : formatReport({ pushPoll, freshness, fanout, agent, storage, checks });
  const finishedMs = Date.now();
  const outDir = resolve(ROOT_DIR, config.out);
  mkdirSync(outDir, { recursive: true });
  const file = resolve(outDir, `${new Date(startedMs).toISOString().replace(/:/g, '-')}.json`);
  const results = { startedAt: new Date(startedMs).toISOString(), durationSec: (finishedMs - startedMs) / 1000, config, machine: machine(), pushPoll, freshness, fanout, agent, soak, cluster, storage, storm, targets: checks };
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write('\n' + text);
  process.stdout.write(`\nrun took ${((finishedMs - startedMs) / 1000).toFixed(0)} s; full results: ${file}\n`);
}

killChildrenOnSignal();
await runMain('hostpulse-bench', async () => {
  const parsed = parseBenchConfig(process.argv.slice(2), process.env);
  if (parsed.action === 'help') return void process.stdout.write(benchHelp());
  if (parsed.action === 'version') {
    const pkg = JSON.parse(readFileSync(resolve(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };
    return void process.stdout.write(`hostpulse-bench ${pkg.version}\n`);
  }
  const t0 = Date.now();
  const progress: Progress = (line) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
  await run(parsed.config, progress);
});
