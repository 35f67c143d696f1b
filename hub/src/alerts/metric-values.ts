import { fsUsedPct, type AlertMetric, type HostSample } from '@hostpulse/protocol';
import { cpuUsedPct } from '../hosts/host-record.js';
import type { ProcessMetric } from './process-rules.js';

/** One value of a metric in a sample, with the labels that tell it apart (mount, interface or device). */
export interface MetricValue {
  labels: Record<string, string>;
  value: number;
}

const pctOf = (part: number, whole: number): number => (whole > 0 ? (part / whole) * 100 : 0);

/**
 * The values a sample holds of a metric: one for host-wide metrics, one per
 * mount, interface or device for the others. Null when this sample does not
 * carry the metric at all (filesystems come every 30 s, temperatures every 10 s),
 * so the alerts on it keep their state; an empty list means the host has none.
 */
export function metricValues(metric: Exclude<AlertMetric, 'host.offline' | ProcessMetric>, sample: HostSample): MetricValue[] | null {
  switch (metric) {
    case 'cpu.busyPct':
      return [{ labels: {}, value: cpuUsedPct(sample) }];
    case 'mem.usedPct':
      return [{ labels: {}, value: pctOf(sample.mem.usedBytes, sample.mem.totalBytes) }];
    case 'swap.usedPct':
      return [{ labels: {}, value: pctOf(sample.swap.usedBytes, sample.swap.totalBytes) }];
    case 'load1':
      return [{ labels: {}, value: sample.load.one }];
    case 'fs.usedPct':
      return sample.fs ? sample.fs.map((fs) => ({ labels: { mount: fs.mount }, value: fsUsedPct(fs) })) : null;
    case 'net.rxBytesPerSec':
      return sample.net.map((iface) => ({ labels: { interface: iface.name }, value: iface.rxBytesPerSec }));
    case 'net.txBytesPerSec':
      return sample.net.map((iface) => ({ labels: { interface: iface.name }, value: iface.txBytesPerSec }));
    case 'disk.busyPct':
      return sample.disk.map((dev) => ({ labels: { device: dev.name }, value: dev.busyPct }));
    case 'temp.maxC':
      if (!sample.temps) return null;
      return sample.temps.length === 0 ? [] : [{ labels: {}, value: Math.max(...sample.temps.map((t) => t.celsius)) }];
    default: {
      const never: never = metric;
      return never;
    }
  }
}
