import type { AlertMetric, HostSample } from '@hostpulse/protocol';
/** One value of a metric in a sample, with the labels that tell it apart (mount, interface or device). */
export interface MetricValue {
    labels: Record<string, string>;
    value: number;
}
/**
 * The values a sample holds of a metric: one for host-wide metrics, one per
 * mount, interface or device for the others. Null when this sample does not
 * carry the metric at all (filesystems come every 30 s, temperatures every 10 s),
 * so the alerts on it keep their state; an empty list means the host has none.
 */
export declare function metricValues(metric: Exclude<AlertMetric, 'host.offline'>, sample: HostSample): MetricValue[] | null;
//# sourceMappingURL=metric-values.d.ts.map