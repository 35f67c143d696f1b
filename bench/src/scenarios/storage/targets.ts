import { MAX_WINDOW_LOAD_BYTES } from '@hostpulse/protocol';
import { formatMiB, formatNumber } from '../../kit/table.js';
import type { TargetCheck } from '../../kit/target-check.js';
import type { StorageResult } from './storage-result.js';

const MIB = 1024 ** 2;

/** RSS before the store, 100 hosts of 16 cores holding 1 h at 1 s, as the issue measured it. */
const ISSUE_BEFORE_RSS_MIB = 1390;

/** The issue's storage targets against what the storage scenario measured; a run of other sizes (--quick) gets n/a. */
export function storageChecks(s: StorageResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const memory = (hosts: number, cores: number, limitMiB: number, note: string): void => {
    const run = s.memory.find((r) => r.build === 'this' && r.cores === cores);
    if (!run) return;
    const sized = run.hosts === hosts && run.samplesPerHost === 3600;
    const held = !run.complete ? ` holding ${formatNumber(run.samplesStored / 3600, 0)} host-hours (replay cut short)` : sized ? '' : ` with ${formatNumber(run.hosts)} hosts`;
    checks.push({
      target: `storage: ${formatNumber(hosts)} x ${cores}-core hosts, 1 h at 1 s, hub RSS <= ${limitMiB} MiB`,
      measured: `${formatMiB(run.rssBytes)} MiB${held}${note}`,
      met: sized && run.complete ? run.rssBytes <= limitMiB * MIB : null,
    });
  };
  const before = s.memory.find((r) => r.build === 'before');
  memory(1000, 4, 1024, '');
  memory(100, 16, 250, ` (before: ${formatNumber(ISSUE_BEFORE_RSS_MIB)} MiB in the issue${before ? `, ${formatMiB(before.rssBytes)} MiB measured` : ''})`);
  const raw = s.disk?.tiers.find((t) => t.tier === 'raw');
  if (raw) {
    checks.push({
      target: 'storage: raw tier <= 2 B per value on disk (aim 1), real agent samples',
      measured: `${formatNumber(raw.bytesPerValue, 2)} B`,
      met: raw.bytesPerValue === null ? null : raw.bytesPerValue <= 2,
    });
  }
  const memOnly = s.ingest.find((r) => !r.dataDir);
  const withDisk = s.ingest.find((r) => r.dataDir);
  if (memOnly && withDisk) {
    const extra = withDisk.hubCpuPct - memOnly.hubCpuPct;
    checks.push({
      target: `storage: ingest of ${formatNumber(withDisk.samplesPerSec)} samples/s with a data dir costs <= 25% of a core more`,
      measured: `${extra >= 0 ? '+' : ''}${formatNumber(extra, 1)}% (${formatNumber(withDisk.hubCpuPct, 1)}% vs ${formatNumber(memOnly.hubCpuPct, 1)}%)`,
      met: extra <= 25,
    });
    checks.push({
      target: 'storage: push staleness p99 < 50 ms while writing to disk',
      measured: `${formatNumber(withDisk.stalenessP99Ms)} ms (memory only ${formatNumber(memOnly.stalenessP99Ms)} ms)`,
      met: withDisk.stalenessP99Ms === null ? null : withDisk.stalenessP99Ms < 50,
    });
  }
  const month = s.queries?.windows.find((w) => w.label === '30 d');
  if (s.queries && month) {
    checks.push({
      target: `storage: 30-day series query p95 < 100 ms, ${s.queries.hosts} hosts stored`,
      measured: `${formatNumber(month.p95Ms, 1)} ms`,
      met: month.p95Ms === null ? null : month.p95Ms < 100,
    });
  }
  const w = s.windowLoads;
  if (w && w.loads.length > 0) {
    const slowest = w.loads.reduce((a, b) => (b.ms > a.ms ? b : a));
    const largest = w.loads.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    checks.push({
      target: `storage: every window load of a ${w.cores}-core host through ${formatNumber(w.linkBytesPerSec / 1e6)} MB/s < 2 s`,
      measured: `slowest ${formatNumber(slowest.ms)} ms (${slowest.label})`,
      met: slowest.ms < 2000,
    });
    checks.push({
      target: 'storage: no window load above 256 KiB, none dropped',
      measured: `largest ${formatNumber(largest.bytes)} B (${largest.label}), ${w.slowClientDropped} dropped`,
      met: largest.bytes <= MAX_WINDOW_LOAD_BYTES && w.slowClientDropped === 0,
    });
  }
  return checks;
}
