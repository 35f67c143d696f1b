import type { AgentHello, FaultKind, HubWelcome } from '@hostpulse/protocol';
import type { AddResult, HostRegistry } from '../hosts/host-registry.js';
import type { ProcessTables } from '../hosts/process-tables.js';
/** What the hub keeps per agent socket; hostId and runId are set once its hello is accepted. */
export interface AgentData {
    remote: string;
    hostId: string | null;
    runId: string | null;
    /** The one host id this socket's per-host token may speak for; null for the shared token or none. */
    tokenHostId: string | null;
    /** Set once the hub decided to close the socket: later frames are ignored. */
    closing: boolean;
}
/** A fault an agent socket can commit; each closes the socket with the close code of its name. */
export type AgentFault = Extract<FaultKind, 'malformedJson' | 'invalidMessage' | 'unsupportedVersion' | 'unexpectedMessage' | 'rateLimited' | 'hostIdConflict' | 'tooManyHosts' | 'unauthorized'>;
/** What the socket must do after one frame. */
export type IngestOutcome = {
    kind: 'welcome';
    welcome: HubWelcome;
    replaced: boolean;
} | {
    kind: 'sample';
    result: AddResult;
} | {
    kind: 'processes';
    stored: boolean;
} | {
    kind: 'fault';
    fault: AgentFault;
    detail: string;
} | {
    kind: 'ignored';
};
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
export declare class AgentIngest {
    #private;
    constructor({ registry, processes, historyMs, maxHosts, claims, nowMs }: AgentIngestOptions);
    /** Drops what is kept for a host the registry forgot. */
    forget(hostId: string): void;
    /** Remote addresses holding a new-host allowance that is not full again yet. */
    get trackedAddresses(): number;
    /** Drops the new-host allowances that are full again: such an address is as good as new. */
    prune(): void;
    /** Handles one frame of an agent socket; `text` is null for a binary frame. */
    handle(data: AgentData, text: string | null): IngestOutcome;
}
//# sourceMappingURL=agent-ingest.d.ts.map