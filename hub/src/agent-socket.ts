import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import { AGENT_PATH, CloseCode, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '@hostpulse/protocol';
import type { FaultKind, HubWelcome } from '@hostpulse/protocol';
import { parseAgentMessage } from '@hostpulse/protocol/validate';
import type { Logger } from '@hostpulse/common';
import { isBearerTokenValid } from './agent-auth.js';
import { addressText, errorReply, writeReply } from './http-respond.js';
import type { HubCore } from './hub-core.js';
import { closeReason, isTooBigClose } from './ws-close.js';

/** What the hub keeps per agent socket; hostId and runId are set once its hello is accepted. */
export interface AgentData {
  remote: string;
  hostId: string | null;
  runId: string | null;
}

/** The hub's open agent sockets, for shutdown. */
export type AgentSockets = Set<WebSocket<AgentData>>;

// The hub only sends a welcome per connection, so a small buffer is plenty.
const AGENT_MAX_BACKPRESSURE = 64 * 1024;
// Agents send a sample every interval; automatic pings keep slower ones alive.
const AGENT_IDLE_TIMEOUT_SEC = 32;

type AgentFault = Exclude<FaultKind, 'unauthorized' | 'badRequest'>;

/**
 * Registers WebSocket /agent. The token is checked in the upgrade handler, so a
 * wrong one gets HTTP 401 before any socket exists. The first frame must be hello;
 * then samples of that host and run. Any fault closes only that socket, with the
 * close code of the fault's name, and is counted.
 */
export function registerAgentSocket(app: TemplatedApp, core: HubCore, log: Logger, sockets: AgentSockets, agentToken: string | undefined): void {
  const fail = (ws: WebSocket<AgentData>, fault: AgentFault, detail: string): void => {
    const data = ws.getUserData();
    core.faults.record(fault, { path: AGENT_PATH, remote: data.remote, hostId: data.hostId ?? undefined, detail });
    ws.end(CloseCode[fault], closeReason(detail));
  };

  app.ws<AgentData>(AGENT_PATH, {
    maxPayloadLength: MAX_MESSAGE_BYTES,
    idleTimeout: AGENT_IDLE_TIMEOUT_SEC,
    sendPingsAutomatically: true,
    maxBackpressure: AGENT_MAX_BACKPRESSURE,
    // Typed as a number in the package's typings; uWS reads it as a boolean.
    closeOnBackpressureLimit: 1,

    upgrade(res, req, context) {
      const remote = addressText(res.getRemoteAddressAsText());
      if (agentToken !== undefined && !isBearerTokenValid(req.getHeader('authorization'), agentToken)) {
        core.faults.record('unauthorized', { path: AGENT_PATH, remote });
        writeReply(res, errorReply('401 Unauthorized', 'agent token missing or wrong', [['WWW-Authenticate', 'Bearer']]));
        return;
      }
      const data: AgentData = { remote, hostId: null, runId: null };
      res.upgrade(data, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },

    open(ws) {
      sockets.add(ws);
    },

    message(ws, message, isBinary) {
      if (isBinary) return fail(ws, 'malformedJson', 'binary frame');
      // The ArrayBuffer is only valid during this call: decode it at once.
      const parsed = parseAgentMessage(Buffer.from(message).toString('utf8'));
      if (!parsed.ok) return fail(ws, parsed.fault, parsed.detail);
      const data = ws.getUserData();
      const msg = parsed.message;
      switch (msg.type) {
        case 'hello': {
          if (data.hostId !== null) return fail(ws, 'unexpectedMessage', 'second hello');
          const result = core.registry.connect(msg);
          if (!result.ok) return fail(ws, result.fault, `host id ${msg.hostId} already has a connected agent`);
          data.hostId = msg.hostId;
          data.runId = msg.runId;
          log.info('agent connected', { hostId: msg.hostId, runId: msg.runId, remote: data.remote, lastSeq: result.lastSeq });
          const welcome: HubWelcome = {
            type: 'welcome',
            protocolVersion: PROTOCOL_VERSION,
            hostId: msg.hostId,
            runId: msg.runId,
            lastSeq: result.lastSeq,
            hubTimeMs: Date.now(),
          };
          ws.send(JSON.stringify(welcome), false);
          return;
        }
        case 'sample': {
          if (data.hostId === null) return fail(ws, 'unexpectedMessage', 'sample before hello');
          if (msg.sample.hostId !== data.hostId || msg.sample.runId !== data.runId) {
            return fail(ws, 'unexpectedMessage', 'sample for another host or run than the hello named');
          }
          core.registry.addSample(msg.sample);
          return;
        }
        default: {
          const unreachable: never = msg;
          return unreachable;
        }
      }
    },

    close(ws, code, message) {
      sockets.delete(ws);
      const data = ws.getUserData();
      if (isTooBigClose(code, message)) core.faults.record('messageTooBig', { path: AGENT_PATH, remote: data.remote });
      if (data.hostId === null) return;
      core.registry.disconnect(data.hostId);
      log.info('agent disconnected', { hostId: data.hostId, runId: data.runId, code });
    },
  });
}
