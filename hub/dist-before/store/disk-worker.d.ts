import { type WriteOp } from './disk-writes.js';
import type { Retention } from './tiers.js';
/** What the hub gives the disk worker when it starts it. */
export interface DiskWorkerData {
    dataDir: string;
    retention: Retention;
    maxBytes: number | null;
}
/** Hub -> disk worker. */
export type ToDiskWorker = {
    type: 'ops';
    ops: WriteOp[];
} | {
    type: 'flush';
    id: number;
} | {
    type: 'close';
};
/** Disk worker -> hub. */
export type FromDiskWorker = {
    type: 'committed';
    rolledUp: {
        hostId: string;
        runId: string;
        firstSeq: number;
    }[];
} | {
    type: 'flushed';
    id: number;
} | {
    type: 'fault';
    message: string;
    code: string;
} | {
    type: 'figures';
    fileBytes: number;
    tiers: {
        tier: string;
        bytes: number;
        rows: number;
        oldestMs: number | null;
    }[];
} | {
    type: 'housekeeping';
    purgedRows: number;
    cappedRows: number;
} | {
    type: 'closed';
};
//# sourceMappingURL=disk-worker.d.ts.map