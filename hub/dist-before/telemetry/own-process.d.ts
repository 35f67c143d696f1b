/** The hub process's own cost, as HubStats['process'] carries it. */
export interface ProcessFigures {
    cpuPct: number;
    rssBytes: number;
    heapUsedBytes: number;
    eventLoopDelayP50Ms: number;
    eventLoopDelayP99Ms: number;
}
/**
 * Samples the hub's own CPU (percent of one core between two `sample` calls),
 * memory and event-loop delay (percentiles over the same interval).
 */
export declare class ProcessStats {
    #private;
    constructor();
    /** Figures over the interval since the previous call; starts the next interval. */
    sample(): ProcessFigures;
    /** The figures of the last `sample` call. */
    get latest(): ProcessFigures;
    /** Stops the event-loop monitor. */
    stop(): void;
}
/** The hub process's own figures under the names every Prometheus client library uses. */
export interface ProcessMetrics {
    cpuUserSeconds: number;
    cpuSystemSeconds: number;
    startTimeSeconds: number;
    residentMemoryBytes: number;
    heapUsedBytes: number;
    heapTotalBytes: number;
    /** Undefined where /proc is missing (not Linux). */
    virtualMemoryBytes: number | undefined;
    openFds: number | undefined;
    maxFds: number | undefined;
}
/** The process's figures now; the /proc ones are read on each call (a scrape), a few microseconds each. */
export declare function readProcessMetrics(): ProcessMetrics;
//# sourceMappingURL=own-process.d.ts.map