import { ADDITIVE_SAMPLE_FIELDS, MAX_AGENT_INTERVAL_MS, MIN_AGENT_INTERVAL_MS, PROTOCOL_VERSION } from '@hostpulse/protocol';
import type { AgentHello, AgentWatched, FaultKind, HubWelcome } from '@hostpulse/protocol';
import { parseAgentMessage } from '@hostpulse/protocol/validate';
import type { AddResult, HostRegistry } from '../hosts/host-registry.js';
import type { ProcessTables } from '../hosts/process-tables.js';
import { agentBucketShape, NEW_HOST_BUCKET_SHAPE, TokenBucket } from '../core/rate-limit.js';

/**
 * The interval the hub works with for one an agent declared: within 100 ms to 1 h.
 * Hold times, the offline check and the rate limit follow it, so a declared 1 ms
 * would flap the host offline between samples and widen its burst allowance.
 */
export function clampInterval(intervalMs: number): number {
  return Math.min(MAX_AGENT_INTERVAL_MS, Math.max(MIN_AGENT_INTERVAL_MS, intervalMs));
}

/** What the hub keeps per agent socket; hostId and runId are set once its hello is accepted. */
export interface AgentData {
  remote: string;
  hostId: string | null;
  runId: string | null;
  /** The one host id this socket's per-host token may speak for; null for the shared token or none. */
  tokenHostId: string | null;
  /** Set once the hub decided to close the socket: later frames are ignored. */
  closing: boolean;
  /** Hub message types besides welcome the agent said it reads (`understands`); the hub sends it no others. */
  understands?: ReadonlySet<string>;
}

/** A fault an agent socket can commit; each closes the socket with the close code of its name. */
export type AgentFault = Extract<
  FaultKind,
  'malformedJson' | 'invalidMessage' | 'unsupportedVersion' | 'unexpectedMessage' | 'rateLimited' | 'hostIdConflict' | 'tooManyHosts' | 'unauthorized'
>;

/** What the socket must do after one frame. */
export type IngestOutcome =
  | { kind: 'welcome'; welcome: HubWelcome; replaced: boolean; /** The interval the hello declared, when outside the range the hub takes and clamped. */ clampedIntervalMs?: number }
  | { kind: 'sample'; result: AddResult }
  | { kind: 'processes'; stored: boolean }
  | { kind: 'understands'; hostId: string }
  | { kind: 'watched'; report: AgentWatched }
  | { kind: 'fault'; fault: AgentFault; detail: string }
  | { kind: 'ignored' };

/** Other hubs' claims on hosts (see HubBus); alone, no hub but this one holds any host. */
export interface HostClaims {
  /** The hub holding this host's agent for another run, or null. */
  holderOf(hello: AgentHello): string | null;
  /** A hello was welcomed. */
  accepted(hello: AgentHello): void;
}

/** What the ingest path needs: the registry, the process tables, the replay window (for the rate limit), the host limit, other hubs' claims and a clock. */
export interface AgentIngestOptions {
  registry: HostRegistry;
  processes: ProcessTables;
  historyMs: number;
  /** Most hosts the registry may hold; a hello for a new host id past it is refused. */
  maxHosts: number;
  claims?: HostClaims;
  nowMs?: () => number;
}

/**
 * The agent protocol with no socket in sight: one frame in, one outcome out. The
 * first frame must be a hello; then samples and process tables of that host and
 * run, within the host's rate limit (a token bucket per host id, kept across reconnects so a
 * flood cannot start afresh by reconnecting; see rate-limit.ts for its numbers).
 * A hello for a host id the registry does not know is refused once it holds
 * `maxHosts`, and past a token bucket per remote address. Nothing is stored
 * unless the frame is valid and expected.
 */
export class AgentIngest {
  readonly #registry: HostRegistry;
  readonly #processes: ProcessTables;
  readonly #claims: HostClaims | undefined;
  readonly #historyMs: number;
  readonly #maxHosts: number;
  readonly #nowMs: () => number;
  /** Sample allowance per host id. */
  readonly #buckets = new Map<string, TokenBucket>();
  /** New-host-id allowance per remote address. */
  readonly #newHosts = new Map<string, TokenBucket>();

  constructor({ registry, processes, historyMs, maxHosts, claims, nowMs = Date.now }: AgentIngestOptions) {
    this.#registry = registry;
    this.#processes = processes;
    this.#claims = claims;
    this.#historyMs = historyMs;
    this.#maxHosts = maxHosts;
    this.#nowMs = nowMs;
  }

  /** Drops what is kept for a host the registry forgot. */
  forget(hostId: string): void {
    this.#buckets.delete(hostId);
  }

  /** Remote addresses holding a new-host allowance that is not full again yet. */
  get trackedAddresses(): number {
    return this.#newHosts.size;
  }

