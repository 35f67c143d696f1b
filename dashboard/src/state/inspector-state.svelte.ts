import { closeCodeLabel } from '@hostpulse/protocol';
import type { Handshake, PollExchange } from '@hostpulse/protocol';
import type { WireTap } from '../client/transport.js';
import { expectedAccept, type CloseRecord, type FrameRecord } from '../client/wire-figures.js';

/** Frames kept per direction. */
export const INSPECT_FRAMES = 50;

/** Whether the hub's Sec-WebSocket-Accept is the hash of the key the browser sent, as checked here. */
export type AcceptCheck = 'pending' | 'match' | 'mismatch' | 'unavailable';

/**
 * The wire inspector's state: this tab's own WebSocket handshake (as the hub saw and
 * answered it), its last frames each way, how its socket last closed, and, in poll
 * mode, its last requests and the hub's answers as the hub recorded them. Frames are
 * recorded as they pass and shown once a second (`publish`), so a busy socket does
 * not redraw the page per frame.
 */
export class WireInspector implements WireTap {
  handshake = $state.raw<Handshake | null>(null);
  acceptCheck = $state<AcceptCheck>('pending');
  framesIn = $state.raw<FrameRecord[]>([]);
  framesOut = $state.raw<FrameRecord[]>([]);
  lastClose = $state.raw<CloseRecord | null>(null);
  polls = $state.raw<PollExchange[]>([]);

  #in: FrameRecord[] = [];
  #out: FrameRecord[] = [];
  #changed = false;

  /** A new socket opened: its frames start afresh. */
  opened(): void {
    this.#in = [];
    this.#out = [];
    this.#changed = true;
    this.handshake = null;
    this.acceptCheck = 'pending';
  }

  /** One frame sent or received. */
  frame(record: FrameRecord): void {
    const list = record.direction === 'in' ? this.#in : this.#out;
    list.push(record);
    if (list.length > INSPECT_FRAMES) list.shift();
    this.#changed = true;
  }

  /** The hub's record of this socket's handshake arrived; the accept is checked against the key here. */
  handshakeReceived(handshake: Handshake): void {
    this.handshake = handshake;
    const key = handshake.request.headers.find(([name]) => name === 'sec-websocket-key')?.[1] ?? '';
    const accept = handshake.response.headers.find(([name]) => name === 'Sec-WebSocket-Accept')?.[1];
    void expectedAccept(key).then((expected) => {
      if (this.handshake !== handshake) return;
      this.acceptCheck = expected === null ? 'unavailable' : expected === accept ? 'match' : 'mismatch';
    });
  }

  /** The socket closed. */
  closed(code: number, reason: string, wasClean: boolean, byPage: boolean): void {
    this.lastClose = { atMs: Date.now(), code, name: closeCodeLabel(code), reason, wasClean, byPage };
  }

  /** Shows the frames recorded since the last call. */
  publish(): void {
    if (!this.#changed) return;
    this.#changed = false;
    this.framesIn = [...this.#in];
    this.framesOut = [...this.#out];
  }

  /** Shows this tab's polls as `read` gets them from the hub (asking keeps the hub recording them). */
  async refreshPolls(read: () => Promise<PollExchange[]>): Promise<void> {
    try {
      this.polls = await read();
    } catch {
      // The next second asks again; the last record stays on screen meanwhile.
    }
  }
}
