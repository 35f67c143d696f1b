import type { TemplatedApp } from 'uWebSockets.js';
import type { Access } from '../auth/access.js';
import type { AgentTokenMint } from '../auth/agent-token-mint.js';
import type { InFlight } from '../http/in-flight.js';
import type { StateStore } from '../store/state-store.js';
import type { FaultCounter } from '../telemetry/faults.js';
/** Largest POST /api/agent-tokens body read; a request is under 100 bytes. */
export declare const AGENT_TOKEN_MAX_BODY_BYTES = 1024;
/** What the agent-token routes work with. */
export interface AgentTokenDeps {
    access: Access;
    mint: AgentTokenMint;
    /** Where minted tokens are kept: an answer waits until they are on disk. */
    state: StateStore;
    faults: FaultCounter;
    inFlight: InFlight;
    /** Closes the agents connected with a per-host token of this host id (it was revoked or replaced). */
    closeAgents: (hostId: string, reason: string) => void;
}
/**
 * Registers the admin API of per-host agent tokens: GET /api/agent-tokens lists the
 * host ids that have one, POST mints one (201 with the token, the only time it is
 * shown), DELETE /api/agent-tokens/:hostId revokes one (204). Each needs the admin
 * token (401 without it, 403 on a hub that has none) and a host name the hub answers to.
 */
export declare function registerAgentTokens(app: TemplatedApp, deps: AgentTokenDeps): void;
//# sourceMappingURL=agent-token-routes.d.ts.map