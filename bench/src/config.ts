import { existsSync } from 'node:fs';
import { parseCli, formatHelp, ConfigError } from '@hostpulse/common';
import { FANOUT_TARGETS } from './scenarios/fanout/run.js';

/** Scenarios the bench can run. */
export const SCENARIOS = ['detail', 'overview', 'freshness', 'fanout', 'agent', 'soak', 'cluster', 'storage', 'storm', 'all'] as const;

/** One scenario name, or all. */
export type ScenarioName = (typeof SCENARIOS)[number];

const specs = {
  scenario: { kind: 'string', default: 'all', valueName: 'NAME', help: `scenario to run: ${SCENARIOS.join('|')} (all is every one but soak, cluster, storage and storm); also given as the first word` },
  minutes: { kind: 'integer', default: 10, min: 1, max: 120, help: 'minutes the soak runs' },
  seconds: { kind: 'integer', default: 20, min: 1, max: 600, help: 'seconds per push or poll measurement' },
  stepSeconds: { kind: 'integer', default: 4, min: 1, max: 60, help: 'seconds per fan-out ramp step' },
  fanoutTarget: { kind: 'string', default: 'all', valueName: 'NAME', help: `fan-out target to ramp: ${[...FANOUT_TARGETS, 'all'].join('|')}` },
  agentSeconds: { kind: 'integer', default: 60, min: 1, max: 3600, help: 'seconds each form of the agent, and node_exporter, is measured' },
  extraProcesses: { kind: 'integer', default: 0, min: 0, max: 2000, help: 'idle processes (sleep) the agent scenario starts beside the agents, so their top-processes reading has more to read' },
  clientProcs: { kind: 'integer', default: 2, min: 1, max: 16, help: 'processes sharing the simulated dashboards' },
  quick: { kind: 'boolean', default: false, help: 'short smoke run: 3 s windows, 1 s steps, 5 s agent, fewer ramp steps' },
  profileHub: { kind: 'boolean', default: false, help: 'run the detail, overview, fan-out, cluster, storage ingest and storm hubs under node --cpu-prof; profiles go to <out>/profiles' },
  beforeHub: {
    kind: 'string',
    valueName: 'FILE',
    help: "storage: also measure the memory of another build's hub, such as one from before the history store (git worktree add --detach /tmp/main-hub 2236fbf; npm ci and npx tsc -b hub there; then --before-hub /tmp/main-hub/hub/dist/main.js); storm: also storm that build's hub, first",
  },
  stormAgents: { kind: 'integer', default: 10_000, min: 10, max: 20_000, help: 'storm: agents reconnecting at once, each with its own per-host token and loopback address' },
  stormDeadlineSeconds: { kind: 'integer', default: 120, min: 5, max: 1200, help: 'storm: longest each phase waits for every agent to be online' },
  viewerToken: {
    kind: 'string',
    env: 'HOSTPULSE_VIEWER_TOKEN',
    valueName: 'TOKEN',
    help: "viewer token the bench's hubs require; every simulated dashboard and stats read sends it (a hub started with HOSTPULSE_VIEWER_TOKEN set needs it)",
  },
  out: { kind: 'string', default: 'bench/results', valueName: 'DIR', help: 'directory for the results JSON (relative to the repository root)' },
} as const;

