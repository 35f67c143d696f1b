/**
 * Reads a value every `everyMs` until `done` accepts it, and returns it; throws,
 * naming `what` and the last value read, once `timeoutMs` has passed.
 */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
