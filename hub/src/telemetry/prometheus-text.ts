import type { BusStats, Filesystem, HubStats, Inventory, Sample, StorageStats, Temperature } from '@hostpulse/protocol';
import { CPU_MODES, type CpuSeconds, type HostCounterValues } from '../hosts/host-counters.js';
import type { ProcessMetrics } from './own-process.js';

/** Content type of the Prometheus text exposition format this module writes. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** What /metrics says about one host. */
export interface HostMetricsInput {
  hostId: string;
  online: boolean;
  lastSeenMs: number;
  inventory: Inventory;
  /** Newest sample of the current run; absent until the first arrives. */
  latest: Sample | undefined;
  /** Latest filesystem usage and temperatures (they come every 30 s and 10 s). */
  fs: readonly Filesystem[];
  temps: readonly Temperature[];
  /** The host's cumulative counters (HostCounters); absent until its first sample. */
  counters: HostCounterValues | undefined;
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

/**
 * Collects metric families so each gets its HELP and TYPE once, however many
 * series it has. A series repeated with the same labels (two interfaces of one
 * name in a sample) is written once: Prometheus refuses a whole scrape with a
 * duplicate in it.
 */
class MetricsWriter {
  readonly #families = new Map<string, { help: string; type: string; lines: string[]; seen: Set<string> }>();

  add(name: string, type: 'gauge' | 'counter', help: string, value: number, labels: Labels = {}): void {
    let family = this.#families.get(name);
    if (!family) {
      family = { help, type, lines: [], seen: new Set() };
      this.#families.set(name, family);
    }
    const pairs = Object.entries(labels).map(([key, val]) => `${key}="${escapeLabel(val)}"`);
    const series = `${name}${pairs.length ? `{${pairs.join(',')}}` : ''}`;
    if (family.seen.has(series)) return;
    family.seen.add(series);
    family.lines.push(`${series} ${formatValue(value)}`);
  }