/** Usage line of --help. */
export const USAGE = `usage: npm run bench -- [SCENARIO] [options]

Runs hostpulse on loopback under simulated load and prints a table; the full
results go to <out>/<ISO timestamp>.json. Scenarios: detail (50 hosts, 200
dashboards each on one host), overview (200 hosts, 200 dashboards on the
overview), each push then poll at 1 s; freshness (50 hosts, 200 dashboards each
on one host, push then poll at 1000, 500, 250 and 100 ms: what poll costs at the
freshness push gives); fanout (bare uWebSockets.js, bare ws,
hub push, hub poll, ramping the publish rate until something saturates);
agent (the real agent at 1 s as tsc output, bundle and executable, then
node_exporter scraped every second: CPU with children, RSS, child processes;
--extra-processes N starts N idle processes beside them).
The full run takes about 12 minutes on 2 cores. soak (run alone, never by all:
npm run bench -- soak --minutes 10): 200 agents dropping, pausing and restarting
at random, 100 push and 100 poll dashboards on host topics; reports the hub's RSS
growth after warm-up, samples lost and errors; takes --minutes plus about a minute.
cluster (run alone: npm run bench -- cluster): one hub, then 3 hubs on one
nats-server (Debian's /usr/sbin/nats-server), 200 hosts spread over the hubs and
200 push dashboards each on another hub than its host's: added staleness, CPU per
sample per hub, the nats-server's CPU and RSS, then hub 1 SIGKILLed and the samples
lost counted; about 2.5 minutes.
storage (run alone, never by all: npm run bench -- storage): hub RSS holding an
hour of 1,000 4-core and 100 16-core hosts, bytes per value on disk per tier from
the real agent's samples, ingest CPU with and without --data-dir, series query
latency per window over 30 prefilled days, window loads through a 1 MB/s relay.
storm (run alone: npm run bench -- storm): 10,000 agents, each with its own
per-host token (--agent-tokens-file) and loopback address (127.1.x.y), connect
at once to a hub with a data dir, then again after the hub restarts: time until
all are online and the hub's event-loop delay p99 meanwhile; a few minutes.`;

/** The bench's settings, validated. */
export interface BenchConfig {
  scenario: ScenarioName;
  minutes: number;
  seconds: number;
  stepSeconds: number;
  fanoutTarget: string;
  agentSeconds: number;
  extraProcesses: number;
  clientProcs: number;
  quick: boolean;
  profileHub: boolean;
  beforeHub: string | undefined;
  stormAgents: number;
  stormDeadlineSeconds: number;
  /** The hubs' viewer token; undefined when they need none. */
  viewerToken: string | undefined;
  out: string;
}

/** The --help text. */
export function benchHelp(): string {
  return formatHelp(USAGE, specs);
}

/** Reads the bench's flags; --quick shortens every window unless a flag sets it. */
export function parseBenchConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { action: 'help' } | { action: 'version' } | { action: 'run'; config: BenchConfig } {
  // `soak` as the first word is `--scenario soak`, as the issue writes the command.
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-')) argv = ['--scenario', first, ...argv.slice(1)];
  const result = parseCli(specs, argv, env);
  if (result.action !== 'run') return result;
  const o = result.options;
  if (!(SCENARIOS as readonly string[]).includes(o.scenario)) {
    throw new ConfigError(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${o.scenario}"`);
  }
  if (!([...FANOUT_TARGETS, 'all'] as readonly string[]).includes(o.fanoutTarget)) {
    throw new ConfigError(`--fanout-target must be ${FANOUT_TARGETS.join(', ')} or all, got "${o.fanoutTarget}"`);
  }
  if (o.beforeHub !== undefined && !existsSync(o.beforeHub)) {
    throw new ConfigError(`--before-hub must name a built hub's main.js, such as /tmp/main-hub/hub/dist/main.js; "${o.beforeHub}" does not exist`);
  }
  const given = (flag: string): boolean => argv.some((a) => a === flag || a.startsWith(flag + '='));
  const config: BenchConfig = {
    scenario: o.scenario as ScenarioName,
    minutes: o.minutes,
    seconds: o.quick && !given('--seconds') ? 3 : o.seconds,
    stepSeconds: o.quick && !given('--step-seconds') ? 1 : o.stepSeconds,
    fanoutTarget: o.fanoutTarget,
    agentSeconds: o.quick && !given('--agent-seconds') ? 5 : o.agentSeconds,
    extraProcesses: o.extraProcesses,
    clientProcs: o.clientProcs,
    quick: o.quick,
    profileHub: o.profileHub,
    beforeHub: o.beforeHub,
    stormAgents: o.quick && !given('--storm-agents') ? 1000 : o.stormAgents,
    stormDeadlineSeconds: o.stormDeadlineSeconds,
    viewerToken: o.viewerToken,
    out: o.out,
  };
  return { action: 'run', config: Object.freeze(config) };
}
