/** A wrong flag, environment variable or config value; the message names which. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** An error a user can act on: printed as one line, no stack. */
export class UserError extends Error {
  override name = 'UserError';
}

/**
 * The one top-level handler of a process: known errors print one line and exit 1,
 * unexpected ones print their stack and exit 1.
 */
export async function runMain(program: string, main: () => Promise<void>): Promise<void> {
  // Logs go to stderr; a reader that went away (the parent that piped it died) must not stop
  // a hub or an agent in the middle of its work, or of its shutdown.
  process.stderr.on('error', () => {});
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UserError) {
      process.stderr.write(`${program}: ${err.message}\n`);
    } else {
      process.stderr.write(`${program}: unexpected error\n${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  }
}
