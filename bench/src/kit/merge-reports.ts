import { mergeHistogram, type ClientReport } from '@hostpulse/loadgen';

/** Sums the reports of several client processes into one. */
export function mergeReports(reports: readonly ClientReport[]): ClientReport {
  const total: ClientReport = {
    windowMs: 0,
    clients: 0,
    connected: 0,
    frames: 0,
    updates: 0,
    missing: 0,
    duplicates: 0,
    staleness: {},
    wireRxBytes: 0,
    wireTxBytes: 0,
    requests: 0,
    notModified: 0,
    errors: 0,
    closeCodes: {},
  };
  for (const r of reports) {
    total.windowMs = Math.max(total.windowMs, r.windowMs);
    total.clients += r.clients;
    total.connected += r.connected;
    total.frames += r.frames;
    total.updates += r.updates;
    total.missing += r.missing;
    total.duplicates += r.duplicates;
    total.wireRxBytes += r.wireRxBytes;
    total.wireTxBytes += r.wireTxBytes;
    total.requests += r.requests;
    total.notModified += r.notModified;
    total.errors += r.errors;
    mergeHistogram(total.staleness, r.staleness);
    for (const [code, n] of Object.entries(r.closeCodes)) total.closeCodes[code] = (total.closeCodes[code] ?? 0) + n;
  }
  return total;
}
