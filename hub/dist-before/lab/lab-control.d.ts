import { type ChildProcess } from 'node:child_process';
import type { LabSettings, LabState, LabStopReason } from '@hostpulse/protocol';
import { type Logger } from '@hostpulse/common';
/** Longest a lab may take to start or change its viewers (a thousand sockets on a busy machine). */
export declare const LAB_READY_TIMEOUT_MS = 60000;
/** Longest a stopping lab may take to close its viewers before it is killed. */
export declare const LAB_STOP_TIMEOUT_MS = 5000;
/** What the control needs from outside. */
export interface LabControlOptions {
    /** The lab process's entry file. */
    program: string;
    timeLimitMs: number;
    /** Authorization header the viewers send (the viewer token), if the hub wants one. */
    viewerAuthorization: string | undefined;
    log: Logger;
    nowMs?: () => number;
    /** Starts the lab process; tests pass a fake. */
    fork?: (program: string) => ChildProcess;
}
/** The outcome of POST /api/lab. */
export type LabApplyResult = {
    kind: 'started' | 'changed';
} | {
    kind: 'conflict' | 'failed';
    message: string;
};
/**
 * The one load lab a hub may run: a separate process of simulated viewers (never
 * in the hub's own process, so the hub's CPU figure stays its own), started, changed
 * and stopped on request, stopped by itself `timeLimitMs` after it started, and
 * stopped with the hub.
 */
export declare class LabControl {
    #private;
    constructor(options: LabControlOptions);
    /** Where the viewers reach the hub, known once it listens. */
    setHubUrl(url: string): void;
    /** The running lab and how the last one ended. */
    state(): Omit<LabState, 'adminTokenRequired'>;
    /**
     * Starts a lab, or changes the running one when `labId` names it. A start while
     * one runs, or a change naming another lab (one that stopped meanwhile), is a conflict.
     */
    apply(settings: LabSettings, labId: string | undefined): Promise<LabApplyResult>;
    /** Stops the running lab, if any, and resolves once its process is gone. */
    stop(reason: LabStopReason, detail: string): Promise<void>;
}
//# sourceMappingURL=lab-control.d.ts.map