  /** Drops the new-host allowances that are full again: such an address is as good as new. */
  prune(): void {
    const now = this.#nowMs();
    for (const [remote, bucket] of this.#newHosts) if (bucket.isFull(now)) this.#newHosts.delete(remote);
  }

  /** Handles one frame of an agent socket; `text` is null for a binary frame. */
  handle(data: AgentData, text: string | null): IngestOutcome {
    if (data.closing) return { kind: 'ignored' };
    if (text === null) return { kind: 'fault', fault: 'malformedJson', detail: 'binary frame' };
    const parsed = parseAgentMessage(text);
    if (!parsed.ok) return { kind: 'fault', fault: parsed.fault, detail: parsed.detail };
    const msg = parsed.message;
    switch (msg.type) {
      case 'hello': {
        const hello = { ...msg, intervalMs: clampInterval(msg.intervalMs) };
        if (data.hostId !== null) return { kind: 'fault', fault: 'unexpectedMessage', detail: 'second hello' };
        // Checked before the registry sees the hello, so a token for one host can neither add nor displace another.
        if (data.tokenHostId !== null && msg.hostId !== data.tokenHostId) {
          return { kind: 'fault', fault: 'unauthorized', detail: `the agent token is not valid for host id ${msg.hostId}` };
        }
        const holder = this.#claims?.holderOf(hello) ?? null;
        if (holder !== null) return { kind: 'fault', fault: 'hostIdConflict', detail: `host id ${msg.hostId} streams to hub ${holder} with another run` };
        if (this.#registry.get(msg.hostId) === undefined) {
          const refusal = this.#admitNewHost(data.remote);
          if (refusal) return refusal;
        }
        const result = this.#registry.connect(hello);
        if (!result.ok) return { kind: 'fault', fault: result.fault, detail: `host id ${msg.hostId} already has a connected agent` };
        this.#claims?.accepted(hello);
        data.hostId = msg.hostId;
        data.runId = msg.runId;
        this.#shapeBucket(msg.hostId, hello.intervalMs);
        const welcome: HubWelcome = {
          type: 'welcome',
          protocolVersion: PROTOCOL_VERSION,
          hostId: msg.hostId,
          runId: msg.runId,
          lastSeq: result.lastSeq,
          hubTimeMs: this.#nowMs(),
          accepts: ['processes', 'understands', 'watched', ...ADDITIVE_SAMPLE_FIELDS],
        };
        const clamped = hello.intervalMs === msg.intervalMs ? {} : { clampedIntervalMs: msg.intervalMs };
        return { kind: 'welcome', welcome, replaced: result.replaced, ...clamped };
      }
      case 'sample': {
        const fault = this.#checkStream(data, msg.sample.hostId, msg.sample.runId, 'sample');
        if (fault) return fault;
        return { kind: 'sample', result: this.#registry.addSample(msg.sample) };
      }
      case 'processes': {
        const fault = this.#checkStream(data, msg.table.hostId, msg.table.runId, 'process table');
        if (fault) return fault;
        return { kind: 'processes', stored: this.#processes.store(msg.table, this.#nowMs()) };
      }
      case 'understands': {
        if (data.hostId === null) return { kind: 'fault', fault: 'unexpectedMessage', detail: 'understands before hello' };
        data.understands = new Set(msg.types);
        return { kind: 'understands', hostId: data.hostId };
      }
      case 'watched': {
        const fault = this.#checkStream(data, msg.hostId, msg.runId, 'watched report');
        if (fault) return fault;
        return { kind: 'watched', report: msg };
      }
      default: {
        const unreachable: never = msg;
        return unreachable;
      }
    }
  }

  /** A sample or table must follow hello, name the hello's host and run, and fit the host's rate limit. */
  #checkStream(data: AgentData, hostId: string, runId: string, what: string): IngestOutcome | null {
    if (data.hostId === null) return { kind: 'fault', fault: 'unexpectedMessage', detail: `${what} before hello` };
    if (hostId !== data.hostId || runId !== data.runId) {
      return { kind: 'fault', fault: 'unexpectedMessage', detail: `${what} for another host or run than the hello named` };
    }
    if (!this.#buckets.get(data.hostId)!.take(this.#nowMs())) {
      return { kind: 'fault', fault: 'rateLimited', detail: 'frames sent faster than the rate limit' };
    }
    return null;
  }

  #admitNewHost(remote: string): IngestOutcome | null {
    if (this.#registry.size >= this.#maxHosts) {
      return { kind: 'fault', fault: 'tooManyHosts', detail: `the hub holds its limit of ${this.#maxHosts} hosts (--max-hosts)` };
    }
    const now = this.#nowMs();
    let bucket = this.#newHosts.get(remote);
    if (!bucket) {
      bucket = new TokenBucket(NEW_HOST_BUCKET_SHAPE, now);
      this.#newHosts.set(remote, bucket);
    }
    if (bucket.take(now)) return null;
    return { kind: 'fault', fault: 'rateLimited', detail: `new host ids from ${remote} arrive faster than ${NEW_HOST_BUCKET_SHAPE.refillPerSec} a second` };
  }

  #shapeBucket(hostId: string, intervalMs: number): void {
    const shape = agentBucketShape(this.#historyMs, intervalMs);
    const bucket = this.#buckets.get(hostId);
    if (bucket) bucket.reshape(shape, this.#nowMs());
    else this.#buckets.set(hostId, new TokenBucket(shape, this.#nowMs()));
  }
}
