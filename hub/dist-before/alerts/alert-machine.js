/** The state of an alert with nothing to report. */
export const OK_TRACK = Object.freeze({ phase: 'ok', activeSinceMs: 0, firedMs: null });
/** Whether a value passes the threshold: the condition turns active. */
export function breaches(c, value) {
    switch (c.op) {
        case '>':
            return value > c.threshold;
        case '>=':
            return value >= c.threshold;
        case '<':
            return value < c.threshold;
        case '<=':
            return value <= c.threshold;
        default: {
            const never = c.op;
            return never;
        }
    }
}
/**
 * Whether a value is back beyond the clear level: the condition turns inactive.
 * Between the clear level and the threshold (the hysteresis band) neither holds,
 * so the condition keeps whatever it was.
 */
export function clears(c, value) {
    return c.op === '>' || c.op === '>=' ? value < c.clear : value > c.clear;
}
/** A pending alert whose condition has held for `forMs` by `nowMs` fires; anything else stays. */
export function advanceTrack(c, track, nowMs) {
    if (track.phase === 'pending' && nowMs - track.activeSinceMs >= c.forMs) {
        return { track: { phase: 'firing', activeSinceMs: track.activeSinceMs, firedMs: nowMs }, change: 'firing' };
    }
    return { track, change: null };
}
/**
 * The state after one value seen at `nowMs`. The condition is a Schmitt trigger:
 * it turns active when a value breaches the threshold and inactive only when one
 * clears the clear level, so values inside the band never flap an alert. Active
 * for `forMs`, a pending alert fires; inactive, it resolves (or, never fired, is
 * cancelled). With `forMs` 0 a breach fires at once.
 */
export function stepTrack(c, track, value, nowMs) {
    if (track.phase === 'ok') {
        if (!breaches(c, value))
            return { track, change: null };
        const pending = { phase: 'pending', activeSinceMs: nowMs, firedMs: null };
        const fired = advanceTrack(c, pending, nowMs);
        return fired.change ? fired : { track: pending, change: 'pending' };
    }
    if (clears(c, value))
        return { track: OK_TRACK, change: track.phase === 'firing' ? 'resolved' : 'cancelled' };
    return advanceTrack(c, track, nowMs);
}
//# sourceMappingURL=alert-machine.js.map