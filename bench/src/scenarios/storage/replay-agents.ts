import WebSocket from 'ws';
import { AGENT_PATH, type AgentHello, type Sample } from '@hostpulse/protocol';
import { unknownCommand, type ChildRole } from '@hostpulse/loadgen';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';
import { readRecording, type Recording } from './recorded-samples.js';

/** Where replayed samples come from: the bench's simulated host, or a recording of the real agent. */
export type ReplaySource = { kind: 'simulated'; cores: number; seed: number } | { kind: 'recorded' };

/** Arguments of a replay: every host sends `count` samples, `intervalMs` apart, the last at `lastTsMs`. */
export interface ReplayArgs {
  hubUrl: string;
  token: string;
  hostIds: string[];
  source: ReplaySource;
  intervalMs: number;
  count: number;
  lastTsMs: number;
  /** Hosts replaying at once. */
  parallel: number;
  /** Stop sending after this long, whatever is left. */
  deadlineMs: number;
}

/** Progress and outcome of a replay. */
export interface ReplayReport {
  sent: number;
  hostsDone: number;
  /** False when the deadline stopped the replay early. */
  complete: boolean;
  closeCodes: Record<string, number>;
  elapsedMs: number;
}

// A host waits for the socket to take what it sent after this many samples, so its send buffer stays small.
const SEND_BATCH = 64;

/** One host's hello and samples, whatever the source. */
interface Maker {
  hello: AgentHello;
  sample(seq: number, tsMs: number): Sample;
}

function simulatedMaker(hostId: string, intervalMs: number, cores: number, seed: number): Maker {
  const host = new SimulatedHost(hostId, intervalMs, seed, cores);
  return { hello: host.hello(), sample: (_seq, tsMs) => host.nextSample(tsMs) };
}

/** Host `index` replays the recording from its own offset, looping, re-stamped as its own run. */
function recordedMaker(recording: Recording, hostId: string, index: number, intervalMs: number): Maker {
  const runId = `replay-${hostId}-${Date.now().toString(36)}`;
  const { samples } = recording;
  const offset = (index * 97) % samples.length;
  const uptimeSec = samples[offset]!.uptimeSec;
  return {
    hello: { ...recording.hello, hostId, runId, intervalMs },
    sample: (seq, tsMs) => ({ ...samples[(offset + seq - 1) % samples.length]!, hostId, runId, seq, tsMs, intervalMs, uptimeSec: uptimeSec + ((seq - 1) * intervalMs) / 1000 }),
  };
}

/**
 * Agents that replay a whole window at once, as a reconnecting agent does: each
 * host connects, says hello and sends every sample of its window, timestamps
 * spread `intervalMs` apart, as fast as the hub reads them. Hosts go `parallel`
 * at a time; at the deadline every host stops where it is.
 */
export function createReplayAgentsRole(): ChildRole {
  const report: ReplayReport = { sent: 0, hostsDone: 0, complete: true, closeCodes: {}, elapsedMs: 0 };
  const sockets = new Set<WebSocket>();
  let recording: Recording | undefined;

  async function replayHost(args: ReplayArgs, hostId: string, index: number, deadline: number): Promise<void> {
    const maker =
      args.source.kind === 'simulated'
        ? simulatedMaker(hostId, args.intervalMs, args.source.cores, args.source.seed + index)
        : recordedMaker((recording ??= readRecording()), hostId, index, args.intervalMs);
    const ws = new WebSocket(args.hubUrl + AGENT_PATH, { headers: { authorization: `Bearer ${args.token}` }, perMessageDeflate: false });
    sockets.add(ws);
    const closed = new Promise<void>((resolve) => ws.once('close', (code) => {
      report.closeCodes[code] = (report.closeCodes[code] ?? 0) + 1;
      sockets.delete(ws);
      resolve();
    }));
    ws.on('error', () => {});
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => ws.send(JSON.stringify(maker.hello)));
        ws.once('message', () => resolve());
        ws.once('close', (code) => reject(new Error(`${hostId}: closed with ${code} before its welcome`)));
      });
      const firstTsMs = args.lastTsMs - (args.count - 1) * args.intervalMs;
      for (let seq = 1; seq <= args.count; seq += SEND_BATCH) {
        if (Date.now() > deadline) {
          report.complete = false;
          return;
        }
        const last = Math.min(args.count, seq + SEND_BATCH - 1);
        await new Promise<void>((resolve, reject) => {
          for (let s = seq; s <= last; s++) {
            const frame = JSON.stringify({ type: 'sample', sample: maker.sample(s, firstTsMs + (s - 1) * args.intervalMs) });
            ws.send(frame, s === last ? (err) => (err ? reject(err) : resolve()) : undefined);
          }
        });
        report.sent += last - seq + 1;
      }
      report.hostsDone++;
    } finally {
      ws.close(1000);
      await closed;
    }
  }

  async function replay(args: ReplayArgs): Promise<ReplayReport> {
    const startMs = Date.now();
    const deadline = startMs + args.deadlineMs;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < args.hostIds.length && Date.now() <= deadline) {
        const index = next++;
        await replayHost(args, args.hostIds[index]!, index, deadline);
      }
    };
    await Promise.all(Array.from({ length: Math.min(args.parallel, args.hostIds.length) }, lane));
    if (report.hostsDone < args.hostIds.length) report.complete = false;
    report.elapsedMs = Date.now() - startMs;
    return report;
  }

  return {
    async handle(cmd, args) {
      switch (cmd) {
        case 'replay':
          return replay(args as ReplayArgs);
        case 'report':
          return report;
        case 'stop':
          for (const ws of sockets) ws.terminate();
          return null;
        default:
          throw unknownCommand('replay-agents', cmd);
      }
    },
  };
}
