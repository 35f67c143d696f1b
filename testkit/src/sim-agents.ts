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
      const ws = new WebSocket(hubUrl.replace(/^http/, 'ws') + AGENT_PATH, { headers: { authorization: `Bearer ${token}` }, ...(localAddress ? { localAddress } : {}) });
      sockets.push(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => ws.send(JSON.stringify(taggedHello(host, i))));
        ws.once('message', () => resolve());
        ws.once('error', reject);
        ws.once('close', (code) => reject(new Error(`agent ${i} closed with ${code}`)));
      });
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
