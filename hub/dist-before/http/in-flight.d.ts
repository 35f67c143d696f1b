/**
 * Counts responses the hub is still working on after their handler returned (a
 * dashboard file being read), so a shutdown can finish them before the process exits.
 */
export declare class InFlight {
    #private;
    /** Number of responses in flight. */
    get count(): number;
    /** Marks one response as started; call the returned function once it is written or aborted (later calls do nothing). */
    begin(): () => void;
    /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
    drained(timeoutMs: number): Promise<boolean>;
}
//# sourceMappingURL=in-flight.d.ts.map