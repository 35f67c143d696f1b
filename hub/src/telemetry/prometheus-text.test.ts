import { describe, expect, it } from 'vitest';
import type { Filesystem, HubStats, Sample } from '@hostpulse/protocol';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { HostCounters } from '../hosts/host-counters.js';
import { escapeLabel, formatMetrics, type HostMetricsInput } from './prometheus-text.js';
import type { ProcessMetrics } from './own-process.js';

const transport = {
  clients: 2,
  requestsPerSec: 0,
  notModifiedPerSec: 0,
  notModifiedShare: 0,
  framesPerSec: 0,
  droppedPerSec: 0,
  payloadBytesPerSec: 0,
  wireBytesPerSec: 0,
  totals: { requests: 5, notModified: 1, frames: 4, dropped: 2, backpressured: 1, payloadBytes: 100, wireBytes: 900 },
};
const stats: HubStats = {
  tsMs: 0,
  startedMs: 0,
  hosts: { total: 2, online: 1 },
  agents: { connected: 1, samplesPerSec: 1 },
  transports: { push: transport, poll: transport },
  process: { cpuPct: 1.5, rssBytes: 1000, heapUsedBytes: 500, eventLoopDelayP50Ms: 10, eventLoopDelayP99Ms: 20 },
  storage: { dataDir: '/var/lib/hostpulse', memoryBytes: 4096, fileBytes: 81920, maxBytes: null, tiers: [{ tier: 'raw', bytes: 65536, rows: 12, oldestMs: 1_795_000_000_000 }], damagedBlocks: 0 },
  faults: { malformedJson: 3, badRequest: 0 },
};
const processFigures: ProcessMetrics = {
  cpuUserSeconds: 1.5,
  cpuSystemSeconds: 0.5,
  startTimeSeconds: 1_795_633_200,
  residentMemoryBytes: 50_000_000,
  heapUsedBytes: 10_000_000,
  heapTotalBytes: 20_000_000,
  virtualMemoryBytes: 900_000_000,
  openFds: 30,
  maxFds: 1024,
};

function hostInput(hostId: string, online: boolean, samples: Sample[], fs: Filesystem[] = [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 40, availableBytes: 55 }]): HostMetricsInput {
  const counters = new HostCounters();
  samples.forEach((s) => counters.add(s));
  return {
    hostId,
    online,
    lastSeenMs: 5000,
    inventory: { ...makeHello(hostId, 'r').inventory, cpuModel: 'Test "CPU"' },
    latest: samples.at(-1),
    fs,
    temps: [{ label: 'cpu', celsius: 48 }],
    counters: counters.of(hostId),
  };
}

