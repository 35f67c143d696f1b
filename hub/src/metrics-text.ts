import type { HostSample, HubStats, StorageStats } from '@hostpulse/protocol';

/** Content type of the Prometheus text exposition format this module writes. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** What /metrics says about one host. */
export interface HostMetricsInput {
  hostId: string;
  online: boolean;
  lastSeenMs: number;
  /** Newest sample of the current run; absent until the first arrives. */
  latest: HostSample | undefined;
}

type Labels = Record<string, string>;

/** Escapes a label value as the text format requires (backslash, quote, newline). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Collects metric families so each gets its HELP and TYPE once, however many series it has. */
class MetricsWriter {
  readonly #families = new Map<string, { help: string; type: string; lines: string[] }>();

  add(name: string, type: 'gauge' | 'counter', help: string, value: number, labels: Labels = {}): void {
    let family = this.#families.get(name);
    if (!family) {
      family = { help, type, lines: [] };
      this.#families.set(name, family);
    }
    const pairs = Object.entries(labels).map(([key, val]) => `${key}="${escapeLabel(val)}"`);
    family.lines.push(`${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`);
  }

  text(): string {
    let out = '';
    for (const [name, family] of this.#families) {
      out += `# HELP ${name} ${family.help}\n# TYPE ${name} ${family.type}\n${family.lines.join('\n')}\n`;
    }
    return out;
  }
}

function addHubMetrics(w: MetricsWriter, stats: HubStats): void {
  for (const transport of ['push', 'poll'] as const) {
    const t = stats.transports[transport];
    const labels = { transport };
    w.add('hostpulse_hub_clients', 'gauge', 'Dashboards connected per transport (poll: seen in the last 5 s).', t.clients, labels);
    w.add('hostpulse_hub_requests_total', 'counter', 'Requests per transport (HTTP requests, or messages dashboards sent).', t.totals.requests, labels);
    w.add('hostpulse_hub_not_modified_total', 'counter', 'Requests answered 304 Not Modified.', t.totals.notModified, labels);
    w.add('hostpulse_hub_frames_total', 'counter', 'WebSocket messages, or HTTP responses with a body, sent to dashboards.', t.totals.frames, labels);
    w.add('hostpulse_hub_payload_bytes_total', 'counter', 'Body bytes sent to dashboards.', t.totals.payloadBytes, labels);
    w.add('hostpulse_hub_wire_bytes_total', 'counter', 'Bytes on the wire both ways, headers included.', t.totals.wireBytes, labels);
  }
  for (const [kind, count] of Object.entries(stats.faults)) {
    w.add('hostpulse_hub_faults_total', 'counter', 'Bad input from agents and dashboards, by kind.', count, { kind });
  }
  w.add('hostpulse_hub_agents_connected', 'gauge', 'Agents holding a WebSocket to the hub.', stats.agents.connected);
  w.add('hostpulse_hub_samples_per_second', 'gauge', 'Samples stored per second over the last second.', stats.agents.samplesPerSec);
  w.add('hostpulse_hub_hosts', 'gauge', 'Hosts the hub knows.', stats.hosts.total);
  w.add('hostpulse_hub_hosts_online', 'gauge', 'Hosts online.', stats.hosts.online);
  w.add('hostpulse_hub_cpu_percent', 'gauge', 'Hub process CPU over the last second, percent of one core.', stats.process.cpuPct);
  w.add('hostpulse_hub_resident_memory_bytes', 'gauge', 'Hub process resident set size.', stats.process.rssBytes);
  w.add('hostpulse_hub_heap_used_bytes', 'gauge', 'Hub process V8 heap in use.', stats.process.heapUsedBytes);
  w.add('hostpulse_hub_event_loop_delay_p50_seconds', 'gauge', 'Event-loop delay median over the last second.', stats.process.eventLoopDelayP50Ms / 1000);
  w.add('hostpulse_hub_event_loop_delay_p99_seconds', 'gauge', 'Event-loop delay 99th percentile over the last second.', stats.process.eventLoopDelayP99Ms / 1000);
  addStorageMetrics(w, stats.storage);
}

function addStorageMetrics(w: MetricsWriter, storage: StorageStats): void {
  w.add('hostpulse_hub_history_memory_bytes', 'gauge', 'Samples held in memory: compressed chunks and open columns.', storage.memoryBytes);
  if (storage.dataDir === null) return;
  w.add('hostpulse_hub_storage_file_bytes', 'gauge', 'History database and its write-ahead log on disk.', storage.fileBytes);
  if (storage.maxBytes !== null) w.add('hostpulse_hub_storage_max_bytes', 'gauge', 'Cap on the history database (--max-disk).', storage.maxBytes);
  for (const tier of storage.tiers) {
    w.add('hostpulse_hub_storage_tier_bytes', 'gauge', 'Bytes of each history tier on disk (table and indexes).', tier.bytes, { tier: tier.tier });
    w.add('hostpulse_hub_storage_tier_rows', 'gauge', 'Rows (chunks) of each history tier on disk.', tier.rows, { tier: tier.tier });
    if (tier.oldestMs !== null) w.add('hostpulse_hub_storage_tier_oldest_timestamp_seconds', 'gauge', 'Start of the oldest data each tier holds.', tier.oldestMs / 1000, { tier: tier.tier });
  }
}

