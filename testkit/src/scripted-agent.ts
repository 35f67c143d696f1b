import { AGENT_PATH, type Sample } from '@hostpulse/protocol';
import { makeHello, makeProcessTable, makeSample } from './samples.js';
import { TestSocket, type AnyMessage } from './test-socket.js';

/** An agent driven by the test: hello, then samples when told or on a timer. */
export class ScriptedAgent {
  readonly socket: TestSocket;
  readonly welcome: AnyMessage;
  readonly hostId: string;
  readonly runId: string;
  readonly intervalMs: number;
  /** Changes each sample before it is sent (its figures, say). */
  readonly shape: (sample: Sample) => void;
  #seq: number;
  #timer: NodeJS.Timeout | undefined;

  private constructor(socket: TestSocket, welcome: AnyMessage, hostId: string, runId: string, intervalMs: number, seq: number, shape: (sample: Sample) => void) {
    this.socket = socket;
    this.shape = shape;
    this.welcome = welcome;
    this.hostId = hostId;
    this.runId = runId;
    this.intervalMs = intervalMs;
    this.#seq = seq;
  }

  /** Connects to the hub at `hubUrl` (http:// or ws://), says hello and waits for the welcome. */
  static async connect(
    hubUrl: string,
    hostId: string,
    { runId = 'run-1', intervalMs = 1000, token, shape = () => {} }: { runId?: string; intervalMs?: number; token?: string; shape?: (sample: Sample) => void } = {},
  ): Promise<ScriptedAgent> {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    const socket = await TestSocket.open(`${hubUrl.replace(/^http/, 'ws')}${AGENT_PATH}`, headers);
    socket.send(makeHello(hostId, runId, intervalMs));
    const welcome = await socket.next((m) => m.type === 'welcome');
    return new ScriptedAgent(socket, welcome, hostId, runId, intervalMs, welcome['lastSeq'] as number, shape);
  }

  /** Sends the sample with the next seq (or `seq`), taken now (or at `tsMs`), and returns its seq. */
  sendSample(seq = this.#seq + 1, tsMs?: number): number {
    this.#seq = Math.max(this.#seq, seq);
    const sample = makeSample(this.hostId, this.runId, seq, this.intervalMs);
    if (tsMs !== undefined) sample.tsMs = tsMs;
    this.shape(sample);
    this.socket.send({ type: 'sample', sample });
    return seq;
  }

  /** Sends a process table taken at `tsMs`. */
  sendProcesses(tsMs = Date.now()): void {
    this.socket.send({ type: 'processes', table: makeProcessTable(this.hostId, this.runId, tsMs) });
  }

  /** Sends a sample every interval until `stop`. */
  stream(): void {
    this.#timer ??= setInterval(() => this.sendSample(), this.intervalMs);
  }

  /** Stops streaming and closes the socket. */
  stop(): void {
    clearInterval(this.#timer);
    this.socket.close();
  }
}
