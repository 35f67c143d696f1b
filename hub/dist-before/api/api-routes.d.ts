import type { TemplatedApp } from 'uWebSockets.js';
import type { Access } from '../auth/access.js';
import type { HubReads } from '../core/hub-reads.js';
import type { HostCounters } from '../hosts/host-counters.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { LoadAccounting } from '../telemetry/load-accounting.js';
import type { PollInspector } from '../telemetry/poll-inspector.js';
/** What the polling API reads and counts. */
export interface ApiDeps {
    access: Access;
    reads: HubReads;
    counters: HostCounters;
    load: LoadAccounting;
    faults: FaultCounter;
    polls: PollInspector;
}
/** Registers the polling API under /api and the Prometheus text at /metrics, each behind its policy (auth/routes.ts). */
export declare function registerHttpApi(app: TemplatedApp, deps: ApiDeps): void;
//# sourceMappingURL=api-routes.d.ts.map