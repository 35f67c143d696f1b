import type { TemplatedApp } from 'uWebSockets.js';
import { type Reply } from '../http/reply.js';
import type { Access } from '../auth/access.js';
/**
 * What readiness depends on. `isListening`: the hub holds its listen socket (false
 * before listen and from the start of shutdown). `isStorageOpen`: the history store
 * takes and serves samples (HistoryStore.isOpen: from its opening until its close
 * begins; a data dir it cannot open stops the hub before it listens).
 */
export interface ReadinessChecks {
    isListening(): boolean;
    isStorageOpen(): boolean;
}
/** The /readyz answer for these checks: 200 when all hold, else 503. */
export declare function readinessReply(checks: ReadinessChecks): Reply;
/**
 * Registers GET /healthz (the process answers) and GET /readyz (listening and
 * storage open) for load balancers and orchestrators: no token, no host check,
 * no data, and not counted as polling.
 */
export declare function registerHealth(app: TemplatedApp, access: Access, checks: ReadinessChecks): void;
//# sourceMappingURL=health.d.ts.map