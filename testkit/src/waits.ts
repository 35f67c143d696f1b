import { vi } from 'vitest';

/** How long and how often a wait reads, and what its failure says. */
export interface WaitOptions {
  timeout?: number;
  interval?: number;
  /** What is awaited, for the failure. */
  message?: string;
  /** Read only on failure and added to it: a process's output, say. */
  explain?: () => string;
}

/**
 * Reads `read` every `interval` until `done` accepts the value, and returns that value; a
 * read that throws ends the wait with its error. After `timeout` it fails naming `message`,
 * the last value and what `explain` says then. Built on `vi.waitFor` rather than
 * `expect.poll`, which refuses to run in `beforeAll`, where several of these waits are.
 */
export async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, { timeout = 10_000, interval = 100, message = 'the awaited state', explain }: WaitOptions = {}): Promise<T> {
  let last = 'no read finished';
  const attempt = async (): Promise<{ value: T } | { error: unknown }> => {
    let value: T;
    try {
      value = await read();
    } catch (error) {
      return { error };
    }
    if (done(value)) return { value };
    last = (JSON.stringify(value) ?? String(value)).slice(0, 2000);
    throw new Error('not yet');
  };
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = await vi.waitFor(attempt, { timeout, interval });
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for ${message}; last: ${last}${explain ? `\n${explain()}` : ''}`);
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
