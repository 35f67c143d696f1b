import type { TemplatedApp } from 'uWebSockets.js';
import type { Logger } from '@hostpulse/common';
import type { Access } from '../auth/access.js';
import type { AdminAuth } from '../auth/admin-auth.js';
import type { AgentAuth } from '../auth/agent-auth.js';
import type { HubTokens } from '../auth/hub-tokens.js';
import type { FaultCounter } from '../telemetry/faults.js';
/** What the hub-token route works with. */
export interface HubTokenDeps {
    access: Access;
    tokens: HubTokens;
    agents: AgentAuth;
    admin: AdminAuth;
    /** How many agents are connected with the shared agent token right now. */
    sharedTokenAgents: () => number;
    faults: FaultCounter;
    log: Logger;
}
/**
 * Registers POST /api/hub-tokens/:name/rotate (admin token): makes a new agent or admin
 * token, writes it to the data dir's tokens file, and puts it in force at once, so the old
 * one is refused from the next request or upgrade on. Agents already connected with the
 * old agent token are not closed: a whole fleet would drop at once, before anyone could
 * give them the new one. 200 with the new token (shown this once), 409 for a token the
 * hub does not keep, 500 when the file cannot be written (the old token then stays).
 */
export declare function registerHubTokens(app: TemplatedApp, deps: HubTokenDeps): void;
//# sourceMappingURL=hub-token-routes.d.ts.map