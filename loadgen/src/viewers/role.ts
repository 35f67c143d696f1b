/** What one load process (a bench child or the lab) does with the commands its parent sends. */
export interface ChildRole {
  /** Runs one command (start, reset, report, rate, stop) and returns its JSON-safe result. */
  handle(cmd: string, args: unknown): Promise<unknown>;
}

/** Thrown for a command a role does not know. */
export function unknownCommand(role: string, cmd: string): Error {
  return new Error(`${role} does not know the command "${cmd}"`);
}
