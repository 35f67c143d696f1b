// The load lab: a process the hub starts on demand (hub --lab, POST /api/lab) to run
// simulated viewers against itself, so their cost lands on the hub's CPU figure while
// their own stays in this process. Commands arrive over Node's IPC channel.
import { LIVE_PATH, parseTopic, type LabCommand, type LabReport, type LabSettings } from '@hostpulse/protocol';
import type { ClientReport } from '../meter/client-meter.js';
import type { ChildRole } from '../viewers/role.js';
import { createPollClientsRole, type PollStartArgs } from '../viewers/poll-clients.js';
import { createPushClientsRole, type PushStartArgs } from '../viewers/push-clients.js';
import { LabFiguresMeter } from './lab-figures.js';

type Run = Extract<LabCommand, { type: 'run' }>;

/** How often the viewers' figures go to the hub. */
const FIGURES_EVERY_MS = 1000;

if (!process.send) {
  process.stderr.write('hostpulse lab: start it through the hub (hostpulse-hub --lab), not by hand\n');
  process.exit(2);
}
const report = (message: LabReport): void => {
  process.send!(message);
};

let current: { settings: LabSettings; role: ChildRole; startedMs: number } | null = null;
const figures = new LabFiguresMeter(Date.now() - process.uptime() * 1000);

/** Whether `next` differs from `settings` only in the poll interval, which running pollers can take on in place. */
function isRetune(settings: LabSettings, next: LabSettings): boolean {
  return settings.mode === 'poll' && next.mode === 'poll' && settings.viewers === next.viewers && settings.topic === next.topic;
}

/** Starts `settings.viewers` viewers in a fresh role. */
async function startViewers(run: Run): Promise<ChildRole> {
  const { settings, baseUrl, authorization, labId } = run;
  const headers: Record<string, string> = authorization ? { authorization } : {};
  const topic = parseTopic(settings.topic);
  if (settings.mode === 'push') {
    const role = createPushClientsRole();
    const url = new URL(LIVE_PATH, baseUrl.replace(/^http/, 'ws')).toString();
    // A snapshot of one sample, as a poll viewer's first request asks for: the lab compares steady streams, not page loads.
    const clients = Array.from({ length: settings.viewers }, () => [settings.topic]);
    const args: PushStartArgs = { url, clients, mode: 'parse', subscribe: true, headers, snapshotLimit: 1 };
    await role.handle('start', args);
    return role;
  }
  const role = createPollClientsRole();
  const hosts = topic?.kind === 'host' ? [topic.hostId] : [];
  const args: PollStartArgs = {
    baseUrl,
    clients: Array.from({ length: settings.viewers }, (_, i) => ({ clientId: `${labId}-${i}`, hosts })),
    intervalMs: settings.intervalMs,
    headers,
  };
  await role.handle('start', args);
  return role;
}

async function apply(run: Run): Promise<void> {
  if (current && isRetune(current.settings, run.settings)) {
    await current.role.handle('rate', { intervalMs: run.settings.intervalMs });
    current.settings = run.settings;
    return;
  }
  const old = current;
  current = null;
  await old?.role.handle('stop', null);
  figures.reset();
  const startedMs = Date.now();
  const role = await startViewers(run);
  current = { settings: run.settings, role, startedMs };
}

async function sendFigures(): Promise<void> {
  const run = current;
  if (!run) return;
  const totals = await run.role.handle('report', null);
  // A change may have replaced the viewers while the report was being made.
  if (run !== current) return;
  report({ type: 'figures', figures: figures.next(totals as ClientReport, run.settings.mode, process.cpuUsage(), Date.now(), run.startedMs) });
}

// Commands run one at a time, in order, so a change never overlaps a start.
let queue = Promise.resolve();
process.on('message', (command: LabCommand) => {
  queue = queue.then(async () => {
    if (command.type === 'stop') {
      await current?.role.handle('stop', null);
      process.exit(0);
    }
    try {
      await apply(command);
      report({ type: 'ready', seq: command.seq });
    } catch (err) {
      report({ type: 'failed', seq: command.seq, message: (err as Error).message });
    }
  });
});
setInterval(() => {
  sendFigures().catch((err: Error) => process.stderr.write(`hostpulse lab: figures failed: ${err.message}\n`));
}, FIGURES_EVERY_MS);
// A hub that dies must not leave its viewers running.
process.on('disconnect', () => process.exit(0));
