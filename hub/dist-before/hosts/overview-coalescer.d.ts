import type { HostSummary, OverviewFrame } from '@hostpulse/protocol';
/** Reads a host's overview line; `withRecent` adds its CPU sparkline. */
export type SummaryOf = (hostId: string, withRecent: boolean) => HostSummary | undefined;
/** What an overview coalescer needs from outside. */
export interface OverviewOptions {
    summaryOf: SummaryOf;
    hostIds: () => Iterable<string>;
    /** The version before the first change; see HubCore for why it is not 0. */
    firstVersion?: number;
    /** Called when a change arrives while none is pending: the wiring arms its coalescing timer. */
    onPending?: () => void;
}
/** A poll's `since`: the hosts changed and removed after it, or everything when the hub cannot tell. */
export type SinceAnswer = {
    kind: 'full';
} | {
    kind: 'delta';
    hostIds: string[];
    removed: string[];
} | {
    kind: 'future';
};
/**
 * Coalesces host changes into overview frames: however many samples arrive
 * within one window, each changed host appears once in the window's frame, with
 * its latest state. `version` grows with every change and is the /api/overview
 * ETag; each host's last-changed version lets a poll ask for what changed since.
 */
export declare class OverviewCoalescer {
    #private;
    constructor({ summaryOf, hostIds, firstVersion, onPending }: OverviewOptions);
    /** Current version; changes whenever any host's overview line does. */
    get version(): number;
    /** Whether a change waits for the next frame. */
    get pending(): boolean;
    /** Notes that a host's line changed. */
    markChanged(hostId: string): void;
    /** Notes that the hub forgot a host: the next frame lists it as removed. */
    markRemoved(hostId: string): void;
    /** Every host with its sparkline: a new subscriber's first frame and GET /api/overview. */
    fullFrame(hubTimeMs: number): OverviewFrame;
    /** The changed hosts as one frame, or null when nothing changed (so nothing is published). */
    flush(hubTimeMs: number): OverviewFrame | null;
    /**
     * Which hosts a poll holding `since` lacks. A since from before this hub's first
     * version (another hub process) gets everything; one beyond the current version
     * was never handed out.
     */
    changedSince(since: number): SinceAnswer;
    /** Summaries of these hosts without sparklines, for a poll delta. */
    summaries(hostIds: Iterable<string>): HostSummary[];
}
//# sourceMappingURL=overview-coalescer.d.ts.map