import WebSocket from 'ws';
import { UserError } from '@hostpulse/common';
import { TcpRelay } from '@hostpulse/testkit/tcp-relay';
import { hostTopic, LIVE_PATH, type LiveServerMessage, type Subscribe } from '@hostpulse/protocol';
import { viewerHeaders, type HubProcess } from '../../kit/hub-process.js';
import type { Progress } from '../../roles/launch.js';
import type { NamedWindow } from './query-latency.js';
import type { WindowLoad } from './storage-result.js';

/** How the windows are opened: through a relay throttled to `linkBytesPerSec`, asking for `points` buckets. */
export interface WindowLoadPlan {
  hostId: string;
  windows: readonly NamedWindow[];
  linkBytesPerSec: number;
  points: number;
  timeoutMs: number;
}

/**
 * A dashboard behind a slow link opening each window of one host: one /live
 * socket through a TcpRelay throttled to `linkBytesPerSec` (what the hub sends
 * is slowed), a windowed subscribe per window, timed from the subscribe to the
 * whole snapshot received, then an unsubscribe. Returns the snapshot's bytes and
 * that time per window, and the hub's slow-client drops meanwhile.
 */
export async function measureWindowLoads(hub: HubProcess, plan: WindowLoadPlan, progress: Progress): Promise<{ loads: WindowLoad[]; slowClientDropped: number }> {
  const relay = await TcpRelay.start(hub.port);
  relay.throttle(plan.linkBytesPerSec);
  const droppedBefore = (await hub.stats()).faults['slowClientDropped'] ?? 0;
  const ws = new WebSocket(`ws://127.0.0.1:${relay.port}${LIVE_PATH}`, { perMessageDeflate: false, headers: viewerHeaders(hub.viewerToken) });
  const frames: Frame[] = [];
  let closeCode: number | null = null;
  let waiter: (() => void) | undefined;
  ws.on('message', (data: Buffer) => {
    frames.push({ text: data.toString('utf8'), atMs: performance.now() });
    waiter?.();
  });
  ws.on('close', (code) => {
    closeCode = code;
    waiter?.();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const topic = hostTopic(plan.hostId);
    const loads: WindowLoad[] = [];
    for (const window of plan.windows) {
      const from = frames.length;
      const subscribe: Subscribe = { type: 'subscribe', topic, windowMs: window.windowMs, points: plan.points };
      const t0 = performance.now();
      ws.send(JSON.stringify(subscribe));
      const frame = await nextSnapshot(frames, from, plan.timeoutMs, () => closeCode, (wake) => (waiter = wake));
      const msg = JSON.parse(frame.text) as LiveServerMessage;
      if (msg.type !== 'snapshot' || !msg.series) throw new UserError(`the ${window.label} window answered without chart lines`);
      const load: WindowLoad = { label: window.label, windowMs: window.windowMs, bytes: Buffer.byteLength(frame.text), ms: frame.atMs - t0, tier: msg.series.tier, buckets: msg.series.t.length };
      progress(`storage window loads: ${window.label}: ${load.bytes.toLocaleString('en-US')} B in ${load.ms.toFixed(0)} ms (tier ${load.tier})`);
      loads.push(load);
      ws.send(JSON.stringify({ type: 'unsubscribe', topic }));
    }
    const slowClientDropped = ((await hub.stats()).faults['slowClientDropped'] ?? 0) - droppedBefore;
    return { loads, slowClientDropped };
  } finally {
    ws.terminate();
    await relay.close();
  }
}

/** A frame the dashboard received, and when. */
interface Frame {
  text: string;
  atMs: number;
}

/** The first snapshot frame at or after index `from`, waiting at most `timeoutMs`; fails once the socket closed. */
async function nextSnapshot(frames: Frame[], from: number, timeoutMs: number, closeCode: () => number | null, onEvent: (wake: () => void) => void): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (let i = from; ; ) {
    for (; i < frames.length; i++) if (frames[i]!.text.startsWith('{"type":"snapshot"')) return frames[i]!;
    const code = closeCode();
    if (code !== null) throw new UserError(`the hub closed the dashboard's socket (code ${code}) before its snapshot`);
    if (Date.now() > deadline) throw new UserError(`no snapshot within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 100);
      onEvent(() => (clearTimeout(timer), resolve()));
    });
  }
}
