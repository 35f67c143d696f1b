import { unknownCommand, type ChildRole } from '@hostpulse/loadgen';
import { startSpreadTimers, stopTimers } from '../../roles/spread-timers.js';

/** Start arguments of a baseline server. */
export interface BaselineStartArgs {
  topics: number;
  payload: string;
}

/** The bare server behind a baseline role: what differs between uWS and ws. */
export interface BaselineServer {
  /** Listens on 127.0.0.1, port 0, and resolves with the port it got. */
  listen(args: BaselineStartArgs): Promise<number>;
  /** Sends `payload` to the clients of topic number `topic`. */
  publish(topic: number, payload: string): void;
  /** Stops listening; safe to call when `listen` never ran. */
  close(): void;
}

/**
 * A baseline role: `rate` publishes one same-size payload per topic per tick on
 * `server`, spread like the simulated agents, and `report` counts what it published.
 */
export function createBaselineRole(name: string, server: BaselineServer): ChildRole {
  const timers: NodeJS.Timeout[] = [];
  let published = 0;
  let args: BaselineStartArgs | undefined;

  return {
    async handle(cmd, raw) {
      switch (cmd) {
        case 'start':
          args = raw as BaselineStartArgs;
          return { port: await server.listen(args) };
        case 'rate': {
          const { intervalMs } = raw as { intervalMs: number };
          stopTimers(timers);
          startSpreadTimers(timers, args!.topics, intervalMs, (t) => {
            server.publish(t, args!.payload);
            published += 1;
          });
          return null;
        }
        case 'report':
          return { published };
        case 'reset':
          published = 0;
          return null;
        case 'stop':
          stopTimers(timers);
          server.close();
          return null;
        default:
          throw unknownCommand(name, cmd);
      }
    },
  };
}
