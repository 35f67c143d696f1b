import type { LabFigures } from '@hostpulse/protocol';
import type { ClientReport } from '../meter/client-meter.js';
import { percentile, subtractHistogram, type Histogram } from '../meter/histogram.js';

type Counts = Pick<ClientReport, 'updates' | 'requests' | 'notModified' | 'wireRxBytes' | 'wireTxBytes'>;

interface Reading {
  atMs: number;
  counts: Counts;
  staleness: Histogram;
}

/**
 * Turns the growing totals of a viewers' meter into one second's figures: each call
 * compares the report with the previous one, so data age covers exactly the updates
 * that arrived in between, whenever the hub received them.
 */
export class LabFiguresMeter {
  #previous: Reading | null = null;
  // The process's CPU outlives its viewers, so a reset keeps it.
  #cpu: { atMs: number; usage: NodeJS.CpuUsage };

  /** `processStartMs`: when the process started, from where its first CPU figure is counted. */
  constructor(processStartMs: number) {
    this.#cpu = { atMs: processStartMs, usage: { user: 0, system: 0 } };
  }

  /** Forgets the previous reading: the viewers were replaced and their totals start again. */
  reset(): void {
    this.#previous = null;
  }

  /** Figures since the previous call; the first call after a reset covers the time since `startMs`. */
  next(report: ClientReport, mode: LabFigures['mode'], cpu: NodeJS.CpuUsage, nowMs: number, startMs: number): LabFigures {
    const current: Reading = {
      atMs: nowMs,
      counts: { updates: report.updates, requests: report.requests, notModified: report.notModified, wireRxBytes: report.wireRxBytes, wireTxBytes: report.wireTxBytes },
      staleness: { ...report.staleness },
    };
    const previous = this.#previous ?? { atMs: startMs, counts: { updates: 0, requests: 0, notModified: 0, wireRxBytes: 0, wireTxBytes: 0 }, staleness: {} };
    const cpuBefore = this.#cpu;
    this.#previous = current;
    this.#cpu = { atMs: nowMs, usage: cpu };
    const sec = Math.max(0.001, (nowMs - previous.atMs) / 1000);
    const rate = (key: keyof Counts): number => Math.max(0, current.counts[key] - previous.counts[key]) / sec;
    const ages = subtractHistogram(current.staleness, previous.staleness);
    const cpuMs = (cpu.user - cpuBefore.usage.user + cpu.system - cpuBefore.usage.system) / 1000;
    const cpuSec = Math.max(0.001, (nowMs - cpuBefore.atMs) / 1000);
    return {
      tsMs: nowMs,
      mode,
      connected: report.connected,
      updatesPerSec: rate('updates'),
      dataAgeP50Ms: percentile(ages, 50),
      dataAgeP95Ms: percentile(ages, 95),
      requestsPerSec: rate('requests'),
      notModifiedPerSec: rate('notModified'),
      rxBytesPerSec: rate('wireRxBytes'),
      txBytesPerSec: rate('wireTxBytes'),
      errors: report.errors,
      cpuPct: Math.max(0, cpuMs / (cpuSec * 10)),
    };
  }
}
