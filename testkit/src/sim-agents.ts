import WebSocket from 'ws';
import { AGENT_PATH, type AgentHello, type AgentSample } from '@hostpulse/protocol';
import { SimulatedHost } from './simulated-host.js';

/** Simulated agents started by `startSimAgents`; `stop` closes every socket and timer. */
export interface SimAgents {
  samplesSent(): number;
  stop(): void;
}

/** Roles the simulated hosts carry as their `role` tag, in turn; every fifth host is `env=staging`, the rest `env=prod`. */
export const SIM_ROLES = ['web', 'db', 'cache', 'queue'] as const;

/** The hello of simulated host `index`, tagged with its role and environment. */
function taggedHello(host: SimulatedHost, index: number): AgentHello {
  const hello = host.hello();
  const tags = { role: SIM_ROLES[index % SIM_ROLES.length]!, env: index % 5 === 0 ? 'staging' : 'prod' };
  return { ...hello, inventory: { ...hello.inventory, tags } };
}

/** Options of `startSimAgents`. */
export interface SimAgentsOptions {
  /**
   * Agents per loopback address: agent i connects from 127.0.0.(2 + i / hostsPerAddress),
   * so a fleet larger than the hub's allowance of new hosts per address gets in at once.
   * Unset: all from the system's choice (127.0.0.1).
   */
  hostsPerAddress?: number;
}

/** A connection the hub dropped without a close frame (1006) before its welcome. */
class DroppedBeforeWelcome extends Error {}

/** Opens one agent connection and sends its hello; resolves at the welcome. */
function connect(url: string, options: WebSocket.ClientOptions, host: SimulatedHost, index: number): Promise<WebSocket> {
  const ws = new WebSocket(url, options);
  const startMs = Date.now();
  let openedMs: number | null = null;
  return new Promise<WebSocket>((resolve, reject) => {
    ws.once('open', () => {
      openedMs = Date.now();
      ws.send(JSON.stringify(taggedHello(host, index)));
    });
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
    ws.once('close', (code, reason) => {
      const when = openedMs === null ? `before it opened, ${Date.now() - startMs} ms after connecting` : `${Date.now() - openedMs} ms after it opened (${openedMs - startMs} ms to open)`;
      const message = `agent ${index} closed with ${code}${reason.length > 0 ? ` (${reason.toString()})` : ''} ${when}, before the welcome`;
      reject(code === 1006 ? new DroppedBeforeWelcome(message) : new Error(message));
    });
  });
}

/**
 * Opens `count` agent connections to the hub at `hubUrl` speaking the real protocol (hello,
 * then one sample a second each, hosts `sim-000`, `sim-001`, ...); stopped by the caller.
 */
export async function startSimAgents(hubUrl: string, token: string, count: number, { hostsPerAddress }: SimAgentsOptions = {}): Promise<SimAgents> {
  const sockets: WebSocket[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const host = new SimulatedHost(`sim-${String(i).padStart(3, '0')}`, 1000, i + 1);
      const localAddress = hostsPerAddress ? `127.0.0.${2 + Math.floor(i / hostsPerAddress)}` : undefined;
      const url = hubUrl.replace(/^http/, 'ws') + AGENT_PATH;
      const options = { headers: { authorization: `Bearer ${token}` }, ...(localAddress ? { localAddress } : {}) };
      let ws: WebSocket;
      try {
        ws = await connect(url, options, host, i);
      } catch (err) {
        // A real agent reconnects after a dropped connection; so does a simulated one, once, saying why.
        if (!(err instanceof DroppedBeforeWelcome)) throw err;
        console.warn(`${err.message}; reconnecting once`);
        await new Promise((r) => setTimeout(r, 1000));
        ws = await connect(url, options, host, i);
      }
      sockets.push(ws);
      // Spread the agents over the second, as real hosts would be.
      await new Promise((r) => setTimeout(r, (i * 1000) / count));
      timers.push(
        setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(JSON.stringify({ type: 'sample', sample: host.nextSample() } satisfies AgentSample));
          sent += 1;
        }, 1000),
      );
    }),
  );
  return {
    samplesSent: () => sent,
    stop() {
      for (const t of timers) clearInterval(t);
      for (const ws of sockets) ws.close(1000);
    },
  };
}
