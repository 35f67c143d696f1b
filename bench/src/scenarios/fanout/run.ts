import { availableParallelism } from 'node:os';
import { hostTopic } from '@hostpulse/protocol';
import type { ClientReport } from '@hostpulse/loadgen';
import { ChildLink } from '../../kit/child-link.js';
import { sleep, startCpuWindow, startMachineWindow } from '../../kit/cpu-window.js';
import { startHub, type HubProcess } from '../../kit/hub-process.js';
import { hostIds, startAgents, startPollClients, startPushClients, stopAll, type Progress } from '../../roles/launch.js';
import { mergeReports } from '../../kit/merge-reports.js';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';
import { fanoutEfficiency, judgeSaturation, type Saturated } from '../../kit/saturation.js';

/** What one fan-out ramp targets. */
export type FanoutTarget = 'uws-baseline' | 'ws-baseline' | 'hub-push' | 'hub-poll';

/** Every fan-out target, in the order the bench runs them. */
export const FANOUT_TARGETS: readonly FanoutTarget[] = ['uws-baseline', 'ws-baseline', 'hub-push', 'hub-poll'];

/** One step of a ramp. */
export interface FanoutStep {
  intervalMs: number;
  publishedPerSec: number;
  expectedPerSec: number;
  deliveredPerSec: number;
  serverCpuPct: number;
  /** The kernel's part of serverCpuPct. */
  serverSystemCpuPct: number;
  loadGeneratorCpuPct: number[];
  /** Share of all cores busy during the step (bench and anything else on the machine). */
  machineBusyPct: number;
  /** Delivered messages per second of server CPU. */
  efficiency: number | null;
  saturated: Saturated;
  closeCodes: Record<string, number>;
}

/** The ramp of one target. */
export interface FanoutResult {
  target: FanoutTarget;
  clients: number;
  topics: number;
  payloadBytes: number;
  steps: FanoutStep[];
  /** What saturated at the last step, or null when the ramp ended unsaturated. */
  saturated: Saturated;
  /** Efficiency at the highest step that did not saturate (the most load, so the least timer noise). */
  efficiency: number | null;
  /** Publish rate of that step. */
  efficiencyAtPublishesPerSec: number | null;
  maxDeliveredPerSec: number;
}

/** Sizes and timings of the fan-out ramps. */
export interface FanoutOptions {
  clients: number;
  topics: number;
  intervalsMs: readonly number[];
  stepSeconds: number;
  clientProcs: number;
  targets: readonly FanoutTarget[];
  profileDir: string | undefined;
  /** The hub's viewer token (--viewer-token or HOSTPULSE_VIEWER_TOKEN), sent by every client. */
  viewerToken: string | undefined;
}

/** A payload the same size as a hub `sample` frame of a simulated host. */
export function fanoutPayload(): string {
  const sample = new SimulatedHost('payload-host', 1000, 7).nextSample();
  return JSON.stringify({ type: 'sample', sample: { ...sample, hubRxMs: sample.tsMs } });
}

interface Rig {
  serverPid: number;
  /** True when delivered messages are counted as samples (pollers), not frames. */
  countsSamples: boolean;
  clients: ChildLink[];
  /** Sets the publish interval (baseline timer, or agents' and pollers' interval). */
  setRate(intervalMs: number): Promise<void>;
  load: ChildLink[];
  stop(): Promise<void>;
}

async function startRig(target: FanoutTarget, opts: FanoutOptions, payload: string): Promise<Rig> {
  if (target === 'uws-baseline' || target === 'ws-baseline') {
    const server = ChildLink.start(target, target);
    const { port } = await server.call<{ port: number }>('start', { topics: opts.topics, payload });
    const clients = await startPushClients({ port }, Array.from({ length: opts.clients }, () => []), opts.clientProcs, 'count', false);
    return {
      serverPid: server.pid,
      countsSamples: false,
      clients,
      load: clients,
      setRate: async (intervalMs) => void (await server.call('rate', { intervalMs })),
      stop: () => stopAll([...clients, server]),
    };
  }
  const hub: HubProcess = await startHub({ profileDir: opts.profileDir, viewerToken: opts.viewerToken });
  const ids = hostIds('fanout', opts.topics);
  const agents = await startAgents(hub, ids, opts.intervalsMs[0]!, 100);
  const clients =
    target === 'hub-push'
      ? await startPushClients(hub, Array.from({ length: opts.clients }, () => ids.map(hostTopic)), opts.clientProcs, 'count')
      : await startPollClients(
          hub,
          Array.from({ length: opts.clients }, (_, i) => ({ clientId: `bench-fanout-${i}`, hosts: ids })),
          opts.intervalsMs[0]!,
          opts.clientProcs,
        );
  let first = true;
  return {
    serverPid: hub.pid,
    countsSamples: target === 'hub-poll',
    clients,
    load: [...clients, agents],
    async setRate(intervalMs) {
      if (!first) await agents.call('rate', { intervalMs }, 60_000);
      first = false;
      if (target === 'hub-poll') await Promise.all(clients.map((c) => c.call('rate', { intervalMs })));
    },
    stop: async () => {
      await stopAll([...clients, agents]);
      await hub.stop();
    },
  };
}

