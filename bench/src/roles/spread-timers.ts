/**
 * Calls `tick(topic)` once per interval for each topic, topics offset evenly across
 * the interval: the same timing as the simulated agents, whose samples reach the hub
 * spread out rather than in one burst that uWS could batch into one write per client.
 */
export function startSpreadTimers(timers: NodeJS.Timeout[], topics: number, intervalMs: number, tick: (topic: number) => void): void {
  for (let t = 0; t < topics; t++) {
    timers.push(
      setTimeout(() => {
        tick(t);
        timers.push(setInterval(() => tick(t), intervalMs));
      }, (t / topics) * intervalMs),
    );
  }
}

/** Stops every timer started by startSpreadTimers. */
export function stopTimers(timers: NodeJS.Timeout[]): void {
  for (const timer of timers.splice(0)) clearTimeout(timer);
}
