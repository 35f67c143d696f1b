import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The parts of a V8 .cpuprofile (as `node --cpu-prof` writes it) this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function across the profile. */
export interface SelfTime {
  name: string;
  selfMs: number;
  sharePct: number;
}

/**
 * Sums self time per function (name + file + line) from a profile's samples: each
 * sample's time delta is charged to the node that was on top of the stack. Shares are
 * of the busy time: "(idle)" is listed but left out of every share.
 */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const nameOf = frameNames(profile);
  const byName = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const deltaUs = Math.max(0, profile.timeDeltas[i] ?? 0);
    const name = nameOf(id);
    byName.set(name, (byName.get(name) ?? 0) + deltaUs);
    if (name !== '(idle)') totalUs += deltaUs;
  });
  return [...byName.entries()]
    .map(([name, us]) => ({ name, selfMs: us / 1000, sharePct: totalUs > 0 && name !== '(idle)' ? (100 * us) / totalUs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Names a node by its function, file and line: `name file.js:LINE`. */
function frameNames(profile: CpuProfile): (id: number) => string {
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  return (id) => {
    const frame = nodeById.get(id)?.callFrame;
    const file = frame?.url ? basename(frame.url) : '';
    return `${frame?.functionName || '(anonymous)'}${file ? ` ${file}:${(frame?.lineNumber ?? 0) + 1}` : ''}`;
  };
}

/** Where a thread was while it was busy without a break for long: its stalls. */
export interface Stalls {
  /** Length of every busy stretch longer than the threshold, in order. */
  stretchesMs: number[];
  /** Time within those stretches by function, counting its callees (each function once per sample), largest first. */
  inclusive: SelfTime[];
}

/**
 * Finds the stretches in which the thread never went idle for longer than
 * `minMs` (on the event loop, the stalls every other socket waited through) and
 * charges their time to every function on the stack: what the stalls were made of.
 */
export function stallTimes(profile: CpuProfile, minMs: number): Stalls {
  const nameOf = frameNames(profile);
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stretches: { us: number; samples: [id: number, us: number][] }[] = [];
  let current: (typeof stretches)[number] | null = null;
  profile.samples.forEach((id, i) => {
    const deltaUs = Math.max(0, profile.timeDeltas[i] ?? 0);
    if (nameOf(id) === '(idle)') {
      if (current) stretches.push(current);
      current = null;
      return;
    }
    current ??= { us: 0, samples: [] };
    current.us += deltaUs;
    current.samples.push([id, deltaUs]);
  });
  if (current) stretches.push(current);
  const long = stretches.filter((s) => s.us > minMs * 1000);
  const byName = new Map<string, number>();
  let totalUs = 0;
  for (const stretch of long) {
    for (const [id, us] of stretch.samples) {
      totalUs += us;
      const seen = new Set<string>();
      for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
        const name = nameOf(node);
        if (seen.has(name)) continue;
        seen.add(name);
        byName.set(name, (byName.get(name) ?? 0) + us);
      }
    }
  }
  const inclusive = [...byName.entries()]
    .map(([name, us]) => ({ name, selfMs: us / 1000, sharePct: totalUs > 0 ? (100 * us) / totalUs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { stretchesMs: long.map((s) => s.us / 1000), inclusive };
}

// Run directly: node bench/dist/profile-summary.js FILE.cpuprofile [TOP] [--stalls MS]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top = '25', flag, stallMs] = process.argv.slice(2);
  if (!file || (flag !== undefined && (flag !== '--stalls' || !(Number(stallMs) > 0)))) {
    process.stderr.write('usage: node bench/dist/profile-summary.js FILE.cpuprofile [TOP] [--stalls MS]\n');
    process.exit(1);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  let rows = selfTimes(profile);
  if (flag) {
    const stalls = stallTimes(profile, Number(stallMs));
    process.stdout.write(`${stalls.stretchesMs.length} busy stretches over ${stallMs} ms: ${stalls.stretchesMs.map((ms) => ms.toFixed(0)).join(' ')}\n`);
    rows = stalls.inclusive;
  }
  for (const r of rows.slice(0, Number(top))) process.stdout.write(`${r.selfMs.toFixed(1).padStart(10)} ms  ${r.sharePct.toFixed(1).padStart(5)}%  ${r.name}\n`);
}
