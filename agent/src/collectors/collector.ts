import type { Sample } from '@hostpulse/protocol';

/** The fields of a sample that collectors fill; the sampler adds ids, seq and time. */
export type MetricKey = 'uptimeSec' | 'processCount' | 'cpu' | 'load' | 'mem' | 'swap' | 'net' | 'disk' | 'fs' | 'temps';

/** Every metric field of a sample. */
export type Metrics = Pick<Sample, MetricKey>;

/** The schema allows at most this many rows in each list of a sample (interfaces, devices, filesystems, sensors). */
export const MAX_ROWS = 256;

/** A temperature worth reporting: drivers give -1 or 0 (or absurd values) for a sensor that is not there. */
export function isPlausibleCelsius(celsius: number | null | undefined): celsius is number {
  return typeof celsius === 'number' && Number.isFinite(celsius) && celsius > 0 && celsius < 1000;
}

/** Fields every sample must carry; the others (fs, temps) the schema lets a sample leave out. */
export const REQUIRED_METRICS: readonly MetricKey[] = ['uptimeSec', 'processCount', 'cpu', 'load', 'mem', 'swap', 'net', 'disk'];

/**
 * One source of metrics. The sampler runs every collector behind this interface, so
 * a test can inject a fake and one failing source costs only its own fields.
 */
export interface Collector {
  /** Short name for logs, such as "procfs-net". */
  readonly name: string;
  /** The sample fields `collect` fills. */
  readonly provides: readonly MetricKey[];
  /**
   * How often a slow collector runs (filesystems, temperatures); it runs in the
   * background and its result rides on the next sample. Undefined: every tick.
   */
  readonly everyMs?: number;
  /** Takes a first reading at start-up, so the first sample already has rates. */
  prime?(): Promise<void>;
  /** Reads the metrics; throws when the source cannot be read. */
  collect(): Promise<Partial<Metrics>>;
}
