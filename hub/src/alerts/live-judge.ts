import type { HostSample } from '@hostpulse/protocol';

/** A live sample may reach the hub this much later than the host's clock offset says, or two of its intervals if longer. */
export const LIVE_SLACK_MS = 5000;

/** What the judge keeps per host: its previous sample's times and the clock offset learned so far. */
interface Pace {
  runId: string;
  tsMs: number;
  hubRxMs: number;
  offsetMs: number;
}

/**
 * Tells live samples from those an agent replays from its buffer after an outage.
 * A sample's lag is how long after its own time it reached a hub (hubRxMs - tsMs),
 * the agent clock's offset from the hub's included. The offset is learned from
 * paced samples: those that arrived about one interval after the previous sample
 * of their run, as live ones do and those of a replay burst (sent back to back) do
 * not; until one is seen the offset is taken as 0, the hub's clock judging. A
 * sample is live when its lag is within the slack of the offset.
 */
export class LiveJudge {
  readonly #hosts = new Map<string, Pace>();

  /** Whether the sample is live; call it once per sample, in the order they arrive. */
  isLive(sample: HostSample): boolean {
    const { hostId, runId, tsMs, hubRxMs, intervalMs } = sample;
    const lagMs = hubRxMs - tsMs;
    const previous = this.#hosts.get(hostId);
    let offsetMs = previous?.offsetMs ?? 0;
    if (previous?.runId === runId) {
      const tsGapMs = tsMs - previous.tsMs;
      if (tsGapMs > 0 && Math.abs(hubRxMs - previous.hubRxMs - tsGapMs) <= intervalMs / 2) offsetMs = lagMs;
    }
    this.#hosts.set(hostId, { runId, tsMs, hubRxMs, offsetMs });
    return lagMs <= offsetMs + Math.max(2 * intervalMs, LIVE_SLACK_MS);
  }

  /** Forgets a host. */
  forget(hostId: string): void {
    this.#hosts.delete(hostId);
  }
}