async function runStep(rig: Rig, opts: FanoutOptions, intervalMs: number): Promise<FanoutStep> {
  await rig.setRate(intervalMs);
  await sleep(1500);
  await Promise.all(rig.clients.map((c) => c.call('reset')));
  const machine = startMachineWindow();
  const server = startCpuWindow(rig.serverPid);
  const load = rig.load.map((l) => startCpuWindow(l.pid));
  await sleep(opts.stepSeconds * 1000);
  await Promise.all(rig.clients.map((c) => c.call('mark')));
  const serverUse = server.finish();
  const loadUse = load.map((l) => l.finish());
  const machineBusyPct = machine.finish();
  await sleep(intervalMs + 500);
  const report = mergeReports(await Promise.all(rig.clients.map((c) => c.call<ClientReport>('report'))));
  const publishedPerSec = (opts.topics * 1000) / intervalMs;
  const expectedPerSec = publishedPerSec * opts.clients;
  // Push clients count frames; pollers count samples, since one response may carry several.
  const delivered = rig.countsSamples ? report.updates : report.frames;
  const deliveredPerSec = delivered / (report.windowMs / 1000);
  const loadPcts = loadUse.map((l) => l.pct);
  return {
    intervalMs,
    publishedPerSec,
    expectedPerSec,
    deliveredPerSec,
    serverCpuPct: serverUse.pct,
    serverSystemCpuPct: serverUse.systemPct,
    loadGeneratorCpuPct: loadPcts,
    efficiency: fanoutEfficiency(deliveredPerSec, serverUse.pct),
    machineBusyPct,
    saturated: judgeSaturation({ serverPct: serverUse.pct, loadPcts, machineBusyPct, deliveredPerSec, expectedPerSec }),
    closeCodes: report.closeCodes,
  };
}

/** True when a step saw the machine saturated while the bench's own processes used under 60% of it. */
function isOtherWork(step: FanoutStep): boolean {
  const benchPct = (step.serverCpuPct + step.loadGeneratorCpuPct.reduce((a, b) => a + b, 0)) / availableParallelism();
  return step.saturated === 'machine' && benchPct < 0.6 * step.machineBusyPct;
}

/**
 * Ramps the publish rate against each target (both baselines, the hub in push and in
 * poll mode) with the same clients and payload size, until the server or the load
 * generator saturates or the ramp ends.
 */
export async function runFanout(opts: FanoutOptions, progress: Progress): Promise<FanoutResult[]> {
  const payload = fanoutPayload();
  const results: FanoutResult[] = [];
  for (const target of opts.targets) {
    progress(`fanout ${target}: starting server and ${opts.clients} clients on ${opts.topics} topics`);
    const rig = await startRig(target, opts, payload);
    const steps: FanoutStep[] = [];
    let retriesLeft = 2;
    try {
      for (const intervalMs of opts.intervalsMs) {
        let step = await runStep(rig, opts, intervalMs);
        // The machine may be busy with work that is not the bench's; that says nothing
        // about the server, so the step is measured again, twice per ramp at most.
        while (retriesLeft > 0 && isOtherWork(step)) {
          retriesLeft -= 1;
          progress(`fanout ${target}: machine ${step.machineBusyPct.toFixed(0)}% busy, mostly with other work; measuring again in 3 s`);
          await sleep(3000);
          step = await runStep(rig, opts, intervalMs);
        }
        steps.push(step);
        progress(
          `fanout ${target}: ${step.publishedPerSec.toFixed(0)} publishes/s -> ${step.deliveredPerSec.toFixed(0)} delivered/s, ` +
            `server CPU ${step.serverCpuPct.toFixed(1)}% (kernel ${step.serverSystemCpuPct.toFixed(1)}%), clients CPU ${step.loadGeneratorCpuPct.map((p) => p.toFixed(0) + '%').join('/')}, ` +
            `machine ${step.machineBusyPct.toFixed(0)}% busy` +
            (step.saturated ? `, saturated: ${step.saturated}` : ''),
        );
        if (step.saturated) break;
      }
    } finally {
      await rig.stop();
    }
    const last = steps[steps.length - 1];
    const steady = [...steps].reverse().find((s) => !s.saturated) ?? last;
    results.push({
      target,
      clients: opts.clients,
      topics: opts.topics,
      payloadBytes: Buffer.byteLength(payload),
      steps,
      saturated: last?.saturated ?? null,
      efficiency: steady?.efficiency ?? null,
      efficiencyAtPublishesPerSec: steady?.publishedPerSec ?? null,
      maxDeliveredPerSec: Math.max(0, ...steps.map((s) => s.deliveredPerSec)),
    });
  }
  return results;
}
