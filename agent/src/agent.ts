import { randomBytes } from 'node:crypto';
import { PROTOCOL_VERSION, type AgentHello } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import type { Collector } from './collectors/collector.js';
import { createLinuxFsCollector } from './collectors/linux-fs.js';
import { createProcfsCollectors } from './collectors/linux-procfs.js';
import { createLinuxTempsCollector } from './collectors/linux-temps.js';
import { loadSystemInformation } from './collectors/si-import.js';
import { createSystemInformationCollectors } from './collectors/si-metrics.js';
import { createFsCollector, createTempsCollector } from './collectors/si-slow.js';
import type { AgentConfig } from './config.js';
import { ConnectionManager } from './connection.js';
import { readInventory } from './inventory.js';
import { ProcessReader } from './processes/process-reader.js';
import { ProcessReporter, type ProcessReporterOptions } from './processes/process-reporter.js';
import { SampleBuffer } from './sample-buffer.js';
import { Sampler } from './sampler.js';

/** How long a stopping agent gives the socket to send what is buffered and unsent. */
export const SHUTDOWN_GRACE_MS = 2000;

/** A fresh run id: 16 random base64url characters, new for every agent process. */
export function createRunId(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * On Linux every tick, the filesystems and the temperatures read procfs, statfs and
 * sysfs (no child process, systeminformation never loaded); elsewhere systeminformation serves it all.
 */
export async function createCollectors(config: Pick<AgentConfig, 'netTotals' | 'diskTotals'>, log: Logger): Promise<Collector[]> {
  const { netTotals, diskTotals } = config;
  if (process.platform === 'linux') return [...createProcfsCollectors({ netTotals, diskTotals }), createLinuxFsCollector({ log }), createLinuxTempsCollector()];
  const si = await loadSystemInformation();
  return [...createSystemInformationCollectors(si, netTotals), createFsCollector(() => si.fsSize()), createTempsCollector(() => si.cpuTemperature())];
}

/** The top-processes reporter, or undefined when --processes-every is 0 or the host has no procfs. */
function createProcessReporter(config: Readonly<AgentConfig>, runId: string, log: Logger, send: ProcessReporterOptions['send']): ProcessReporter | undefined {
  if (config.processesEveryMs === 0) return undefined;
  if (process.platform !== 'linux') {
    log.info('top processes are read from /proc, on Linux only; not sending them', { platform: process.platform });
    return undefined;
  }
  return new ProcessReporter({ hostId: config.hostId, runId, everyMs: config.processesEveryMs, reader: new ProcessReader(), send, log });
}

/**
 * Runs the agent until SIGINT or SIGTERM (resolves after a clean close) or until
 * the hub refuses the token (rejects with TokenRefusedError).
 */
export async function runAgent(config: Readonly<AgentConfig>, agentVersion: string, log: Logger): Promise<void> {
  const runId = createRunId();
  const buffer = new SampleBuffer(config.bufferSamples);
  const [osInventory, collectors] = await Promise.all([readInventory(agentVersion, log), createCollectors(config, log)]);
  // --tags go with the inventory; left out when none, as agents before tags sent it.
  const inventory = Object.keys(config.tags).length > 0 ? { ...osInventory, tags: { ...config.tags } } : osInventory;
  const hello: AgentHello = {
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    hostId: config.hostId,
    runId,
    intervalMs: config.intervalMs,
    inventory,
  };

  return new Promise<void>((resolve, reject) => {
    // The link is made below; the reporter sends nothing before start().
    const processes = createProcessReporter(config, runId, log, (message) => connection.sendLatest(message));
    const connection = new ConnectionManager({
      url: config.agentUrl,
      displayUrl: config.displayUrl,
      fallbacks: config.fallbackHubs.map(({ agentUrl, displayUrl }) => ({ url: agentUrl, displayUrl })),
      token: config.token,
      caCerts: config.caCerts,
      pingIntervalMs: config.pingIntervalMs,
      // Watching processes needs the process reporter: without it, the hub is told nothing and sends no patterns.
      understands: processes ? ['watch'] : [],
      onWatch: (message) => processes?.watch(message.processes),
      hello,
      buffer,
      log,
      onFatal: (err) => {
        sampler.stop();
        processes?.stop();
        removeSignalHandlers();
        reject(err);
      },
    });
    const sampler = new Sampler({
      hostId: config.hostId,
      runId,
      intervalMs: config.intervalMs,
      collectors,
      log,
      onSample: (sample) => {
        buffer.push(sample);
        connection.notify();
      },
    });
    const onSignal = (signal: NodeJS.Signals) => {
      removeSignalHandlers();
      log.info('stopping', { signal, lastSeq: buffer.lastSeq, sentSeq: connection.sentSeq });
      sampler.stop();
      processes?.stop();
      connection.stop(SHUTDOWN_GRACE_MS).then(() => {
        log.info('stopped', { lastSeq: buffer.lastSeq, sentSeq: connection.sentSeq });
        resolve();
      }, reject);
    };
    const removeSignalHandlers = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    log.info('starting', {
      hub: [config.displayUrl, ...config.fallbackHubs.map((h) => h.displayUrl)].join(','),
      hostId: config.hostId,
      runId,
      intervalMs: config.intervalMs,
      bufferSamples: config.bufferSamples,
      source: process.platform === 'linux' ? 'procfs' : 'systeminformation',
      processesEveryMs: processes ? config.processesEveryMs : 0,
    });
    connection.start();
    sampler.start().catch(reject);
    processes?.start();
  });
}
