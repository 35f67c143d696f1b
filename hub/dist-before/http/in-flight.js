/**
 * Counts responses the hub is still working on after their handler returned (a
 * dashboard file being read), so a shutdown can finish them before the process exits.
 */
export class InFlight {
    #count = 0;
    #waiters = new Set();
    /** Number of responses in flight. */
    get count() {
        return this.#count;
    }
    /** Marks one response as started; call the returned function once it is written or aborted (later calls do nothing). */
    begin() {
        this.#count++;
        let done = false;
        return () => {
            if (done)
                return;
            done = true;
            this.#count--;
            if (this.#count === 0)
                for (const wake of [...this.#waiters])
                    wake();
        };
    }
    /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
    drained(timeoutMs) {
        if (this.#count === 0)
            return Promise.resolve(true);
        return new Promise((resolve) => {
            const finish = (drained) => {
                clearTimeout(timer);
                this.#waiters.delete(wake);
                resolve(drained);
            };
            const wake = () => finish(true);
            const timer = setTimeout(() => finish(false), timeoutMs);
            this.#waiters.add(wake);
        });
    }
}
//# sourceMappingURL=in-flight.js.map