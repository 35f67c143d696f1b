import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import { AGENT_PATH, CloseCode, MAX_MESSAGE_BYTES, type AgentWatched, type HubWatch, type WatchPattern } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { SOCKET_REFUSALS, type Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { writeReply } from '../http/reply.js';
import type { SocketLimits } from '../http/socket-limits.js';
import type { BurstLog } from '../telemetry/burst-log.js';
import type { FaultCounter } from '../telemetry/faults.js';
import { closeReason, isTooBigClose } from '../uws/ws-close.js';
import { clampInterval, type AgentData, type AgentFault, type AgentIngest } from './agent-ingest.js';
import { TurnBudget } from './turn-budget.js';

export type { AgentData } from './agent-ingest.js';

/** The hub's open agent sockets, for shutdown. */
export type AgentSockets = Set<WebSocket<AgentData>>;

// The hub sends a welcome per connection and a watch list when rules change, so a small buffer is plenty.
const AGENT_MAX_BACKPRESSURE = 64 * 1024;
// Agents send a sample every interval; automatic pings keep slower ones alive.
const AGENT_IDLE_TIMEOUT_SEC = 32;

/**
 * Closes with 4407 (unauthorized) every agent socket that came in with the per-host
 * token of `hostId`, once that token is revoked or replaced: the token is checked
 * only at the upgrade, so without this an agent would keep streaming on it.
 */
export function closeAgentsOfToken(sockets: AgentSockets, hostId: string, reason: string): void {
  for (const ws of sockets) {
    const data = ws.getUserData();
    if (data.tokenHostId !== hostId || data.closing) continue;
    data.closing = true;
    ws.end(CloseCode.unauthorized, reason);
  }
}

/** How many agents are connected with the shared agent token (not a per-host one), and not being closed. */
export function countSharedTokenAgents(sockets: AgentSockets): number {
  let count = 0;
  for (const ws of sockets) {
    const data = ws.getUserData();
    if (data.tokenHostId === null && !data.closing) count++;
  }
  return count;
}

/** The processes an agent must watch, by host id (the patterns of the process rules that cover it). */
export type WatchFor = (hostId: string) => WatchPattern[];

/** Sends a socket's agent its watch list, if it said it reads `watch` (an older agent would close on it). */
function sendWatch(ws: WebSocket<AgentData>, watchFor: WatchFor): void {
  const data = ws.getUserData();
  if (data.closing || data.hostId === null || !data.understands?.has('watch')) return;
  const watch: HubWatch = { type: 'watch', processes: watchFor(data.hostId) };
  ws.send(JSON.stringify(watch), false);
}

/** Sends every agent that reads `watch` its list again: the rules changed. */
export function sendWatchLists(sockets: AgentSockets, watchFor: WatchFor): void {
  for (const ws of sockets) sendWatch(ws, watchFor);
}

/** What WebSocket /agent works with. */
export interface AgentSocketDeps {
  access: Access;
  /** The agent protocol, socket-free. */
  ingest: AgentIngest;
  faults: FaultCounter;
  /** The socket limits Access checks first; checked again for an upgrade that waited for a later turn. */
  limits: SocketLimits;
  log: Logger;
  /** For the lines every agent brings (connected, disconnected). */
  burstLog: BurstLog;
  sockets: AgentSockets;
  /** The socket speaking for a host closed. */
  disconnected: (hostId: string) => void;
  watchFor: WatchFor;
  /** An agent reported on the processes it watches. */
  watched: (report: AgentWatched) => void;
}

/**
 * Registers WebSocket /agent. An upgrade with an Origin header comes from a web
 * page and gets HTTP 403; the token is checked in the upgrade handler, so a
 * wrong one gets HTTP 401 before any socket exists; a per-host token binds the
 * socket to its host id, which the hello must then name. Past AGENTS_PER_TURN in one
 * turn of the event loop, an upgrade or a hello waits for a later turn (see TurnBudget). The first frame must be hello;
 * then samples and process tables of that host and run. Any fault closes only that socket, with the
 * close code of the fault's name, and is counted.
 */
export function registerAgentSocket(app: TemplatedApp, deps: AgentSocketDeps): void {
  const { access, ingest, faults, limits, log, burstLog, sockets, disconnected, watchFor, watched } = deps;
  const upgrades = new TurnBudget();
  const hellos = new TurnBudget();
  // Frames that came while a socket's hello waited for a later turn, in order.
  const held = new WeakMap<AgentData, (string | null)[]>();
  // The socket that speaks for each host id; a replaced one must not disconnect its host when it closes.
  const owners = new Map<string, WebSocket<AgentData>>();
  const fail = (ws: WebSocket<AgentData>, fault: AgentFault, detail: string): void => {
    const data = ws.getUserData();
    data.closing = true;
    faults.record(fault, { path: AGENT_PATH, remote: data.remote, hostId: data.hostId ?? undefined, detail });
    ws.end(CloseCode[fault], closeReason(detail));
  };
  /** Handles one frame of an agent socket; `text` is null for a binary frame. */
  const handleFrame = (ws: WebSocket<AgentData>, text: string | null): void => {
    const outcome = ingest.handle(ws.getUserData(), text);
    switch (outcome.kind) {
      case 'fault':
        return fail(ws, outcome.fault, outcome.detail);
      case 'welcome': {
        const { hostId, runId, lastSeq } = outcome.welcome;
        const previous = owners.get(hostId);
        owners.set(hostId, ws);
        if (outcome.replaced && previous && previous !== ws) {
          previous.getUserData().closing = true;
          previous.end(CloseCode.hostIdConflict, 'replaced by a newer connection for this host');
        }
        burstLog.info('agent connected', { hostId, runId, remote: ws.getUserData().remote, lastSeq, replaced: outcome.replaced || undefined });
        if (outcome.clampedIntervalMs !== undefined) log.warn('agent interval out of range, clamped', { hostId, declaredMs: outcome.clampedIntervalMs, usedMs: clampInterval(outcome.clampedIntervalMs) });
        ws.send(JSON.stringify(outcome.welcome), false);
        return;
      }
      case 'understands':
        return sendWatch(ws, watchFor);
      case 'watched':
        return watched(outcome.report);
      case 'sample':
      case 'processes':
      case 'ignored':
        return;
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  };

  access.socket<AgentData>(app, ROUTES.agentSocket, {
    maxPayloadLength: MAX_MESSAGE_BYTES,
    idleTimeout: AGENT_IDLE_TIMEOUT_SEC,
    sendPingsAutomatically: true,
    maxBackpressure: AGENT_MAX_BACKPRESSURE,
    closeOnBackpressureLimit: true,

    upgrade(res, req, context, verdict, remote) {
      const data: AgentData = { remote, hostId: null, runId: null, tokenHostId: verdict.tokenHostId, closing: false };
      // req is gone once this handler returns: an upgrade that waits for a later turn keeps its headers.
      const [key, protocol, extensions] = [req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions')];
      let waited = false;
      let gone = false;
      const admission = upgrades.offer(() => {
        if (!waited) {
          res.upgrade(data, key, protocol, extensions, context);
          return true;
        }
        if (gone) return false;
        // Sockets from its address may have opened while it waited.
        const refusal = limits.refusal(remote);
        if (refusal) faults.record(refusal, { path: AGENT_PATH, remote });
        res.cork(() => (refusal ? writeReply(res, SOCKET_REFUSALS[refusal](remote)) : res.upgrade(data, key, protocol, extensions, context)));
        return refusal === null;
      });
      if (admission === 'now') return;
      waited = true;
      res.onAborted(() => (gone = true));
    },

    open(ws) {
      sockets.add(ws);
    },

    message(ws, message, isBinary) {
      // The ArrayBuffer is only valid during this call: decode it at once.
      const text = isBinary ? null : Buffer.from(message).toString('utf8');
      const data = ws.getUserData();
      const before = held.get(data);
      if (before) return void before.push(text);
      if (data.hostId !== null || data.closing) return handleFrame(ws, text);
      // A first frame (the hello) takes a place in the turn's budget, as its upgrade did.
      const admission = hellos.offer(() => {
        const after = held.get(data);
        if (after === undefined) {
          handleFrame(ws, text);
          return true;
        }
        held.delete(data);
        if (!sockets.has(ws)) return false;
        ws.cork(() => [text, ...after].forEach((frame) => handleFrame(ws, frame)));
        return true;
      });
      if (admission === 'waiting') held.set(data, []);
    },

    close(ws, code, message) {
      sockets.delete(ws);
      const data = ws.getUserData();
      if (isTooBigClose(code, message)) faults.record('messageTooBig', { path: AGENT_PATH, remote: data.remote });
      if (data.hostId === null || owners.get(data.hostId) !== ws) return;
      owners.delete(data.hostId);
      disconnected(data.hostId);
      burstLog.info('agent disconnected', { hostId: data.hostId, runId: data.runId, code });
    },
  });
}
