import WebSocket from 'ws';
import { AGENT_PATH } from '@hostpulse/protocol';
import { unknownCommand, type ChildRole } from '@hostpulse/loadgen';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';

/** Start arguments of a simulated-agents process. */
export interface AgentsStartArgs {
  /** ws://127.0.0.1:PORT of the hub. */
  hubUrl: string;
  token: string;
  hostIds: string[];
  intervalMs: number;
  /** Seed of the first host; host i uses seed + i, so every run sends the same figures. */
  seed: number;
}

interface Connection {
  host: SimulatedHost;
  ws: WebSocket;
  timers: NodeJS.Timeout[];
}

/**
 * Many agents in one process: each holds its own WebSocket to /agent, sends hello,
 * waits for welcome, then one sample per interval, offset so hosts do not tick together.
 */
export function createAgentsRole(): ChildRole {
  let conns: Connection[] = [];
  let sent = 0;
  const closeCodes: Record<string, number> = {};
  let start: AgentsStartArgs | undefined;
  let generation = 0;

  function connect(host: SimulatedHost, index: number, count: number): Promise<Connection> {
    const args = start!;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(args.hubUrl + AGENT_PATH, {
        headers: { authorization: `Bearer ${args.token}` },
        perMessageDeflate: false,
      });
      const conn: Connection = { host, ws, timers: [] };
      const timeout = setTimeout(() => reject(new Error(`agent ${host.hostId}: no welcome within 15 s`)), 15_000);
      ws.on('open', () => ws.send(JSON.stringify(host.hello())));
      ws.once('message', (data: Buffer) => {
        clearTimeout(timeout);
        const msg = JSON.parse(data.toString('utf8')) as { type: string; lastSeq?: number };
        if (msg.type !== 'welcome') return reject(new Error(`agent ${host.hostId}: expected welcome, got ${msg.type}`));
        const sendOne = (): void => {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(JSON.stringify({ type: 'sample', sample: host.nextSample() }));
          sent += 1;
        };
        const offsetMs = (index / count) * host.intervalMs;
        conn.timers.push(
          setTimeout(() => {
            sendOne();
            conn.timers.push(setInterval(sendOne, host.intervalMs));
          }, offsetMs),
        );
        resolve(conn);
      });
      ws.on('close', (code) => {
        for (const t of conn.timers) clearTimeout(t);
        closeCodes[code] = (closeCodes[code] ?? 0) + 1;
      });
      ws.on('error', (err) => reject(err));
    });
  }

  async function connectAll(intervalMs: number): Promise<void> {
    const args = start!;
    const hosts = args.hostIds.map((id, i) => new SimulatedHost(id, intervalMs, args.seed + i + generation * 10_000));
    conns = [];
    for (let i = 0; i < hosts.length; i += 20) {
      const batch = hosts.slice(i, i + 20).map((h, j) => connect(h, i + j, hosts.length));
      conns.push(...(await Promise.all(batch)));
    }
  }

  async function closeAll(): Promise<void> {
    await Promise.all(
      conns.map(
        (c) =>
          new Promise<void>((resolve) => {
            for (const t of c.timers) clearTimeout(t);
            if (c.ws.readyState === WebSocket.CLOSED) return resolve();
            c.ws.once('close', () => resolve());
            c.ws.close(1000);
            setTimeout(() => (c.ws.terminate(), resolve()), 3000);
          }),
      ),
    );
  }

  return {
    async handle(cmd, args) {
      switch (cmd) {
        case 'start':
          start = args as AgentsStartArgs;
          await connectAll(start.intervalMs);
          return { connected: conns.length };
        case 'rate':
          // A new interval means a new hello, so every agent reconnects as a new run.
          await closeAll();
          generation += 1;
          await connectAll((args as { intervalMs: number }).intervalMs);
          return { connected: conns.length };
        case 'report':
          return { sent, closeCodes, open: conns.filter((c) => c.ws.readyState === WebSocket.OPEN).length };
        case 'reset':
          sent = 0;
          return null;
        case 'stop':
          await closeAll();
          return null;
        default:
          throw unknownCommand('agents', cmd);
      }
    },
  };
}
