import { unknownCommand, type ChildRole } from '@hostpulse/loadgen';
import { createRandom } from '@hostpulse/testkit/simulated-host';
import { sleep } from '../../kit/cpu-window.js';
import type { ProducedRun } from './lost-samples.js';
import { SoakAgent, type SoakAgentCounts } from './soak-agent.js';
import { startSpreadTimers, stopTimers } from '../../roles/spread-timers.js';

/** Start arguments of a soak-agents process. */
export interface SoakAgentsStartArgs {
  hubUrl: string;
  /** Other hubs to move to, in turn, when the hub in use goes away. */
  fallbackUrls?: string[];
  token: string;
  hostIds: string[];
  intervalMs: number;
  seed: number;
  /** Every this often, up to `faultsPerTick` live agents are hit by a fault. */
  faultEveryMs: number;
  faultsPerTick: number;
  /** Never more agents away at once than this. */
  maxAway: number;
}

/** Faults injected so far, by kind. */
export interface InjectedFaults {
  /** Socket destroyed without a close frame, back within 0.2-1 s. */
  drops: number;
  /** Socket destroyed, agent away 2-10 s while it keeps sampling. */
  pauses: number;
  /** Clean close once flushed, back with a new run id. */
  restarts: number;
}

/** What a soak-agents process reports while running. */
export interface SoakAgentsReport {
  agents: number;
  live: number;
  faults: InjectedFaults;
  counts: SoakAgentCounts;
}

/** What `drain` returns: the report, and every run each agent made, for the loss count. */
export interface SoakAgentsDrained extends SoakAgentsReport {
  runs: ProducedRun[];
  /** Agents still not live and flushed when the drain gave up. */
  unflushed: number;
}

const RESTART_SHARE = 0.1;
const DROP_SHARE = 0.45;
const DRAIN_LIMIT_MS = 30_000;

/**
 * Simulated agents for the soak: each samples at its interval whatever its link is
 * doing, and on a schedule a few random ones drop, pause or restart.
 */
export function createSoakAgentsRole(): ChildRole {
  let agents: SoakAgent[] = [];
  const timers: NodeJS.Timeout[] = [];
  const faults: InjectedFaults = { drops: 0, pauses: 0, restarts: 0 };
  const counts: SoakAgentCounts = { connects: 0, welcomes: 0, replayed: 0, unexpectedCloses: {}, errors: 0 };
  let rand: () => number = Math.random;

  function injectFaults(args: SoakAgentsStartArgs): void {
    const away = agents.filter((a) => !a.isLive).length;
    const live = agents.filter((a) => a.isLive);
    const hits = Math.min(args.faultsPerTick, args.maxAway - away, live.length);
    for (let i = 0; i < hits; i++) {
      const agent = live.splice(Math.floor(rand() * live.length), 1)[0]!;
      const roll = rand();
      if (roll < RESTART_SHARE && agent.isFlushed) {
        faults.restarts += 1;
        agent.restart(500);
      } else if (roll < RESTART_SHARE + DROP_SHARE) {
        faults.drops += 1;
        agent.drop(200 + rand() * 800);
      } else {
        faults.pauses += 1;
        agent.drop(2000 + rand() * 8000);
      }
    }
  }

  function report(): SoakAgentsReport {
    return { agents: agents.length, live: agents.filter((a) => a.isLive).length, faults, counts };
  }

  async function start(args: SoakAgentsStartArgs): Promise<SoakAgentsReport> {
    rand = createRandom(args.seed);
    const target = { hubUrl: args.hubUrl, fallbackUrls: args.fallbackUrls ?? [], token: args.token, intervalMs: args.intervalMs };
    agents = args.hostIds.map((id, i) => new SoakAgent(id, args.seed + i, target, counts));
    for (let i = 0; i < agents.length; i += 20) {
      for (const agent of agents.slice(i, i + 20)) agent.connect();
      await sleep(100);
    }
    // Samples are made on each agent's clock, offset so hosts do not tick together.
    startSpreadTimers(timers, agents.length, args.intervalMs, (i) => agents[i]!.produce());
    timers.push(setInterval(() => injectFaults(args), args.faultEveryMs));
    return report();
  }

  async function drain(): Promise<SoakAgentsDrained> {
    stopTimers(timers);
    const deadline = Date.now() + DRAIN_LIMIT_MS;
    while (Date.now() < deadline && agents.some((a) => !a.isFlushed)) await sleep(200);
    return { ...report(), runs: agents.flatMap((a) => a.runs), unflushed: agents.filter((a) => !a.isFlushed).length };
  }

  return {
    async handle(cmd, args) {
      switch (cmd) {
        case 'start':
          return start(args as SoakAgentsStartArgs);
        case 'report':
          return report();
        case 'drain':
          return drain();
        case 'stop':
          stopTimers(timers);
          for (const agent of agents) agent.stop();
          return null;
        default:
          throw unknownCommand('soak-agents', cmd);
      }
    },
  };
}