describe('formatMetrics', () => {
  const web = [1, 2, 3].map((seq) => ({ ...makeSample('web-1', 'r', seq), tsMs: 1000 * seq }));
  const text = formatMetrics(stats, 42, processFigures, [
    hostInput('web-1', true, web),
    hostInput('gone-1', false, [makeSample('gone-1', 'r', 1)]),
    hostInput('new-host', true, []),
  ]);

  it('writes each family once with HELP and TYPE, then its series', () => {
    expect(text.match(/^# TYPE hostpulse_hub_requests_total counter$/gm)).toHaveLength(1);
    expect(text).toMatch(/^hostpulse_hub_requests_total\{transport="push"\} 5\nhostpulse_hub_requests_total\{transport="poll"\} 5$/m);
    expect(text).toMatch(/^hostpulse_hub_dropped_frames_total\{transport="push"\} 2$/m);
    expect(text).toMatch(/^hostpulse_hub_faults_total\{kind="malformedJson"\} 3$/m);
    expect(text).toMatch(/^hostpulse_hub_samples_total 42$/m);
    expect(text).toMatch(/^hostpulse_hub_event_loop_delay_p99_seconds 0\.02$/m);
    expect(text).toMatch(/^hostpulse_hub_storage_tier_bytes\{tier="raw"\} 65536$/m);
    expect(text).toMatch(/^hostpulse_hub_storage_file_bytes 81920$/m);
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(/^[a-z_0-9]+(\{[^}]*\})? \S+$/);
  });

  it('names every counter _total with TYPE counter, and no gauge so', () => {
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.length).toBeGreaterThan(40);
    for (const { name, type } of types) expect({ name, type }).toEqual({ name, type: name!.endsWith('_total') ? 'counter' : 'gauge' });
    expect(text).not.toMatch(/per_second|_percent/);
  });

  it('writes no available bytes for a filesystem an older agent reported without them', () => {
    const old = formatMetrics(stats, 1, processFigures, [hostInput('old-1', true, [makeSample('old-1', 'r', 1)], [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 40 }])]);
    expect(old).toMatch(/^hostpulse_host_filesystem_used_bytes\{host="old-1",mountpoint="\/",fstype="ext4"\} 40$/m);
    expect(old).not.toMatch(/filesystem_available_bytes/);
  });

  it('counts dropped packets of interfaces whose agent sends them, and writes none for an older agent', () => {
    const withDrops = [1, 2].map((seq) => {
      const sample = { ...makeSample('new-1', 'r', seq), tsMs: 1000 * seq };
      sample.net = sample.net.map((n) => ({ ...n, rxDroppedPerSec: 3, txDroppedPerSec: 0.5 }));
      return sample;
    });
    const drops = formatMetrics(stats, 1, processFigures, [hostInput('new-1', true, withDrops)]);
    expect(drops).toMatch(/^hostpulse_host_network_receive_drop_total\{host="new-1",interface="eth0"\} 6$/m);
    expect(drops).toMatch(/^hostpulse_host_network_transmit_drop_total\{host="new-1",interface="eth0"\} 1$/m);
    expect(text).not.toMatch(/_drop_total/);
  });

  it('gives the hub process the standard names', () => {
    expect(text).toMatch(/^process_cpu_seconds_total 2$/m);
    expect(text).toMatch(/^process_resident_memory_bytes 50000000$/m);
    expect(text).toMatch(/^process_start_time_seconds 1795633200$/m);
    expect(text).toMatch(/^process_open_fds 30$/m);
  });

  it('exports cumulative counters integrated over the samples, and levels as gauges', () => {
    // Three samples a second apart: 3 s of eth0 at 1000 B/s in.
    expect(text).toMatch(/^hostpulse_host_network_receive_bytes_total\{host="web-1",interface="eth0"\} 3000$/m);
    expect(text).toMatch(/^hostpulse_host_disk_written_bytes_total\{host="web-1",device="sda"\} 9000$/m);
    expect(text).toMatch(/^hostpulse_host_cpu_seconds_total\{host="web-1",mode="user"\} 1\.2\d*$/m);
    expect(text).toMatch(/^hostpulse_host_cpu_core_seconds_total\{host="web-1",cpu="1",mode="idle"\} 2\.25$/m);
    expect(text).toMatch(/^hostpulse_host_memory_used_bytes\{host="web-1"\} 4000000000$/m);
    expect(text).toMatch(/^hostpulse_host_load15\{host="web-1"\} 0\.3$/m);
    expect(text).toMatch(/^hostpulse_host_filesystem_used_bytes\{host="web-1",mountpoint="\/",fstype="ext4"\} 40$/m);
    expect(text).toMatch(/^hostpulse_host_filesystem_available_bytes\{host="web-1",mountpoint="\/",fstype="ext4"\} 55$/m);
    expect(text).toMatch(/^hostpulse_host_temperature_celsius\{host="web-1",sensor="cpu"\} 48$/m);
    expect(text).toMatch(/^hostpulse_host_info\{host="web-1",hostname="web-1\.example",.*cpu_model="Test \\"CPU\\"",agent_version="0\.0\.0-test"\} 1$/m);
  });

  it("serves an offline host's state and inventory, never its last measurements", () => {
    expect(text).toMatch(/^hostpulse_host_online\{host="gone-1"\} 0$/m);
    expect(text).toMatch(/^hostpulse_host_info\{host="gone-1",/m);
    expect(text).toMatch(/^hostpulse_host_online\{host="new-host"\} 1$/m);
    const series = (host: string) => text.split('\n').filter((l) => l.includes(`host="${host}"`)).map((l) => l.split('{')[0]);
    expect(series('gone-1').sort()).toEqual(['hostpulse_host_info', 'hostpulse_host_last_seen_timestamp_seconds', 'hostpulse_host_online']);
    expect(series('new-host').sort()).toEqual(['hostpulse_host_info', 'hostpulse_host_last_seen_timestamp_seconds', 'hostpulse_host_online']);
  });

  it('writes a series repeated in a sample once, since Prometheus refuses a scrape with duplicates', () => {
    const twice = { ...makeSample('dup', 'r', 1) };
    twice.net = [...twice.net, twice.net[1]!];
    const body = formatMetrics(stats, 0, processFigures, [hostInput('dup', true, [twice])]);
    expect(body.match(/^hostpulse_host_network_receive_bytes_total\{host="dup",interface="eth0"\}/gm)).toHaveLength(1);
  });

  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});
