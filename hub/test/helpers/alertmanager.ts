import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/** Debian's Alertmanager (package prometheus-alertmanager). */
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** An Alertmanager started for a test. */
export interface RunningAlertmanager {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Alertmanager on a free loopback port with a temporary config and storage
 * path, clustering off (so it binds no 9094), routing every alert to
 * `webhookUrl` at once, resolutions included.
 */
export async function startAlertmanager(webhookUrl: string): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-am-'));
  const config = [
    'route:',
    '  receiver: test',
    '  group_by: [alertname, host]',
    '  group_wait: 1s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: test',
    '    webhook_configs:',
    `      - url: ${webhookUrl}`,
    '        send_resolved: true',
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  const proc = spawn(ALERTMANAGER_BIN, [
    `--config.file=${path.join(dir, 'alertmanager.yml')}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then((res) => res.ok, () => false);
    if (ready) return { url, output: () => output, stop };
    if (Date.now() > deadline || proc.exitCode !== null) {
      await stop();
      throw new Error(`alertmanager did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
