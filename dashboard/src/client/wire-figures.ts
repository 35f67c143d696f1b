import { WEBSOCKET_ACCEPT_GUID, type PollExchange } from '@hostpulse/protocol';


/** One WebSocket frame this tab sent or received. */
export interface FrameRecord {
  atMs: number;
  /** `in` from the hub, `out` to it. */
  direction: 'in' | 'out';
  /** The frame's opcode name and, for text, the message's type: `text: sample`. */
  kind: string;
  payloadBytes: number;
  headerBytes: number;
}

/** How this tab's socket closed. */
export interface CloseRecord {
  atMs: number;
  code: number;
  /** The protocol's or RFC 6455's name for the code; undefined for one neither defines. */
  name: string | undefined;
  reason: string;
  wasClean: boolean;
  /** Closed by this page (a switch to poll), rather than by the hub or the network. */
  byPage: boolean;
}

/** UTF-8 size of a string, without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The Sec-WebSocket-Accept a hub must answer to `key`, computed in this browser;
 * null where SubtleCrypto is missing (pages served over plain http from another host).
 */
export async function expectedAccept(key: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-1', new TextEncoder().encode(key + WEBSOCKET_ACCEPT_GUID));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** What the explanation beside the inspector says, from what this tab saw. */
export interface WireSummary {
  /** Mean bytes of request plus response head per poll; null before any poll was recorded. */
  pollHeaderBytes: number | null;
  polls: number;
  /** Polls answered 304: they found nothing new. */
  notModified: number;
  /** Mean frame-header bytes per frame the hub pushed; null before any. */
  pushHeaderBytes: number | null;
  pushedFrames: number;
}

/** Header costs per poll and per pushed frame, and how many polls found nothing new. */
export function summarizeWire(exchanges: readonly PollExchange[], frames: readonly FrameRecord[]): WireSummary {
  const pushed = frames.filter((f) => f.direction === 'in');
  const headBytes = exchanges.reduce((sum, e) => sum + e.request.bytes + e.response.bytes, 0);
  return {
    pollHeaderBytes: exchanges.length > 0 ? headBytes / exchanges.length : null,
    polls: exchanges.length,
    notModified: exchanges.filter((e) => e.response.line.includes(' 304 ')).length,
    pushHeaderBytes: pushed.length > 0 ? pushed.reduce((sum, f) => sum + f.headerBytes, 0) / pushed.length : null,
    pushedFrames: pushed.length,
  };
}
