import type { TemplatedApp } from 'uWebSockets.js';
import type { Logger } from '@hostpulse/common';
import type { Access } from '../auth/access.js';
import type { InFlight } from '../http/in-flight.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { ViewerAuth } from '../auth/viewer-auth.js';
/** What serving the dashboard works with. */
export interface DashboardFilesDeps {
    access: Access;
    /** Checks the token of a `?token=` link. */
    viewer: ViewerAuth;
    faults: FaultCounter;
    inFlight: InFlight;
    log: Logger;
}
/**
 * Serves the built dashboard from `dir` for every other GET; any other method
 * on any path is a 405. A page opened with `?token=` gets the viewer cookie and
 * a redirect (token-link.ts). The files themselves hold no data, so they are
 * served without the viewer token. The file is read asynchronously, so onAborted
 * is attached first and the answer is written inside res.cork().
 */
export declare function registerDashboardFiles(app: TemplatedApp, dir: string, deps: DashboardFilesDeps): void;
//# sourceMappingURL=dashboard-files.d.ts.map