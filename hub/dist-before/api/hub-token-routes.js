import { HUB_TOKEN_NAMES } from '@hostpulse/protocol';
import { ROUTES } from '../auth/routes.js';
import { errorReply, jsonReply, writeReply } from '../http/reply.js';
const isName = (text) => HUB_TOKEN_NAMES.includes(text);
/** What to update once a token changed, for the person who rotated it. */
function updateText(name, agentsOnOldToken) {
    if (name === 'admin')
        return 'The old admin token is refused from now on. Use the new one in the dashboard and in scripts (Authorization: Bearer TOKEN).';
    return (`Give the new token to every agent that used the old one: HOSTPULSE_TOKEN in /etc/hostpulse/agent.env, then systemctl restart hostpulse-agent, or the agent's --token. ` +
        `${agentsOnOldToken} agent(s) connected with the old token stay connected until they reconnect, and are then refused (401) and exit. ` +
        'Agents with a per-host token are unaffected.');
}
/**
 * Registers POST /api/hub-tokens/:name/rotate (admin token): makes a new agent or admin
 * token, writes it to the data dir's tokens file, and puts it in force at once, so the old
 * one is refused from the next request or upgrade on. Agents already connected with the
 * old agent token are not closed: a whole fleet would drop at once, before anyone could
 * give them the new one. 200 with the new token (shown this once), 409 for a token the
 * hub does not keep, 500 when the file cannot be written (the old token then stays).
 */
export function registerHubTokens(app, deps) {
    const { access, tokens, agents, admin, sharedTokenAgents, faults, log } = deps;
    access.route(app, ROUTES.rotateHubToken, (res, req) => {
        const name = req.getParameter(0) ?? '';
        if (!isName(name)) {
            faults.record('badRequest', { url: req.getUrl(), field: 'name' });
            const error = { error: { status: 400, message: `name must be one of ${HUB_TOKEN_NAMES.join(', ')}, got ${JSON.stringify(name)}`, field: 'name' } };
            return void writeReply(res, jsonReply('400 Bad Request', error));
        }
        let result;
        try {
            result = tokens.rotate(name);
        }
        catch (err) {
            log.error('hub token not rotated: the tokens file could not be written', { name, file: tokens.file, error: err.message });
            return void writeReply(res, errorReply('500 Internal Server Error', `the new ${name} token could not be written to ${tokens.file} (${err.message}); the old one stays in force`));
        }
        if (!result.ok)
            return void writeReply(res, errorReply('409 Conflict', result.message));
        if (name === 'agent')
            agents.setShared(result.token);
        else
            admin.setToken(result.token);
        const agentsOnOldToken = name === 'agent' ? sharedTokenAgents() : 0;
        log.info('hub token rotated', { name, file: tokens.file, agentsOnOldToken: agentsOnOldToken || undefined });
        const answer = { name, token: result.token, agentsOnOldToken, update: updateText(name, agentsOnOldToken) };
        writeReply(res, { status: '200 OK', headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: JSON.stringify(answer) });
    });
}
//# sourceMappingURL=hub-token-routes.js.map