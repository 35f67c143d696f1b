import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The hub arguments of a browser test on alerts: a rules file with `rules`, and one
 * signed webhook notifier `ops` aimed at a receiver started here that answers 204, so
 * the delivery log has a row to show, and any `moreNotifiers`. Both go when the file's hub does.
 */
export async function alertsHubArgs(rules: readonly object[], onCleanup: (cleanup: () => Promise<void>) => void, moreNotifiers: readonly object[] = []): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-e2e-alerts-'));
  const receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  onCleanup(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const file = {
    rules,
    notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: 'e2e-secret' }, ...moreNotifiers],
  };
  writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify(file));
  return ['--alerts-file', path.join(dir, 'alerts.json')];
}
