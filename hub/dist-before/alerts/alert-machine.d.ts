import type { AlertOp } from '@hostpulse/protocol';
/** What decides one alert's state: a comparison with hysteresis and a hold time. */
export interface Condition {
    op: AlertOp;
    /** Passing it by `op` makes the condition active. */
    threshold: number;
    /** Passing back beyond it (the other way) makes the condition inactive again. */
    clear: number;
    /** How long the condition stays active before the alert fires. */
    forMs: number;
}
/** Where one alert stands: `ok` (nothing to report), `pending` (active, not yet for long enough) or `firing`. */
export type Phase = 'ok' | 'pending' | 'firing';
/** One alert's state; times are those of the values that moved it. */
export interface Track {
    phase: Phase;
    /** When the condition turned active (meaningful unless ok). */
    activeSinceMs: number;
    /** When the alert fired; null unless firing. */
    firedMs: number | null;
}
/** A state change: pending, firing, resolved (was firing), or cancelled (was pending, never fired). */
export type Change = 'pending' | 'firing' | 'resolved' | 'cancelled';
/** The state of an alert with nothing to report. */
export declare const OK_TRACK: Track;
/** Whether a value passes the threshold: the condition turns active. */
export declare function breaches(c: Condition, value: number): boolean;
/**
 * Whether a value is back beyond the clear level: the condition turns inactive.
 * Between the clear level and the threshold (the hysteresis band) neither holds,
 * so the condition keeps whatever it was.
 */
export declare function clears(c: Condition, value: number): boolean;
/** A pending alert whose condition has held for `forMs` by `nowMs` fires; anything else stays. */
export declare function advanceTrack(c: Condition, track: Track, nowMs: number): {
    track: Track;
    change: Change | null;
};
/**
 * The state after one value seen at `nowMs`. The condition is a Schmitt trigger:
 * it turns active when a value breaches the threshold and inactive only when one
 * clears the clear level, so values inside the band never flap an alert. Active
 * for `forMs`, a pending alert fires; inactive, it resolves (or, never fired, is
 * cancelled). With `forMs` 0 a breach fires at once.
 */
export declare function stepTrack(c: Condition, track: Track, value: number, nowMs: number): {
    track: Track;
    change: Change | null;
};
//# sourceMappingURL=alert-machine.d.ts.map