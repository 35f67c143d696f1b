import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The parts of a V8 .cpuprofile (as `node --cpu-prof` writes it) this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
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
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const byName = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const deltaUs = Math.max(0, profile.timeDeltas[i] ?? 0);
    const frame = nodeById.get(id)?.callFrame;
    const file = frame?.url ? basename(frame.url) : '';
    const name = `${frame?.functionName || '(anonymous)'}${file ? ` ${file}:${(frame?.lineNumber ?? 0) + 1}` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + deltaUs);
    if (name !== '(idle)') totalUs += deltaUs;
  });
  return [...byName.entries()]
    .map(([name, us]) => ({ name, selfMs: us / 1000, sharePct: totalUs > 0 && name !== '(idle)' ? (100 * us) / totalUs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

// Run directly: node bench/dist/profile-summary.js FILE.cpuprofile [TOP]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/dist/profile-summary.js FILE.cpuprofile [TOP]\n');
    process.exit(1);
  }
  const rows = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile).slice(0, Number(top));
  for (const r of rows) process.stdout.write(`${r.selfMs.toFixed(1).padStart(10)} ms  ${r.sharePct.toFixed(1).padStart(5)}%  ${r.name}\n`);
}
