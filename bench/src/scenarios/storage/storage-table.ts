import { formatMiB, formatNumber, formatTable } from '../../kit/table.js';
import type { DiskBytesResult, IngestRun, MemoryRun, QueryResult, StorageResult } from './storage-result.js';

const ms = (v: number | null | undefined, digits = 1): string => formatNumber(v, digits);

function memoryTable(runs: readonly MemoryRun[]): string {
  const row = (label: string, cell: (r: MemoryRun) => string): string[] => [label, ...runs.map(cell)];
  return formatTable(
    ['storage: hub holding 1 h at 1 s in memory', ...runs.map((r) => `${r.build === 'this' ? 'this hub' : 'before (--before-hub)'}: ${formatNumber(r.hosts)} x ${r.cores}-core`)],
    [
      row('samples held', (r) => `${formatNumber(r.samplesStored)}${r.complete ? '' : ' (cut short)'}`),
      row('replay took (s) / samples/s', (r) => `${formatNumber(r.replaySec)} / ${formatNumber(r.samplesStored / r.replaySec)}`),
      row('hub CPU per sample (us)', (r) => formatNumber((r.hubCpuSec * 1e6) / r.samplesStored, 1)),
      row('hub RSS before replay (MiB)', (r) => formatMiB(r.idleRssBytes)),
      row('hub RSS after (MiB)', (r) => formatMiB(r.rssBytes)),
      row('hub RSS peak (MiB)', (r) => formatMiB(r.peakRssBytes)),
      row('heap used (MiB)', (r) => formatMiB(r.heapUsedBytes)),
      row('store memory (MiB)', (r) => formatMiB(r.storeMemoryBytes)),
      row('RSS per host-hour (MiB)', (r) => formatNumber(r.rssPerHostHourBytes / 1024 ** 2, 2)),
    ],
  );
}

function diskTable(d: DiskBytesResult): string {
  const tiers = d.tiers;
  return formatTable(
    [`storage: bytes on disk per tier (real agent, ${d.hosts} hosts x ${d.hours} h at 1 s)`, ...tiers.map((t) => t.tier)],
    [
      ['bytes (SQLite pages of table + indexes)', ...tiers.map((t) => formatNumber(t.bytes))],
      ['rows', ...tiers.map((t) => formatNumber(t.rows))],
      ['values (figures; min/avg/max per line and bucket)', ...tiers.map((t) => formatNumber(t.values))],
      ['bytes per value', ...tiers.map((t) => formatNumber(t.bytesPerValue, 2))],
      [
        `samples ${formatNumber(d.samples)}${d.complete ? '' : ' (cut short)'}, ${formatNumber(d.figuresPerSample, 1)} figures each, ${formatNumber(d.constantShare * 100, 0)}% constant within their chunk`,
        `replay ${formatNumber(d.replaySec)} s`,
        `file ${formatMiB(d.fileBytes)} MiB`,
      ],
    ],
  );
}

function ingestTable(runs: readonly IngestRun[]): string {
  const first = runs[0]!;
  const row = (label: string, cell: (r: IngestRun) => string): string[] => [label, ...runs.map(cell)];
  return formatTable(
    [`storage: ingest, ${formatNumber(first.hosts)} hosts (4-core) at ${first.intervalMs} ms, ${formatNumber(first.windowSec)} s`, ...runs.map((r) => (r.dataDir ? 'data dir' : 'memory only'))],
    [
      row('samples/s at the hub', (r) => formatNumber(r.samplesPerSec)),
      row('hub CPU (% of a core)', (r) => `${formatNumber(r.hubCpuPct, 1)}%`),
      row('  of which system', (r) => `${formatNumber(r.hubSystemPct, 1)}%`),
      row('machine busy (all cores, other work too)', (r) => `${formatNumber(r.machineBusyPct, 0)}%`),
      row('hub RSS at the end (MiB)', (r) => formatMiB(r.rssBytes)),
      row('event-loop delay p99, worst second (ms)', (r) => ms(r.eventLoopDelayMaxP99Ms)),
      row(`push staleness p50 / p99 / max (ms), ${first.dashboards} dashboards`, (r) => `${ms(r.stalenessP50Ms, 0)} / ${ms(r.stalenessP99Ms, 0)} / ${ms(r.stalenessMaxMs, 0)}`),
      row('seq gaps / hub faults', (r) => `${r.seqGaps} / ${r.faults}`),
    ],
  );
}

function queryTable(q: QueryResult): string {
  const w = q.windows;
  const row = (label: string, cell: (x: (typeof w)[number]) => string): string[] => [label, ...w.map(cell)];
  return formatTable(
    [`storage: GET /series?points=600, ${q.hosts} hosts, ${q.days} d stored`, ...w.map((x) => x.label)],
    [
      row('tier / bucket (s)', (x) => `${x.tier} / ${formatNumber(x.bucketMs / 1000)}`),
      row('buckets / answer bytes', (x) => `${formatNumber(x.buckets)} / ${formatNumber(x.meanBytes)}`),
      row('queries', (x) => formatNumber(x.queries)),
      row('p50 (ms)', (x) => ms(x.p50Ms)),
      row('p95 (ms)', (x) => ms(x.p95Ms)),
      row('max (ms)', (x) => ms(x.maxMs)),
      [
        `database ${formatMiB(q.fileBytes)} MiB (${Object.entries(q.tierBytes)
          .map(([tier, bytes]) => `${tier} ${formatMiB(bytes)}`)
          .join(', ')}), prefill ${formatNumber(q.prefillSec)} s, hub ready in ${formatNumber(q.hubStartSec, 1)} s`,
      ],
    ],
  );
}

function windowLoadTable(w: NonNullable<StorageResult['windowLoads']>): string {
  const row = (label: string, cell: (x: (typeof w.loads)[number]) => string): string[] => [label, ...w.loads.map(cell)];
  return formatTable(
    [`storage: /live window loads, ${w.cores}-core host, ${formatNumber(w.linkBytesPerSec / 1e6, 0)} MB/s relay, points=${formatNumber(w.points)}`, ...w.loads.map((x) => x.label)],
    [
      row('snapshot bytes', (x) => formatNumber(x.bytes)),
      row('subscribe to snapshot (ms)', (x) => formatNumber(x.ms)),
      row('tier / buckets', (x) => `${x.tier} / ${formatNumber(x.buckets)}`),
      [`slow-client drops: ${w.slowClientDropped}`],
    ],
  );
}

/** The storage scenario's tables, one per measurement that ran. */
export function formatStorageTables(s: StorageResult): string[] {
  const parts: string[] = [];
  if (s.memory.length > 0) parts.push(memoryTable(s.memory));
  if (s.disk) parts.push(diskTable(s.disk));
  if (s.ingest.length > 0) parts.push(ingestTable(s.ingest));
  if (s.queries) parts.push(queryTable(s.queries));
  if (s.windowLoads) parts.push(windowLoadTable(s.windowLoads));
  parts.push(`storage: load average (1 min) ${formatNumber(s.loadAverage.start, 2)} at the start, ${formatNumber(s.loadAverage.end, 2)} at the end`);
  return parts;
}
