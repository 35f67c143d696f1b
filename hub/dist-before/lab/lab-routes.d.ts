import type { TemplatedApp } from 'uWebSockets.js';
import type { Access } from '../auth/access.js';
import type { InFlight } from '../http/in-flight.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { LabControl } from './lab-control.js';
/** Largest POST /api/lab body read; a lab request is under 200 bytes. */
export declare const LAB_MAX_BODY_BYTES = 4096;
/** The lab (null when the hub runs without --lab) and what its routes work with. */
export interface LabDeps {
    control: LabControl | null;
    access: Access;
    faults: FaultCounter;
    inFlight: InFlight;
    /** Whether the hub holds a host of this id (a lab may watch `host/<id>`). */
    hasHost: (hostId: string) => boolean;
}
/**
 * Registers POST, GET and DELETE /api/lab, each behind its policy (auth/routes.ts):
 * reading needs what the rest of the API needs; starting, changing and stopping
 * come only from the hub's own pages (or clients sending no Origin) and need the
 * admin token once the hub has a viewer or admin token. Without --lab every call
 * that passes its policy is a 403.
 */
export declare function registerLab(app: TemplatedApp, deps: LabDeps): void;
//# sourceMappingURL=lab-routes.d.ts.map