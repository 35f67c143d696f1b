import { AGENT_TOKENS_PATH, isValidHostId } from '@hostpulse/protocol';
import { parseRequest } from '@hostpulse/protocol/validate';
import { ROUTES } from '../auth/routes.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import { errorReply, jsonReply, writeReply } from '../http/reply.js';
/** Largest POST /api/agent-tokens body read; a request is under 100 bytes. */
export const AGENT_TOKEN_MAX_BODY_BYTES = 1024;
const HOST_ID_RULE = 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';
/** A 400 whose body names the field at fault. */
function badField(field, message) {
    const error = { error: { status: 400, message, field } };
    return jsonReply('400 Bad Request', error);
}
/**
 * Registers the admin API of per-host agent tokens: GET /api/agent-tokens lists the
 * host ids that have one, POST mints one (201 with the token, the only time it is
 * shown), DELETE /api/agent-tokens/:hostId revokes one (204). Each needs the admin
 * token (401 without it, 403 on a hub that has none) and a host name the hub answers to.
 */
export function registerAgentTokens(app, deps) {
    const { access, mint, state, faults, inFlight, closeAgents } = deps;
    access.route(app, ROUTES.agentTokens, (res) => {
        const body = { tokens: mint.list() };
        writeReply(res, jsonReply('200 OK', body));
    });
    access.route(app, ROUTES.mintAgentToken, (res, req) => {
        if (!isJsonContentType(req.getHeader('content-type'))) {
            return void writeReply(res, errorReply('415 Unsupported Media Type', 'send {"hostId":"..."} as Content-Type: application/json'));
        }
        const body = readBody(res, AGENT_TOKEN_MAX_BODY_BYTES);
        answerLater(res, inFlight, 'minting an agent token', async () => {
            const text = await body;
            if (text === null)
                return errorReply('413 Content Too Large', `a token request is at most ${AGENT_TOKEN_MAX_BODY_BYTES} bytes`);
            const parsed = parseRequest('AgentTokenRequest', text);
            if (!parsed.ok) {
                faults.record('badRequest', { url: AGENT_TOKENS_PATH, field: parsed.field });
                return badField(parsed.field, parsed.message);
            }
            const { hostId } = parsed.value;
            const minted = mint.mint(hostId);
            if (!minted.ok)
                return errorReply('409 Conflict', minted.message);
            if (minted.replaced)
                closeAgents(hostId, 'agent token replaced');
            // Answered once the digest is committed, so a token the admin has seen outlives a crash of the hub.
            await state.flush();
            const answer = { hostId, token: minted.token, createdMs: minted.createdMs, replaced: minted.replaced };
            return { status: '201 Created', headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: JSON.stringify(answer) };
        });
    });
    access.route(app, ROUTES.revokeAgentToken, (res, req) => {
        const hostId = req.getParameter(0) ?? '';
        if (!isValidHostId(hostId)) {
            faults.record('badRequest', { url: req.getUrl(), field: 'hostId' });
            return void writeReply(res, badField('hostId', `hostId: ${HOST_ID_RULE}, got ${JSON.stringify(hostId)}`));
        }
        if (!mint.revoke(hostId))
            return void writeReply(res, errorReply('404 Not Found', `host id "${hostId}" has no minted agent token`));
        closeAgents(hostId, 'agent token revoked');
        // As for minting: once the answer is out, a restart cannot bring the token back.
        answerLater(res, inFlight, 'revoking an agent token', async () => {
            await state.flush();
            return { status: '204 No Content', headers: [['Cache-Control', 'no-cache']], body: null };
        });
    });
}
//# sourceMappingURL=agent-token-routes.js.map