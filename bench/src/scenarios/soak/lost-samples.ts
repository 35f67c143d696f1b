/** One run of a simulated agent: its run id and how many samples it made (seqs 1..produced). */
export interface ProducedRun {
  hostId: string;
  runId: string;
  produced: number;
}

/** One seq the hub never held. */
export interface LostSeq {
  hostId: string;
  runId: string;
  seq: number;
}

/** Samples made by the agents against samples the hub was seen to hold. */
export interface LossCount {
  produced: number;
  held: number;
  lost: number;
  /** Seqs the hub held that no agent made (should be 0: a sign of a bench or hub bug). */
  unexpected: number;
  /** The first few lost seqs, for the report. */
  firstLost: LostSeq[];
}

/** Key of one sample in the sets `countLost` reads. */
export function seqKey(runId: string, seq: number): string {
  return `${runId}:${seq}`;
}

/**
 * Compares every seq each agent run made (1..produced) with the (run, seq) keys seen
 * in the hub's history of that host; a seq made but never seen is lost.
 */
export function countLost(runs: readonly ProducedRun[], heldByHost: ReadonlyMap<string, ReadonlySet<string>>, keep = 10): LossCount {
  let produced = 0;
  let lost = 0;
  let matched = 0;
  const firstLost: LostSeq[] = [];
  for (const run of runs) {
    const held = heldByHost.get(run.hostId);
    for (let seq = 1; seq <= run.produced; seq++) {
      produced += 1;
      if (held?.has(seqKey(run.runId, seq))) matched += 1;
      else {
        lost += 1;
        if (firstLost.length < keep) firstLost.push({ hostId: run.hostId, runId: run.runId, seq });
      }
    }
  }
  let held = 0;
  for (const set of heldByHost.values()) held += set.size;
  return { produced, held, lost, unexpected: held - matched, firstLost };
}
