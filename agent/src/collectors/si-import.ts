import { UserError } from '@hostpulse/common';

/** The systeminformation module. */
export type SystemInformation = typeof import('systeminformation');

let loading: Promise<SystemInformation> | undefined;

/**
 * systeminformation, imported on first use. On Linux the agent never asks for it:
 * loading it costs about 13 MiB, and its inventory calls start about 14 child
 * processes. The single-file agent leaves it out (it is for Linux hosts), so
 * elsewhere that file needs it installed beside it.
 */
export function loadSystemInformation(): Promise<SystemInformation> {
  loading ??= import('systeminformation').then(
    (m) => m.default,
    (err: unknown) => {
      throw new UserError(
        `on ${process.platform} the agent reads this host through the systeminformation package, which is not installed: ` +
          'run the agent from the repository (node agent/dist/main.js) or `npm install systeminformation` beside this file',
        { cause: err },
      );
    },
  );
  return loading;
}