function addHostMetrics(w: MetricsWriter, host: HostMetricsInput): void {
  const h = { host: host.hostId };
  w.add('hostpulse_host_online', 'gauge', 'Whether the host is online (1) or offline (0).', host.online ? 1 : 0, h);
  w.add('hostpulse_host_last_seen_timestamp_seconds', 'gauge', 'When the hub last heard from the host.', host.lastSeenMs / 1000, h);
  const s = host.latest;
  if (!s) return;
  w.add('hostpulse_host_cpu_used_percent', 'gauge', 'CPU in use (100 - idle), percent.', Math.max(0, 100 - s.cpu.total.idlePct), h);
  for (const mode of ['user', 'system', 'iowait', 'steal', 'idle'] as const) {
    w.add('hostpulse_host_cpu_percent', 'gauge', 'CPU time share by mode, percent.', s.cpu.total[`${mode}Pct`], { ...h, mode });
  }
  w.add('hostpulse_host_load1', 'gauge', 'Load average over 1 minute.', s.load.one, h);
  w.add('hostpulse_host_load5', 'gauge', 'Load average over 5 minutes.', s.load.five, h);
  w.add('hostpulse_host_load15', 'gauge', 'Load average over 15 minutes.', s.load.fifteen, h);
  w.add('hostpulse_host_memory_total_bytes', 'gauge', 'Memory total.', s.mem.totalBytes, h);
  w.add('hostpulse_host_memory_used_bytes', 'gauge', 'Memory used.', s.mem.usedBytes, h);
  w.add('hostpulse_host_memory_available_bytes', 'gauge', 'Memory available.', s.mem.availableBytes, h);
  w.add('hostpulse_host_memory_cached_bytes', 'gauge', 'Memory in the page cache.', s.mem.cachedBytes, h);
  w.add('hostpulse_host_memory_buffers_bytes', 'gauge', 'Memory in buffers.', s.mem.buffersBytes, h);
  w.add('hostpulse_host_swap_total_bytes', 'gauge', 'Swap total.', s.swap.totalBytes, h);
  w.add('hostpulse_host_swap_used_bytes', 'gauge', 'Swap used.', s.swap.usedBytes, h);
  w.add('hostpulse_host_uptime_seconds', 'gauge', 'Host uptime.', s.uptimeSec, h);
  w.add('hostpulse_host_processes', 'gauge', 'Processes on the host.', s.processCount, h);
  for (const n of s.net) {
    const l = { ...h, interface: n.name };
    w.add('hostpulse_host_network_receive_bytes_per_second', 'gauge', 'Bytes received per second.', n.rxBytesPerSec, l);
    w.add('hostpulse_host_network_transmit_bytes_per_second', 'gauge', 'Bytes sent per second.', n.txBytesPerSec, l);
    w.add('hostpulse_host_network_receive_packets_per_second', 'gauge', 'Packets received per second.', n.rxPacketsPerSec, l);
    w.add('hostpulse_host_network_transmit_packets_per_second', 'gauge', 'Packets sent per second.', n.txPacketsPerSec, l);
    w.add('hostpulse_host_network_receive_errors_per_second', 'gauge', 'Receive errors per second.', n.rxErrorsPerSec, l);
    w.add('hostpulse_host_network_transmit_errors_per_second', 'gauge', 'Transmit errors per second.', n.txErrorsPerSec, l);
  }
  for (const d of s.disk) {
    const l = { ...h, device: d.name };
    w.add('hostpulse_host_disk_read_bytes_per_second', 'gauge', 'Bytes read per second.', d.readBytesPerSec, l);
    w.add('hostpulse_host_disk_write_bytes_per_second', 'gauge', 'Bytes written per second.', d.writeBytesPerSec, l);
    w.add('hostpulse_host_disk_read_ops_per_second', 'gauge', 'Reads completed per second.', d.readOpsPerSec, l);
    w.add('hostpulse_host_disk_write_ops_per_second', 'gauge', 'Writes completed per second.', d.writeOpsPerSec, l);
    w.add('hostpulse_host_disk_busy_percent', 'gauge', 'Share of time the device was busy, percent.', d.busyPct, l);
  }
}

/** The /metrics body: the hub's own load and faults, then every host's latest values. */
export function formatMetrics(stats: HubStats, hosts: readonly HostMetricsInput[]): string {
  const w = new MetricsWriter();
  addHubMetrics(w, stats);
  for (const host of hosts) addHostMetrics(w, host);
  return w.text();
}
