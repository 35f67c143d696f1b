import { UserError } from '@hostpulse/common';
import { DEFAULT_SERIES_POINTS, type SeriesResponse } from '@hostpulse/protocol';
import { percentileOf } from '@hostpulse/loadgen';
import { viewerHeaders, type HubProcess } from '../../kit/hub-process.js';
import type { Progress } from '../../roles/launch.js';
import type { QueryWindow } from './storage-result.js';

/** A window a dashboard offers, by its button label. */
export interface NamedWindow {
  label: string;
  windowMs: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The dashboard's windows. */
export const WINDOWS: readonly NamedWindow[] = [
  { label: '5 m', windowMs: 5 * MINUTE_MS },
  { label: '1 h', windowMs: HOUR_MS },
  { label: '6 h', windowMs: 6 * HOUR_MS },
  { label: '24 h', windowMs: DAY_MS },
  { label: '7 d', windowMs: 7 * DAY_MS },
  { label: '30 d', windowMs: 30 * DAY_MS },
];

// Queries per window left out of the figures while the hub's code warms up.
const WARMUP_QUERIES = 2;

// Most times one query waits out the hub's series budget (429 with Retry-After) before it counts as failed.
const MAX_RETRIES = 5;

/**
 * GETs `url`, and when the hub answers 429 (the client is past its series budget)
 * waits its Retry-After and asks again: time is that of the answer kept, from its
 * request to its last byte, so the figures are the hub's and not the budget's.
 */
async function timedGet(url: string, viewerToken: string | undefined): Promise<{ res: Response; text: string; ms: number }> {
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: viewerHeaders(viewerToken) });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 429 || attempt === MAX_RETRIES) return { res, text, ms };
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

/**
 * Latency of GET /api/hosts/:id/series?from&to&points=600 for each window,
 * ending now, one query at a time (a dashboard opening a window), the hosts taken
 * in turn so no answer is cached anywhere; past the hub's series budget a query
 * waits out its Retry-After (see timedGet). At most `queries` per window and
 * `secondsPerWindow`; time is from the request to the last byte of the answer.
 */
export async function measureQueries(hub: HubProcess, hostIds: readonly string[], opts: { queries: number; secondsPerWindow: number }, progress: Progress): Promise<QueryWindow[]> {
  const out: QueryWindow[] = [];
  let next = 0;
  for (const window of WINDOWS) {
    const times: number[] = [];
    let bytes = 0;
    let last: SeriesResponse | undefined;
    const deadline = Date.now() + opts.secondsPerWindow * 1000;
    for (let i = 0; i < opts.queries + WARMUP_QUERIES && Date.now() < deadline; i++) {
      const hostId = hostIds[next++ % hostIds.length]!;
      const to = Date.now();
      const url = `http://127.0.0.1:${hub.port}/api/hosts/${hostId}/series?from=${to - window.windowMs}&to=${to}&points=${DEFAULT_SERIES_POINTS}`;
      const { res, text, ms } = await timedGet(url, hub.viewerToken);
      if (!res.ok) throw new UserError(`GET ${url} answered ${res.status}: ${text.slice(0, 200)}`);
      if (i < WARMUP_QUERIES) continue;
      times.push(ms);
      bytes += Buffer.byteLength(text);
      last = JSON.parse(text) as SeriesResponse;
    }
    const result: QueryWindow = {
      label: window.label,
      windowMs: window.windowMs,
      queries: times.length,
      tier: last?.tier ?? '-',
      bucketMs: last?.bucketMs ?? 0,
      buckets: last?.t.length ?? 0,
      meanBytes: times.length > 0 ? bytes / times.length : 0,
      p50Ms: percentileOf(times, 50),
      p95Ms: percentileOf(times, 95),
      maxMs: percentileOf(times, 100),
    };
    progress(`storage queries: ${window.label}: ${result.queries} queries, tier ${result.tier}, p50 ${result.p50Ms?.toFixed(1)} ms, p95 ${result.p95Ms?.toFixed(1)} ms`);
    out.push(result);
  }
  return out;
}
