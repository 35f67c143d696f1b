import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

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
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(PROMETHEUS_BIN, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
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
