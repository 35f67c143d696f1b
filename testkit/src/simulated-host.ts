import { PROTOCOL_VERSION, type AgentHello, type CpuTimes, type Sample } from '@hostpulse/protocol';

/** Every this many samples a simulated agent adds filesystems, as the real agent does every 30 s at 1 Hz. */
export const FS_EVERY_SAMPLES = 30;

// Cores of the bench's usual simulated host.
const DEFAULT_CORES = 4;
const NICS = ['lo', 'eth0', 'docker0'];
const DISKS = ['nvme0n1', 'sda'];
const GIB = 1024 ** 3;

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** CPU shares that add to 100 %, around a busy level that wanders. */
function cpuTimes(busyPct: number, rand: () => number): CpuTimes {
  const busy = Math.min(100, Math.max(0, busyPct + (rand() - 0.5) * 20));
  const userPct = round2(busy * 0.7);
  const systemPct = round2(busy * 0.25);
  const iowaitPct = round2(busy * 0.05);
  return { userPct, systemPct, iowaitPct, stealPct: 0, idlePct: round2(Math.max(0, 100 - userPct - systemPct - iowaitPct)) };
}

/**
 * A simulated host: the hello it announces and a realistic sample per tick
 * (4 cores unless told, 3 interfaces, 2 disks, filesystems every 30th sample), with
 * seq counting from 1 in its run and tsMs taken when the sample is made.
 */
export class SimulatedHost {
  readonly runId: string;
  seq = 0;
  private readonly rand: () => number;
  private busyPct: number;

  constructor(
    readonly hostId: string,
    readonly intervalMs: number,
    seed: number,
    readonly cores = DEFAULT_CORES,
  ) {
    this.rand = createRandom(seed);
    this.busyPct = 10 + this.rand() * 60;
    this.runId = `bench-${seed.toString(36)}-${Date.now().toString(36)}`;
  }

  /** The hello this host sends first on every connection. */
  hello(): AgentHello {
    return {
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      hostId: this.hostId,
      runId: this.runId,
      intervalMs: this.intervalMs,
      inventory: {
        hostname: this.hostId,
        platform: 'linux',
        distro: 'Debian GNU/Linux',
        release: '12',
        kernel: '6.1.0-bench',
        arch: 'x64',
        cpuModel: 'Simulated CPU @ 2.6GHz',
        cpuCores: this.cores,
        cpuPhysicalCores: this.cores,
        memTotalBytes: 16 * GIB,
        agentVersion: 'bench-sim',
      },
    };
  }

  /** The next sample of this host. */
  nextSample(nowMs: number = Date.now()): Sample {
    const rand = this.rand;
    this.seq += 1;
    this.busyPct = Math.min(95, Math.max(2, this.busyPct + (rand() - 0.5) * 8));
    const cores = Array.from({ length: this.cores }, () => cpuTimes(this.busyPct, rand));
    const memUsed = Math.round((4 + rand() * 0.5) * GIB);
    const sample: Sample = {
      hostId: this.hostId,
      runId: this.runId,
      seq: this.seq,
      tsMs: nowMs,
      intervalMs: this.intervalMs,
      uptimeSec: 86_400 + this.seq * (this.intervalMs / 1000),
      processCount: 180 + Math.floor(rand() * 20),
      cpu: { total: cpuTimes(this.busyPct, rand), cores },
      load: { one: round2(this.busyPct / 25), five: round2(this.busyPct / 30), fifteen: round2(this.busyPct / 35) },
      mem: { totalBytes: 16 * GIB, usedBytes: memUsed, availableBytes: 16 * GIB - memUsed, cachedBytes: 6 * GIB, buffersBytes: 300 * 1024 ** 2 },
      swap: { totalBytes: 2 * GIB, usedBytes: 64 * 1024 ** 2 },
      net: NICS.map((name) => ({
        name,
        rxBytesPerSec: Math.round(rand() * 5e6),
        txBytesPerSec: Math.round(rand() * 2e6),
        rxPacketsPerSec: Math.round(rand() * 4000),
        txPacketsPerSec: Math.round(rand() * 3000),
        rxErrorsPerSec: 0,
        txErrorsPerSec: 0,
      })),
      disk: DISKS.map((name) => ({
        name,
        readBytesPerSec: Math.round(rand() * 4e7),
        writeBytesPerSec: Math.round(rand() * 2e7),
        readOpsPerSec: Math.round(rand() * 800),
        writeOpsPerSec: Math.round(rand() * 400),
        busyPct: round2(rand() * 60),
      })),
    };
    if (this.seq % FS_EVERY_SAMPLES === 1) {
      sample.fs = [
        { mount: '/', fsType: 'ext4', sizeBytes: 100 * GIB, usedBytes: 41 * GIB },
        { mount: '/var/lib/docker', fsType: 'ext4', sizeBytes: 500 * GIB, usedBytes: 210 * GIB },
        { mount: '/boot', fsType: 'vfat', sizeBytes: GIB / 2, usedBytes: GIB / 16 },
      ];
    }
    return sample;
  }
}
