import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { Logger } from '@hostpulse/common';
import type { Access } from '../auth/access.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { AgentData, AgentIngest } from './agent-ingest.js';
export type { AgentData } from './agent-ingest.js';
/** The hub's open agent sockets, for shutdown. */
export type AgentSockets = Set<WebSocket<AgentData>>;
/**
 * Closes with 4407 (unauthorized) every agent socket that came in with the per-host
 * token of `hostId`, once that token is revoked or replaced: the token is checked
 * only at the upgrade, so without this an agent would keep streaming on it.
 */
export declare function closeAgentsOfToken(sockets: AgentSockets, hostId: string, reason: string): void;
/** How many agents are connected with the shared agent token (not a per-host one), and not being closed. */
export declare function countSharedTokenAgents(sockets: AgentSockets): number;
/** What WebSocket /agent works with. */
export interface AgentSocketDeps {
    access: Access;
    /** The agent protocol, socket-free. */
    ingest: AgentIngest;
    faults: FaultCounter;
    log: Logger;
    sockets: AgentSockets;
    /** The socket speaking for a host closed. */
    disconnected: (hostId: string) => void;
}
/**
 * Registers WebSocket /agent. An upgrade with an Origin header comes from a web
 * page and gets HTTP 403; the token is checked in the upgrade handler, so a
 * wrong one gets HTTP 401 before any socket exists; a per-host token binds the
 * socket to its host id, which the hello must then name. The first frame must be hello;
 * then samples and process tables of that host and run. Any fault closes only that socket, with the
 * close code of the fault's name, and is counted.
 */
export declare function registerAgentSocket(app: TemplatedApp, deps: AgentSocketDeps): void;
//# sourceMappingURL=agent-socket.d.ts.map