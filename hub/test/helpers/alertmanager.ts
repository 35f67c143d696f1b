import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@hostpulse/testkit/ports';
import { startReadyServer, type ReadyServer } from './ready-server.js';

/** Debian's Alertmanager (package prometheus-alertmanager). */
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** An Alertmanager started for a test. */
export type RunningAlertmanager = ReadyServer;

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
  return startReadyServer('alertmanager', ALERTMANAGER_BIN, [
    `--config.file=${path.join(dir, 'alertmanager.yml')}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ], port, dir);
}
