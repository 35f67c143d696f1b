import type { TemplatedApp } from 'uWebSockets.js';
import { AGENT_TOKENS_PATH, isValidHostId } from '@hostpulse/protocol';
import type { AgentTokenResponse, AgentTokensResponse } from '@hostpulse/protocol';
import { parseRequest } from '@hostpulse/protocol/validate';
import type { Access } from '../auth/access.js';
import type { AgentTokenMint } from '../auth/agent-token-mint.js';
import { ROUTES } from '../auth/routes.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import type { InFlight } from '../http/in-flight.js';
import { badField, errorReply, jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { StateStore } from '../store/state-store.js';
import type { FaultCounter } from '../telemetry/faults.js';

/** Largest POST /api/agent-tokens body read; a request is under 100 bytes. */
export const AGENT_TOKEN_MAX_BODY_BYTES = 1024;

/** What the agent-token routes work with. */
export interface AgentTokenDeps {
  access: Access;
  mint: AgentTokenMint;
  /** Where minted tokens are kept: an answer waits until they are on disk. */
  state: StateStore;
  faults: FaultCounter;
  inFlight: InFlight;
  /** Closes the agents connected with a per-host token of this host id (it was revoked or replaced). */
  closeAgents: (hostId: string, reason: string) => void;
}

const HOST_ID_RULE = 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';

/** The 503 of an admin write while the disk refuses writes: nothing changed, and nothing hangs. */
function diskRefuses(reason: string, what: string): Reply {
  return errorReply('503 Service Unavailable', `the hub's disk refuses writes (${reason}): ${what}; free space on the data dir's disk and try again`);
}

/**
 * Registers the admin API of per-host agent tokens: GET /api/agent-tokens lists the
 * host ids that have one, POST mints one (201 with the token, the only time it is
 * shown), DELETE /api/agent-tokens/:hostId revokes one (204). Each needs the admin
 * token (401 without it, 403 on a hub that has none) and a host name the hub answers to.
 * While the disk refuses writes (full), minting and revoking answer 503 at once.
 */
export function registerAgentTokens(app: TemplatedApp, deps: AgentTokenDeps): void {
  const { access, mint, state, faults, inFlight, closeAgents } = deps;

  access.route(app, ROUTES.agentTokens, (res) => {
    const body: AgentTokensResponse = { tokens: mint.list() };
    writeReply(res, jsonReply('200 OK', body));
  });

  access.route(app, ROUTES.mintAgentToken, (res, req) => {
    if (!isJsonContentType(req.getHeader('content-type'))) {
      return void writeReply(res, errorReply('415 Unsupported Media Type', 'send {"hostId":"..."} as Content-Type: application/json'));
    }
    const body = readBody(res, AGENT_TOKEN_MAX_BODY_BYTES);
    answerLater(res, inFlight, 'minting an agent token', async () => {
      const text = await body;
      if (text === null) return errorReply('413 Content Too Large', `a token request is at most ${AGENT_TOKEN_MAX_BODY_BYTES} bytes`);
      const parsed = parseRequest('AgentTokenRequest', text);
      if (!parsed.ok) {
        faults.record('badRequest', { url: AGENT_TOKENS_PATH, field: parsed.field });
        return badField(parsed.field, parsed.message);
      }
      const { hostId } = parsed.value;
      if (state.writesHeld !== null) return diskRefuses(state.writesHeld, 'no token was minted');
      const minted = mint.mint(hostId);
      if (!minted.ok) return errorReply('409 Conflict', minted.message);
      if (minted.replaced) closeAgents(hostId, 'agent token replaced');
      // Answered once the digest is committed, so a token the admin has seen outlives a crash of the hub.
      if (!(await state.flush())) return diskRefuses(state.writesHeld ?? 'a write failed', 'the token is not shown, as it is not on disk yet; mint it again');
      const answer: AgentTokenResponse = { hostId, token: minted.token, createdMs: minted.createdMs, replaced: minted.replaced };
      return { status: '201 Created', headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: JSON.stringify(answer) };
    });
  });

  access.route(app, ROUTES.revokeAgentToken, (res, req) => {
    const hostId = req.getParameter(0) ?? '';
    if (!isValidHostId(hostId)) {
      faults.record('badRequest', { url: req.getUrl(), field: 'hostId' });
      return void writeReply(res, badField('hostId', `hostId: ${HOST_ID_RULE}, got ${JSON.stringify(hostId)}`));
    }
    if (state.writesHeld !== null) return void writeReply(res, diskRefuses(state.writesHeld, 'the token was not revoked'));
    if (!mint.revoke(hostId)) return void writeReply(res, errorReply('404 Not Found', `host id "${hostId}" has no minted agent token`));
    closeAgents(hostId, 'agent token revoked');
    // As for minting: once the answer is out, a restart cannot bring the token back.
    answerLater(res, inFlight, 'revoking an agent token', async () => {
      if (!(await state.flush())) return diskRefuses(state.writesHeld ?? 'a write failed', 'the token is revoked until the hub restarts, and for good once the write lands');
      return { status: '204 No Content', headers: [['Cache-Control', 'no-cache']], body: null };
    });
  });
}
