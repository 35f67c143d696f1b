import WebSocket from 'ws';
import { AGENT_PATH } from '@hostpulse/protocol';
import { unknownCommand, type ChildRole } from '@hostpulse/loadgen';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';

/** One simulated agent of the storm: its host id, per-host token and the loopback address its socket is bound to. */
export interface StormAgent {
  hostId: string;
  token: string;
  localAddress: string;
}

/** Start arguments of a storm-agents process. */
export interface StormAgentsStartArgs {
  /** ws://127.0.0.1:PORT of the hub (the same port across its restart). */
  hubUrl: string;
  agents: StormAgent[];
  /** The interval each hello declares: long, so no host goes offline while it sends no samples. */
  intervalMs: number;
}

/** What a storm-agents process reports. */
export interface StormAgentsReport {
  /** Agents welcomed on their current socket. */
  online: number;
  /** Connection attempts since start. */
  attempts: number;
  /** Refused upgrades by HTTP status, and sockets closed by the hub by close code. */
  refusals: Record<string, number>;
  closeCodes: Record<string, number>;
}

// The agent's own reconnect delay is full jitter over 500 ms doubling to 30 s
// (agent/src/backoff.ts); capped at 5 s here, so a restart brings every agent back
// within seconds, as densely as a fleet would ever come.
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 5000;

/**
 * Agents that only connect: each sends hello on its own socket, bound to its own
 * loopback address, counts as online once welcomed, sends no samples, and
 * reconnects with full-jitter backoff whenever its socket closes or is refused,
 * until stopped. The whole fleet starts at once.
 */
export function createStormAgentsRole(): ChildRole {
  const online = new Set<string>();
  const sockets = new Set<WebSocket>();
  const refusals: Record<string, number> = {};
  const closeCodes: Record<string, number> = {};
  let attempts = 0;
  let stopped = false;

  function connect(args: StormAgentsStartArgs, agent: StormAgent, host: SimulatedHost, attempt: number): void {
    if (stopped) return;
    attempts += 1;
    const ws = new WebSocket(args.hubUrl + AGENT_PATH, {
      headers: { authorization: `Bearer ${agent.token}` },
      localAddress: agent.localAddress,
      perMessageDeflate: false,
    });
    sockets.add(ws);
    let welcomed = false;
    ws.on('open', () => ws.send(JSON.stringify(host.hello())));
    ws.once('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { type: string };
      if (msg.type !== 'welcome') return ws.terminate();
      welcomed = true;
      online.add(agent.hostId);
    });
    ws.on('unexpected-response', (_req, res) => {
      refusals[String(res.statusCode)] = (refusals[String(res.statusCode)] ?? 0) + 1;
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      sockets.delete(ws);
      if (welcomed) {
        online.delete(agent.hostId);
        closeCodes[String(code)] = (closeCodes[String(code)] ?? 0) + 1;
      }
      const ceilingMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
      const next = welcomed ? 0 : attempt + 1;
      setTimeout(() => connect(args, agent, host, next), Math.floor(Math.random() * ceilingMs));
    });
  }

  return {
    async handle(cmd, args) {
      switch (cmd) {
        case 'start': {
          const start = args as StormAgentsStartArgs;
          start.agents.forEach((agent, i) => connect(start, agent, new SimulatedHost(agent.hostId, start.intervalMs, i), 0));
          return null;
        }
        case 'report':
          return { online: online.size, attempts, refusals, closeCodes } satisfies StormAgentsReport;
        case 'stop':
          stopped = true;
          for (const ws of sockets) ws.terminate();
          return null;
        default:
          throw unknownCommand('storm-agents', cmd);
      }
    },
  };
}