  text(): string {
    let out = '';
    for (const [name, family] of this.#families) {
      out += `# HELP ${name} ${family.help}\n# TYPE ${name} ${family.type}\n${family.lines.join('\n')}\n`;
    }
    return out;
  }
}

function addHubMetrics(w: MetricsWriter, stats: HubStats, samplesTotal: number): void {
  for (const transport of ['push', 'poll'] as const) {
    const t = stats.transports[transport];
    const labels = { transport };
    w.add('hostpulse_hub_clients', 'gauge', 'Dashboards connected per transport (poll: seen in the last 5 s).', t.clients, labels);
    w.add('hostpulse_hub_requests_total', 'counter', 'Requests per transport (HTTP requests, or messages dashboards sent).', t.totals.requests, labels);
    w.add('hostpulse_hub_not_modified_total', 'counter', 'Requests answered 304 Not Modified.', t.totals.notModified, labels);
    w.add('hostpulse_hub_frames_total', 'counter', 'WebSocket messages, or HTTP responses with a body, sent to dashboards.', t.totals.frames, labels);
    w.add('hostpulse_hub_dropped_frames_total', 'counter', 'Push frames skipped for a dashboard over its backpressure limit (not among the frames sent).', t.totals.dropped, labels);
    w.add('hostpulse_hub_backpressured_frames_total', 'counter', 'Frames sent queued behind a backlog (among the frames sent).', t.totals.backpressured, labels);
    w.add('hostpulse_hub_payload_bytes_total', 'counter', 'Body bytes sent to dashboards.', t.totals.payloadBytes, labels);
    w.add('hostpulse_hub_wire_bytes_total', 'counter', 'Bytes on the wire both ways, headers included.', t.totals.wireBytes, labels);
  }
  for (const [kind, count] of Object.entries(stats.faults)) {
    w.add('hostpulse_hub_faults_total', 'counter', 'Bad input from agents and dashboards, by kind.', count, { kind });
  }
  w.add('hostpulse_hub_agents_connected', 'gauge', 'Agents holding a WebSocket to the hub.', stats.agents.connected);
  w.add('hostpulse_hub_samples_total', 'counter', 'Samples stored since the hub started.', samplesTotal);
  w.add('hostpulse_hub_hosts', 'gauge', 'Hosts the hub knows.', stats.hosts.total);
  w.add('hostpulse_hub_hosts_online', 'gauge', 'Hosts online.', stats.hosts.online);
  w.add('hostpulse_hub_event_loop_delay_p50_seconds', 'gauge', 'Event-loop delay median over the last second.', stats.process.eventLoopDelayP50Ms / 1000);
  w.add('hostpulse_hub_event_loop_delay_p99_seconds', 'gauge', 'Event-loop delay 99th percentile over the last second.', stats.process.eventLoopDelayP99Ms / 1000);
  addStorageMetrics(w, stats.storage);
  if (stats.bus) addBusMetrics(w, stats.bus);
}

function addBusMetrics(w: MetricsWriter, bus: BusStats): void {
  w.add('hostpulse_hub_bus_connected', 'gauge', 'Whether the hub holds its NATS connection (1) or not (0).', bus.connected ? 1 : 0);
  w.add('hostpulse_hub_bus_messages_total', 'counter', 'Bus messages read from other hubs (in) and published (out).', bus.totals.in, { direction: 'in' });
  w.add('hostpulse_hub_bus_messages_total', 'counter', 'Bus messages read from other hubs (in) and published (out).', bus.totals.out, { direction: 'out' });
  w.add('hostpulse_hub_bus_outbox_messages', 'gauge', 'Messages waiting for NATS to publish them.', bus.outboxMessages);
  w.add('hostpulse_hub_bus_backfill_lag_messages', 'gauge', 'Stream messages the hub has not read yet.', bus.backfillLagMessages);
  w.add('hostpulse_hub_bus_backfill_lag_seconds', 'gauge', 'Age of the newest stream message read while more wait (0 when caught up).', bus.backfillLagMs / 1000);
  w.add('hostpulse_hub_bus_samples_stored_total', 'counter', 'Samples from other hubs that this hub did not hold yet.', bus.totals.samplesStored);
  w.add('hostpulse_hub_bus_peers', 'gauge', 'Other hubs heard on the bus in the last minute.', bus.peers.length);
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

/** The standard process_* and nodejs_* names, so the hub is watched like any other service. */
function addProcessMetrics(w: MetricsWriter, p: ProcessMetrics): void {
  w.add('process_cpu_user_seconds_total', 'counter', 'Total user CPU time spent in seconds.', p.cpuUserSeconds);
  w.add('process_cpu_system_seconds_total', 'counter', 'Total system CPU time spent in seconds.', p.cpuSystemSeconds);
  w.add('process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', p.cpuUserSeconds + p.cpuSystemSeconds);
  w.add('process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.', p.startTimeSeconds);
  w.add('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', p.residentMemoryBytes);
  if (p.virtualMemoryBytes !== undefined) w.add('process_virtual_memory_bytes', 'gauge', 'Virtual memory size in bytes.', p.virtualMemoryBytes);
  if (p.openFds !== undefined) w.add('process_open_fds', 'gauge', 'Number of open file descriptors.', p.openFds);
  if (p.maxFds !== undefined) w.add('process_max_fds', 'gauge', 'Maximum number of open file descriptors.', p.maxFds);
  w.add('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap in use in bytes.', p.heapUsedBytes);
  w.add('nodejs_heap_size_total_bytes', 'gauge', 'V8 heap size in bytes.', p.heapTotalBytes);
}

function addCpuSeconds(w: MetricsWriter, name: string, help: string, seconds: CpuSeconds, labels: Labels): void {
  for (const mode of CPU_MODES) w.add(name, 'counter', help, seconds[mode], { ...labels, mode });
}

function addCounters(w: MetricsWriter, c: HostCounterValues, h: Labels): void {
  addCpuSeconds(w, 'hostpulse_host_cpu_seconds_total', 'CPU seconds spent in each mode, all cores together.', c.cpu, h);
  c.cores.forEach((core, i) => addCpuSeconds(w, 'hostpulse_host_cpu_core_seconds_total', 'CPU seconds spent in each mode, per core.', core, { ...h, cpu: String(i) }));
  for (const [name, t] of c.net) {
    const l = { ...h, interface: name };
    w.add('hostpulse_host_network_receive_bytes_total', 'counter', 'Bytes received.', t.rxBytes, l);
    w.add('hostpulse_host_network_transmit_bytes_total', 'counter', 'Bytes sent.', t.txBytes, l);
    w.add('hostpulse_host_network_receive_packets_total', 'counter', 'Packets received.', t.rxPackets, l);
    w.add('hostpulse_host_network_transmit_packets_total', 'counter', 'Packets sent.', t.txPackets, l);
    w.add('hostpulse_host_network_receive_errors_total', 'counter', 'Receive errors.', t.rxErrors, l);
    w.add('hostpulse_host_network_transmit_errors_total', 'counter', 'Transmit errors.', t.txErrors, l);
    if (t.rxDropped !== undefined) w.add('hostpulse_host_network_receive_drop_total', 'counter', 'Packets dropped on receive.', t.rxDropped, l);
    if (t.txDropped !== undefined) w.add('hostpulse_host_network_transmit_drop_total', 'counter', 'Packets dropped on transmit.', t.txDropped, l);
  }
  for (const [name, t] of c.disk) {
    const l = { ...h, device: name };
    w.add('hostpulse_host_disk_read_bytes_total', 'counter', 'Bytes read.', t.readBytes, l);
    w.add('hostpulse_host_disk_written_bytes_total', 'counter', 'Bytes written.', t.writtenBytes, l);
    w.add('hostpulse_host_disk_reads_completed_total', 'counter', 'Reads completed.', t.reads, l);
    w.add('hostpulse_host_disk_writes_completed_total', 'counter', 'Writes completed.', t.writes, l);
    w.add('hostpulse_host_disk_io_time_seconds_total', 'counter', 'Seconds the device was busy.', t.ioSeconds, l);
  }
}

function addLevels(w: MetricsWriter, host: HostMetricsInput, s: Sample, h: Labels): void {
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
  for (const fs of host.fs) {
    const l = { ...h, mountpoint: fs.mount, fstype: fs.fsType };
    w.add('hostpulse_host_filesystem_size_bytes', 'gauge', 'Filesystem size.', fs.sizeBytes, l);
    w.add('hostpulse_host_filesystem_used_bytes', 'gauge', 'Filesystem space used.', fs.usedBytes, l);
    if (fs.availableBytes !== undefined) w.add('hostpulse_host_filesystem_available_bytes', 'gauge', 'Filesystem space available to unprivileged users.', fs.availableBytes, l);
  }
  for (const t of host.temps) w.add('hostpulse_host_temperature_celsius', 'gauge', 'Sensor temperature.', t.celsius, { ...h, sensor: t.label });
}

/**
 * One host: whether it is online, when it was last heard from and its inventory
 * (as `hostpulse_host_info{...} 1`) always; its measurements only while it is
 * online, so an offline host's last values are never served as current.
 */
function addHostMetrics(w: MetricsWriter, host: HostMetricsInput): void {
  const h = { host: host.hostId };
  const inv = host.inventory;
  w.add('hostpulse_host_online', 'gauge', 'Whether the host is online (1) or offline (0).', host.online ? 1 : 0, h);
  w.add('hostpulse_host_last_seen_timestamp_seconds', 'gauge', 'When the hub last heard from the host.', host.lastSeenMs / 1000, h);
  w.add('hostpulse_host_info', 'gauge', "The host's inventory, as labels.", 1, {
    ...h,
    hostname: inv.hostname,
    platform: inv.platform,
    distro: inv.distro,
    release: inv.release,
    kernel: inv.kernel,
    arch: inv.arch,
    cpu_model: inv.cpuModel,
    agent_version: inv.agentVersion,
  });
  const s = host.latest;
  if (!host.online || !s) return;
  addLevels(w, host, s, h);
  if (host.counters?.runId === s.runId) addCounters(w, host.counters, h);
}

/** The /metrics body: the hub's own load, faults and process figures, then every host. */
export function formatMetrics(stats: HubStats, samplesTotal: number, process: ProcessMetrics, hosts: readonly HostMetricsInput[]): string {
  const w = new MetricsWriter();
  addHubMetrics(w, stats, samplesTotal);
  addProcessMetrics(w, process);
  for (const host of hosts) addHostMetrics(w, host);
  return w.text();
}
