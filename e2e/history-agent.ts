import WebSocket from 'ws';
import { AGENT_PATH, type AgentSample, type CpuTimes, type HostInfo, type Sample, type SeriesResponse } from '@hostpulse/protocol';
import { getJson } from '@hostpulse/testkit/hub-reads';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';
import { waitFor } from '@hostpulse/testkit/waits';

/** An agent that filled a hub with history and now sends one sample a second; `stop` closes it. */
export interface HistoryAgent {
  hostId: string;
  /** Seq of the last sample sent. */
  lastSeq(): number;
  stop(): void;
}

/** Options of the history agent. */
export interface HistoryOptions {
  hostId: string;
  /** How far back the history reaches: one sample a second from then until now. */
  spanMs: number;
  /** The sample nearest this time is fully busy: a one-second spike a window's means would hide. */
  spikeAtMs?: number;
  /** Longest the hub may take to hold every replayed sample. */
  timeoutMs?: number;
}

// Samples sent before waiting for the socket to have written them: bounds the memory a replay takes.
const BATCH = 500;

/** CPU times at half the load, so the host stays below 60% busy and only a spike reaches 100%. */
function halved(t: CpuTimes): CpuTimes {
  const userPct = t.userPct / 2;
  const systemPct = t.systemPct / 2;
  const iowaitPct = t.iowaitPct / 2;
  return { userPct, systemPct, iowaitPct, stealPct: 0, idlePct: 100 - userPct - systemPct - iowaitPct };
}

/** Makes a sample of `host` at `tsMs`: at most about 55% busy, or fully busy when `spike`. */
function sampleAt(host: SimulatedHost, tsMs: number, spike: boolean): Sample {
  const sample = host.nextSample(tsMs);
  const full = { userPct: 90, systemPct: 10, iowaitPct: 0, stealPct: 0, idlePct: 0 };
  sample.cpu = spike ? { total: full, cores: sample.cpu.cores.map(() => full) } : { total: halved(sample.cpu.total), cores: sample.cpu.cores.map(halved) };
  return sample;
}

/** Sends a message and resolves once the socket has written it. */
function sendWritten(ws: WebSocket, message: AgentSample): Promise<void> {
  return new Promise((resolve, reject) => ws.send(JSON.stringify(message), (error) => (error ? reject(error) : resolve())));
}

/**
 * Speaks the agent protocol to a hub: a hello, then `spanMs` of samples one second
 * apart ending now, sent as fast as the hub reads them (the bench's 4-core host
 * shape, its CPU load halved), then one live sample a second until stopped. Resolves once the hub holds
 * the whole replay.
 */
export async function startHistoryAgent(hubUrl: string, token: string, options: HistoryOptions): Promise<HistoryAgent> {
  const { hostId, spanMs, spikeAtMs, timeoutMs = 120_000 } = options;
  const startMs = Date.now();
  const host = new SimulatedHost(hostId, 1000, 8);
  const ws = new WebSocket(hubUrl.replace(/^http/, 'ws') + AGENT_PATH, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify(host.hello())));
    ws.once('message', () => resolve());
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`the hub closed the history agent with ${code}`)));
  });
  let nextTsMs = Date.now() - spanMs;
  // Catch up to the present: the replay itself takes a while, and live samples follow it without a hole.
  while (nextTsMs <= Date.now()) {
    for (let i = 0; i < BATCH && nextTsMs <= Date.now(); i += 1) {
      const spike = spikeAtMs !== undefined && Math.abs(nextTsMs - spikeAtMs) < 500;
      const written = sendWritten(ws, { type: 'sample', sample: sampleAt(host, nextTsMs, spike) });
      nextTsMs += 1000;
      if (i === BATCH - 1 || nextTsMs > Date.now()) await written;
    }
  }
  const held = (): Promise<HostInfo | undefined> => getJson<HostInfo>(hubUrl, `/api/hosts/${hostId}`).catch(() => undefined);
  await waitFor(held, (info) => (info?.lastSeq ?? 0) >= host.seq, { timeout: startMs + timeoutMs - Date.now(), interval: 250, message: `the hub holding ${hostId} up to seq ${host.seq} after the replay` });
  // The hub keeps only its last --history in memory; what is older shows in series once its disk
  // worker has written it, which on a busy machine trails the replay by seconds. Wait for the
  // whole span, so that a page opened next draws all of it.
  const firstTsMs = Date.now() - spanMs;
  const series = (): Promise<SeriesResponse | undefined> =>
    getJson<SeriesResponse>(hubUrl, `/api/hosts/${hostId}/series?from=${firstTsMs}&to=${Date.now()}&points=500`).catch(() => undefined);
  const whole = (s: SeriesResponse | undefined): boolean =>
    s !== undefined && s.t.length > 0 && s.t[0]! - firstTsMs < 2 * s.bucketMs && s.t.every((t, i) => i === 0 || t - s.t[i - 1]! <= 2 * s.bucketMs);
  await waitFor(series, whole, { timeout: startMs + timeoutMs - Date.now(), interval: 250, message: `the hub's series of ${hostId} covering the whole replay` });
  const timer = setInterval(() => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'sample', sample: sampleAt(host, Date.now(), false) } satisfies AgentSample));
  }, 1000);
  return {
    hostId,
    lastSeq: () => host.seq,
    stop() {
      clearInterval(timer);
      ws.close(1000);
    },
  };
}
