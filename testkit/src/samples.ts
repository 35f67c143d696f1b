import { PROTOCOL_VERSION } from '@hostpulse/protocol';
import type { AgentHello, ProcessTable, Sample } from '@hostpulse/protocol';

/** A valid hello for a scripted agent. */
export function makeHello(hostId: string, runId: string, intervalMs = 1000): AgentHello {
  return {
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    hostId,
    runId,
    intervalMs,
    inventory: {
      hostname: `${hostId}.example`,
      platform: 'linux',
      distro: 'Debian GNU/Linux',
      release: '12',
      kernel: '6.1.0',
      arch: 'x64',
      cpuModel: 'Test CPU',
      cpuCores: 2,
      cpuPhysicalCores: 1,
      memTotalBytes: 8_000_000_000,
      agentVersion: '0.0.0-test',
    },
  };
}

/** A valid sample with recognisable figures: CPU 25 % used, memory 50 %, eth0 1000/500 B/s, sda 2000/3000 B/s. */
export function makeSample(hostId: string, runId: string, seq: number, intervalMs = 1000): Sample {
  const cpu = { userPct: 20, systemPct: 5, iowaitPct: 0, stealPct: 0, idlePct: 75 };
  return {
    hostId,
    runId,
    seq,
    tsMs: Date.now(),
    intervalMs,
    uptimeSec: 1000 + seq,
    processCount: 120,
    cpu: { total: cpu, cores: [cpu, cpu] },
    load: { one: 0.5, five: 0.4, fifteen: 0.3 },
    mem: { totalBytes: 8_000_000_000, usedBytes: 4_000_000_000, availableBytes: 4_000_000_000, cachedBytes: 1_000_000_000, buffersBytes: 100_000_000 },
    swap: { totalBytes: 1_000_000_000, usedBytes: 0 },
    net: [
      { name: 'lo', rxBytesPerSec: 99, txBytesPerSec: 99, rxPacketsPerSec: 1, txPacketsPerSec: 1, rxErrorsPerSec: 0, txErrorsPerSec: 0 },
      { name: 'eth0', rxBytesPerSec: 1000, txBytesPerSec: 500, rxPacketsPerSec: 10, txPacketsPerSec: 5, rxErrorsPerSec: 0, txErrorsPerSec: 0 },
    ],
    disk: [{ name: 'sda', readBytesPerSec: 2000, writeBytesPerSec: 3000, readOpsPerSec: 2, writeOpsPerSec: 3, busyPct: 1.5 }],
  };
}

/** A valid process table: one busy process and one group. */
export function makeProcessTable(hostId: string, runId: string, tsMs = Date.now()): ProcessTable {
  return {
    hostId,
    runId,
    tsMs,
    intervalMs: 5000,
    processCount: 2,
    groupCount: 1,
    processes: [{ pid: 42, name: 'busy', user: 'root', command: 'busy --loop', cpuPct: 99.5, rssBytes: 1_000_000, threads: 1, state: 'R', groupId: 'cgroup:/' }],
    groups: [{ id: 'cgroup:/', kind: 'cgroup', name: '/', cgroup: '/', processCount: 2, cpuPct: 99.5, rssBytes: 2_000_000 }],
  };
}
