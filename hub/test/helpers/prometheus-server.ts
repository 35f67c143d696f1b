import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@hostpulse/testkit/ports';
import { startReadyServer } from './ready-server.js';

/** Debian's Prometheus server (package `prometheus`). */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';

/** One vector element of an instant query's answer. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Prometheus server started for a test. */
export interface PrometheusServer {
  url: string;
  /** An instant query at `timeSec` (now when absent), through the HTTP API; the answer's vector. */
  query(expr: string, timeSec?: number): Promise<PromSample[]>;
  /** Stops the server and deletes its config and storage. */
  stop(): Promise<void>;
}

/**
 * Starts Prometheus on a free loopback port with a temporary config and storage
 * directory, scraping `target` (host:port) every `scrapeIntervalSec` at `metricsPath`;
 * resolves once /-/ready answers.
 */
export async function startPrometheus({ target, scrapeIntervalSec, metricsPath = '/metrics' }: { target: string; scrapeIntervalSec: number; metricsPath?: string }): Promise<PrometheusServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      `  scrape_interval: ${scrapeIntervalSec}s`,
      `  evaluation_interval: ${scrapeIntervalSec}s`,
      'scrape_configs:',
      '  - job_name: hostpulse',
      `    metrics_path: ${metricsPath}`,
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const { url, stop } = await startReadyServer('prometheus', PROMETHEUS_BIN, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], port, dir);
  return {
    url,
    async query(expr, timeSec) {
      const params = new URLSearchParams({ query: expr, ...(timeSec === undefined ? {} : { time: String(timeSec) }) });
      const body = (await (await fetch(`${url}/api/v1/query?${params}`)).json()) as { status: string; error?: string; data: { resultType: string; result: PromSample[] } };
      if (body.status !== 'success' || body.data.resultType !== 'vector') throw new Error(`query ${expr} failed: ${body.error ?? JSON.stringify(body)}`);
      return body.data.result;
    },
    stop,
  };
}
