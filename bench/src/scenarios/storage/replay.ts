import type { HostsResponse } from '@hostpulse/protocol';
import { UserError } from '@hostpulse/common';
import { ChildLink } from '../../kit/child-link.js';
import { BENCH_TOKEN, viewerHeaders, type HubProcess } from '../../kit/hub-process.js';
import { splitEvenly, type Progress } from '../../roles/launch.js';
import type { ReplayArgs, ReplayReport, ReplaySource } from './replay-agents.js';

/** How a window is replayed into a hub. */
export interface ReplayPlan {
  hostIds: string[];
  source: ReplaySource;
  intervalMs: number;
  samplesPerHost: number;
  lastTsMs: number;
  /** Processes making samples. */
  procs: number;
  deadlineMs: number;
}

const PROGRESS_EVERY_MS = 10_000;

/** What a replay did. */
export interface ReplayOutcome {
  replaySec: number;
  /** Samples the hub took: every one sent, or the replay fails. */
  samplesStored: number;
  /** False when the deadline stopped it before every host had sent its window. */
  complete: boolean;
}

/**
 * Replays a window of every host into the hub, as fast as it reads, in `procs`
 * processes, with a progress line every 10 s, until done or the deadline; then
 * checks that the hub took every sample sent (its hosts' last seqs).
 */
export async function replayInto(hub: HubProcess, plan: ReplayPlan, tag: string, progress: Progress): Promise<ReplayOutcome> {
  const parts = splitEvenly(plan.hostIds, plan.procs);
  const links = parts.map((_, i) => ChildLink.start(`replay ${i + 1}`, 'replay-agents'));
  const total = plan.hostIds.length * plan.samplesPerHost;
  const startMs = Date.now();
  const timer = setInterval(() => {
    void Promise.all(links.map((l) => l.call<ReplayReport>('report').catch(() => null))).then((reports) => {
      const sent = reports.reduce((sum, r) => sum + (r?.sent ?? 0), 0);
      const rate = sent / ((Date.now() - startMs) / 1000);
      progress(`${tag}: ${sent.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} samples sent (${rate.toFixed(0)}/s)`);
    });
  }, PROGRESS_EVERY_MS);
  try {
    const reports = await Promise.all(
      links.map((link, i) => {
        const args: ReplayArgs = {
          hubUrl: `ws://127.0.0.1:${hub.port}`,
          token: BENCH_TOKEN,
          hostIds: parts[i]!,
          source: plan.source,
          intervalMs: plan.intervalMs,
          count: plan.samplesPerHost,
          lastTsMs: plan.lastTsMs,
          parallel: 16,
          deadlineMs: plan.deadlineMs,
        };
        return link.call<ReplayReport>('replay', args, plan.deadlineMs + 30_000);
      }),
    );
    const replaySec = (Date.now() - startMs) / 1000;
    const closes = reports.flatMap((r) => Object.entries(r.closeCodes).filter(([code]) => code !== '1000'));
    if (closes.length > 0) throw new UserError(`${tag}: the hub closed replaying agents: ${JSON.stringify(Object.fromEntries(closes))}\n${hub.tail()}`);
    const sent = reports.reduce((sum, r) => sum + r.sent, 0);
    const complete = reports.every((r) => r.complete);
    const samplesStored = await samplesStoredBy(hub);
    if (samplesStored < sent) throw new UserError(`${tag}: the hub took ${samplesStored} of the ${sent} samples sent`);
    if (!complete) progress(`${tag}: the deadline stopped the replay after ${sent.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} samples`);
    return { replaySec, samplesStored, complete };
  } finally {
    clearInterval(timer);
    await Promise.all(links.map((l) => l.stop()));
  }
}

/** Samples the hub took of its hosts' current runs: their last seqs summed (each run counts from 1). */
async function samplesStoredBy(hub: HubProcess): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${hub.port}/api/hosts`, { headers: viewerHeaders(hub.viewerToken) });
  if (!res.ok) throw new UserError(`GET /api/hosts answered ${res.status}`);
  const { hosts } = (await res.json()) as HostsResponse;
  return hosts.reduce((sum, h) => sum + h.lastSeq, 0);
}
