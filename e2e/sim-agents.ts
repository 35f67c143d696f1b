import WebSocket from 'ws';
import { AGENT_PATH, PROTOCOL_VERSION } from '@hostpulse/protocol';
import type { AgentHello, AgentSample, Sample } from '@hostpulse/protocol';

/** Simulated agents started by `startSimAgents`; `stop` closes every socket and timer. */
export interface SimAgents {
  samplesSent(): number;
  stop(): void;
}

const GiB = 1024 ** 3;

/** Roles the simulated hosts carry as their `role` tag, in turn; every fifth host is `env=staging`, the rest `env=prod`. */
export const SIM_ROLES = ['web', 'db', 'cache', 'queue'] as const;

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** A host whose figures wander like a real one: a random walk around a per-host level. */
function makeHost(index: number): { hello: AgentHello; next(seq: number, nowMs: number): Sample } {
  const hostId = `sim-${String(index).padStart(3, '0')}`;
  const runId = `run${index}x${Date.now().toString(36)}`;
  const cores = 4;
  const memTotal = 16 * GiB;
  let cpu = 10 + ((index * 37) % 60);
  let mem = 0.3 + ((index * 13) % 50) / 100;
  let load1 = cpu / 25;
  const hello: AgentHello = {
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    hostId,
    runId,
    intervalMs: 1000,
    inventory: {
      hostname: `sim-host-${String(index).padStart(3, '0')}`,
      platform: 'linux',
      distro: 'Debian GNU/Linux',
      release: '12',
      kernel: '6.1.0-sim',
      arch: 'x64',
      cpuModel: 'Simulated CPU',
      cpuCores: cores,
      cpuPhysicalCores: cores / 2,
      memTotalBytes: memTotal,
      agentVersion: 'sim',
      tags: { role: SIM_ROLES[index % SIM_ROLES.length]!, env: index % 5 === 0 ? 'staging' : 'prod' },
    },
  };
  const times = (busy: number): Sample['cpu']['total'] => {
    const b = clamp(busy, 0, 100);
    return { userPct: b * 0.7, systemPct: b * 0.25, iowaitPct: b * 0.05, stealPct: 0, idlePct: 100 - b };
  };
  return {
    hello,
    next(seq, nowMs) {
      cpu = clamp(cpu + (Math.random() - 0.5) * 12, 1, 99);
      mem = clamp(mem + (Math.random() - 0.5) * 0.01, 0.1, 0.95);
      load1 = load1 * 0.9 + (cpu / 25) * 0.1;
      const sample: Sample = {
        hostId,
        runId,
        seq,
        tsMs: nowMs,
        intervalMs: 1000,
        uptimeSec: 86_400 + seq,
        processCount: 150 + (seq % 7),
        cpu: { total: times(cpu), cores: Array.from({ length: cores }, () => times(cpu + (Math.random() - 0.5) * 20)) },
        load: { one: load1, five: load1 * 0.9, fifteen: load1 * 0.8 },
        mem: { totalBytes: memTotal, usedBytes: mem * memTotal, availableBytes: (1 - mem) * memTotal, cachedBytes: 0.1 * memTotal, buffersBytes: 0.01 * memTotal },
        swap: { totalBytes: 2 * GiB, usedBytes: 0.05 * GiB },
        net: ['eth0', 'eth1'].map((name, i) => ({
          name,
          rxBytesPerSec: Math.random() * 2e6 / (i + 1),
          txBytesPerSec: Math.random() * 5e5 / (i + 1),
          rxPacketsPerSec: Math.random() * 2000,
          txPacketsPerSec: Math.random() * 800,
          rxErrorsPerSec: 0,
          txErrorsPerSec: 0,
        })),
        disk: ['nvme0n1', 'sda'].map((name) => ({
          name,
          readBytesPerSec: Math.random() * 4e6,
          writeBytesPerSec: Math.random() * 8e6,
          readOpsPerSec: Math.random() * 200,
          writeOpsPerSec: Math.random() * 400,
          busyPct: Math.random() * 30,
        })),
      };
      // Like the real agent: filesystems every 30 s, temperatures every 10 s.
      if (seq % 30 === 1) {
        sample.fs = [
          { mount: '/', fsType: 'ext4', sizeBytes: 500 * GiB, usedBytes: (100 + index) * GiB },
          { mount: '/var/lib/data', fsType: 'xfs', sizeBytes: 2000 * GiB, usedBytes: (1500 + index * 9) * GiB },
        ];
      }
      if (seq % 10 === 1) sample.temps = [{ label: 'Package id 0', celsius: 40 + cpu / 3 }, { label: 'nvme0 Composite', celsius: 38 + Math.random() * 4 }];
      return sample;
    },
  };
}

/**
 * Opens `count` agent connections speaking the real protocol (hello, then one sample
 * a second each) to a hub; bounded by `count` and stopped by the caller.
 */
export async function startSimAgents(hubUrl: string, token: string, count: number): Promise<SimAgents> {
  const url = hubUrl.replace(/^http/, 'ws') + AGENT_PATH;
  const sockets: WebSocket[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const host = makeHost(i);
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
      sockets.push(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => ws.send(JSON.stringify(host.hello)));
        ws.once('message', () => resolve());
        ws.once('error', reject);
        ws.once('close', (code) => reject(new Error(`agent ${i} closed with ${code}`)));
      });
      let seq = 0;
      // Spread the agents over the second, as real hosts would be.
      await new Promise((r) => setTimeout(r, (i * 1000) / count));
      timers.push(
        setInterval(() => {
          seq += 1;
          const message: AgentSample = { type: 'sample', sample: host.next(seq, Date.now()) };
          if (ws.readyState === WebSocket.OPEN) {
            ws.send(JSON.stringify(message));
            sent += 1;
          }
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
