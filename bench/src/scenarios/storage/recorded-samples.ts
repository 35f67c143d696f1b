import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UserError } from '@hostpulse/common';
import type { AgentHello, Sample } from '@hostpulse/protocol';
import { parseAgentMessage } from '@hostpulse/protocol/validate';
import { ROOT_DIR } from '../../kit/hub-process.js';

/** The real agent's samples the storage bench replays (see record-agent.ts), relative to the repository root. */
export const RECORDED_AGENT_FILE = 'bench/fixtures/agent-1s.jsonl.gz';

/** A recording of the real agent: its hello, then its samples, one a second. */
export interface Recording {
  hello: AgentHello;
  samples: Sample[];
}

/** Reads and checks the recording; every line must pass the hub's validator. */
export function readRecording(): Recording {
  const file = resolve(ROOT_DIR, RECORDED_AGENT_FILE);
  if (!existsSync(file)) throw new UserError(`${file} is missing: record one with node bench/dist/record-agent.js`);
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
  let hello: AgentHello | undefined;
  const samples: Sample[] = [];
  lines.forEach((line, i) => {
    const parsed = parseAgentMessage(line);
    if (!parsed.ok) throw new UserError(`${file} line ${i + 1}: ${parsed.detail}`);
    if (parsed.message.type === 'hello') hello = parsed.message;
    // A process table is not a sample: the storage bench replays samples only.
    else if (parsed.message.type === 'sample') samples.push(parsed.message.sample);
  });
  if (!hello || samples.length === 0) throw new UserError(`${file} holds no hello or no samples`);
  return { hello, samples };
}
