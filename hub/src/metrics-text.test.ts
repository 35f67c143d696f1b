import { describe, expect, it } from 'vitest';
import type { HubStats } from '@hostpulse/protocol';
import { makeSample } from '../test/helpers/samples.js';
import { escapeLabel, formatMetrics } from './metrics-text.js';

const transport = {
  clients: 2,
  requestsPerSec: 0,
  notModifiedPerSec: 0,
  notModifiedShare: 0,
  framesPerSec: 0,
  payloadBytesPerSec: 0,
  wireBytesPerSec: 0,
  totals: { requests: 5, notModified: 1, frames: 4, payloadBytes: 100, wireBytes: 900 },
};
const stats: HubStats = {
  tsMs: 0,
  startedMs: 0,
  hosts: { total: 2, online: 1 },
  agents: { connected: 1, samplesPerSec: 1 },
  transports: { push: transport, poll: transport },
  process: { cpuPct: 1.5, rssBytes: 1000, heapUsedBytes: 500, eventLoopDelayP50Ms: 10, eventLoopDelayP99Ms: 20 },
  storage: { dataDir: '/var/lib/hostpulse', memoryBytes: 4096, fileBytes: 81920, maxBytes: null, tiers: [{ tier: 'raw', bytes: 65536, rows: 12, oldestMs: 1_795_000_000_000 }] },
  faults: { malformedJson: 3, badRequest: 0 },
};

describe('formatMetrics', () => {
  const text = formatMetrics(stats, [
    { hostId: 'web-1', online: true, lastSeenMs: 5000, latest: { ...makeSample('web-1', 'r', 1), hubRxMs: 1 } },
    { hostId: 'new-host', online: false, lastSeenMs: 0, latest: undefined },
  ]);

  it('writes each family once with HELP and TYPE, then its series', () => {
    expect(text.match(/^# TYPE hostpulse_hub_requests_total counter$/gm)).toHaveLength(1);
    expect(text).toMatch(/^hostpulse_hub_requests_total\{transport="push"\} 5\nhostpulse_hub_requests_total\{transport="poll"\} 5$/m);
    expect(text).toMatch(/^hostpulse_hub_faults_total\{kind="malformedJson"\} 3$/m);
    expect(text).toMatch(/^hostpulse_hub_event_loop_delay_p99_seconds 0\.02$/m);
    expect(text).toMatch(/^hostpulse_hub_storage_tier_bytes\{tier="raw"\} 65536$/m);
    expect(text).toMatch(/^hostpulse_hub_storage_file_bytes 81920$/m);
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(/^[a-z_0-9]+(\{[^}]*\})? \S+$/);
  });

  it("gives every host's latest values with host, interface and device labels", () => {
    expect(text).toMatch(/^hostpulse_host_online\{host="web-1"\} 1$/m);
    expect(text).toMatch(/^hostpulse_host_online\{host="new-host"\} 0$/m);
    expect(text).toMatch(/^hostpulse_host_cpu_percent\{host="web-1",mode="user"\} 20$/m);
    expect(text).toMatch(/^hostpulse_host_memory_used_bytes\{host="web-1"\} 4000000000$/m);
    expect(text).toMatch(/^hostpulse_host_swap_total_bytes\{host="web-1"\} 1000000000$/m);
    expect(text).toMatch(/^hostpulse_host_load15\{host="web-1"\} 0\.3$/m);
    expect(text).toMatch(/^hostpulse_host_network_transmit_bytes_per_second\{host="web-1",interface="eth0"\} 500$/m);
    expect(text).toMatch(/^hostpulse_host_disk_busy_percent\{host="web-1",device="sda"\} 1\.5$/m);
    expect(text).not.toMatch(/cpu_used_percent\{host="new-host"\}/);
  });

  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});
