import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { AGENT_TOKENS_PATH, isValidHostId } from '@hostpulse/protocol';
import type { AgentTokenResponse, AgentTokensResponse, ErrorResponse } from '@hostpulse/protocol';
import type { AdminAuth } from '../auth/admin-auth.js';
import type { AgentTokenMint } from '../auth/agent-token-mint.js';
import type { ApiAccess } from '../auth/api-access.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import { addressText, errorReply, jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { HubCore } from '../core/hub-core.js';

/** Largest POST /api/agent-tokens body read; a request is under 100 bytes. */
export const AGENT_TOKEN_MAX_BODY_BYTES = 1024;

/** What the agent-token routes work with. */
export interface AgentTokenAccess {
  mint: AgentTokenMint;
  admin: AdminAuth;
  api: ApiAccess;
  /** Closes the agents connected with a per-host token of this host id (it was revoked or replaced). */
  closeAgents: (hostId: string, reason: string) => void;
}

/** A request as parsed: the host id to mint for, or what is wrong and in which field. */
export type AgentTokenRequestParse = { ok: true; hostId: string } | { ok: false; field: string; message: string };

const HOST_ID_RULE = 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';

/** Parses the body of POST /api/agent-tokens (AgentTokenRequest); every refusal names its field. */
export function parseAgentTokenRequest(text: string): AgentTokenRequestParse {
  const fail = (field: string, message: string): AgentTokenRequestParse => ({ ok: false, field, message: `${field}: ${message}` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail('body', 'must be a JSON object such as {"hostId":"web-3"}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('body', 'must be a JSON object such as {"hostId":"web-3"}');
  const unknown = Object.keys(body).find((key) => key !== 'hostId');
  if (unknown !== undefined) return fail(unknown, 'is not a field of this request; send only "hostId"');
  const { hostId } = body as { hostId?: unknown };
  if (!isValidHostId(hostId)) return fail('hostId', `${HOST_ID_RULE}, got ${JSON.stringify(hostId) ?? 'nothing'}`);
  return { ok: true, hostId };
}

/** A 400 whose body names the field at fault. */
function badField(field: string, message: string): Reply {
  const error: ErrorResponse = { error: { status: 400, message, field } };
  return jsonReply('400 Bad Request', error);
}

/**
 * Registers the admin API of per-host agent tokens: GET /api/agent-tokens lists the
 * host ids that have one, POST mints one (201 with the token, the only time it is
 * shown), DELETE /api/agent-tokens/:hostId revokes one (204). Each needs the admin
 * token (401 without it, 403 on a hub that has none) and a host name the hub answers to.
 */
export function registerAgentTokens(app: TemplatedApp, core: HubCore, access: AgentTokenAccess): void {
  const { mint, admin, api, closeAgents } = access;

  /** The refusal for a request, counted as a fault where it is one, or null. Call in the handler's synchronous top. */
  const refusalOf = (res: HttpResponse, req: HttpRequest, action: string): Reply | null => {
    const remote = addressText(res.getRemoteAddressAsText());
    const misdirected = api.hostRefusal(req);
    if (misdirected) {
      core.faults.record(misdirected.fault, { path: AGENT_TOKENS_PATH, remote });
      return misdirected.reply;
    }
    const refusal = admin.refusal(req.getHeader('authorization'), action);
    if (refusal?.status.startsWith('401')) core.faults.record('unauthorized', { path: AGENT_TOKENS_PATH, remote });
    return refusal;
  };

  app.get(AGENT_TOKENS_PATH, (res, req) => {
    const refusal = refusalOf(res, req, 'listing agent tokens');
    if (refusal) return void writeReply(res, refusal);
    const body: AgentTokensResponse = { tokens: mint.list() };
    writeReply(res, jsonReply('200 OK', body));
  });

  app.post(AGENT_TOKENS_PATH, (res, req) => {
    const refusal = refusalOf(res, req, 'minting an agent token');
    if (refusal) return void writeReply(res, refusal);
    if (!isJsonContentType(req.getHeader('content-type'))) {
      return void writeReply(res, errorReply('415 Unsupported Media Type', 'send {"hostId":"..."} as Content-Type: application/json'));
    }
    const body = readBody(res, AGENT_TOKEN_MAX_BODY_BYTES);
    answerLater(res, core.inFlight, 'minting an agent token', async () => {
      const text = await body;
      if (text === null) return errorReply('413 Content Too Large', `a token request is at most ${AGENT_TOKEN_MAX_BODY_BYTES} bytes`);
      const parsed = parseAgentTokenRequest(text);
      if (!parsed.ok) {
        core.faults.record('badRequest', { url: AGENT_TOKENS_PATH, field: parsed.field });
        return badField(parsed.field, parsed.message);
      }
      const minted = mint.mint(parsed.hostId);
      if (!minted.ok) return errorReply('409 Conflict', minted.message);
      if (minted.replaced) closeAgents(parsed.hostId, 'agent token replaced');
      // Answered once the digest is committed, so a token the admin has seen outlives a crash of the hub.
      await core.store.flush();
      const answer: AgentTokenResponse = { hostId: parsed.hostId, token: minted.token, createdMs: minted.createdMs, replaced: minted.replaced };
      return { status: '201 Created', headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: JSON.stringify(answer) };
    });
  });

  app.del(`${AGENT_TOKENS_PATH}/:hostId`, (res, req) => {
    const refusal = refusalOf(res, req, 'revoking an agent token');
    if (refusal) return void writeReply(res, refusal);
    const hostId = req.getParameter(0) ?? '';
    if (!isValidHostId(hostId)) {
      core.faults.record('badRequest', { url: req.getUrl(), field: 'hostId' });
      return void writeReply(res, badField('hostId', `hostId: ${HOST_ID_RULE}, got ${JSON.stringify(hostId)}`));
    }
    if (!mint.revoke(hostId)) return void writeReply(res, errorReply('404 Not Found', `host id "${hostId}" has no minted agent token`));
    closeAgents(hostId, 'agent token revoked');
    // As for minting: once the answer is out, a restart cannot bring the token back.
    answerLater(res, core.inFlight, 'revoking an agent token', async () => {
      await core.store.flush();
      return { status: '204 No Content', headers: [['Cache-Control', 'no-cache']], body: null };
    });
  });
}
