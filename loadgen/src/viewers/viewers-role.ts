import type { ClientMeter } from '../meter/client-meter.js';
import { unknownCommand, type ChildRole } from './role.js';

/** What push and poll viewers do differently; the commands they share are answered once, by createViewersRole. */
export interface Viewers<StartArgs> {
  /** Counts what the viewers receive. */
  readonly meter: ClientMeter;
  /** Opens the viewers; resolves with what the parent is told. */
  start(args: StartArgs): Promise<unknown>;
  /** Takes on a new poll interval; absent where viewers have none, so `rate` is refused. */
  rate?(intervalMs: number): void;
  /** Closes every viewer. */
  stop(): void;
  /** Viewers started, and viewers connected (or still polling) now. */
  counts(): { clients: number; connected: number };
}

/** A child role for viewers: start, rate, reset, mark, report and stop. */
export function createViewersRole<StartArgs>(name: string, viewers: Viewers<StartArgs>): ChildRole {
  return {
    async handle(cmd, args) {
      switch (cmd) {
        case 'start':
          return viewers.start(args as StartArgs);
        case 'rate':
          if (!viewers.rate) break;
          viewers.rate((args as { intervalMs: number }).intervalMs);
          return null;
        case 'reset':
          viewers.meter.reset();
          return null;
        case 'mark':
          viewers.meter.mark();
          return null;
        case 'report': {
          const { clients, connected } = viewers.counts();
          return viewers.meter.report(clients, connected);
        }
        case 'stop':
          viewers.stop();
          return null;
      }
      throw unknownCommand(name, cmd);
    },
  };
}
