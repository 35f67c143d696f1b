import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { HUB_TOKEN_NAMES, type ErrorResponse, type HubTokenName, type HubTokenRotation, type HubTokenValue } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import type { Access } from '../auth/access.js';
import type { AdminAuth } from '../auth/admin-auth.js';
import type { AgentAuth } from '../auth/agent-auth.js';
import type { HubTokens, RotateResult } from '../auth/hub-tokens.js';
import { ROUTES } from '../auth/routes.js';
import { errorReply, jsonReply, writeReply } from '../http/reply.js';
import type { FaultCounter } from '../telemetry/faults.js';

/** What the hub-token route works with. */
export interface HubTokenDeps {
  access: Access;
  tokens: HubTokens;
  agents: AgentAuth;
  admin: AdminAuth;
  /** How many agents are connected with the shared agent token right now. */
  sharedTokenAgents: () => number;
  faults: FaultCounter;
  log: Logger;
}

const isName = (text: string): text is HubTokenName => (HUB_TOKEN_NAMES as readonly string[]).includes(text);

/** What to update once a token changed, for the person who rotated it. */
function updateText(name: HubTokenName, agentsOnOldToken: number): string {
  if (name === 'admin') return 'The old admin token is refused from now on. Use the new one in the dashboard and in scripts (Authorization: Bearer TOKEN).';
  return (
    `Give the new token to every agent that used the old one: HOSTPULSE_TOKEN in /etc/hostpulse/agent.env, then systemctl restart hostpulse-agent, or the agent's --token. ` +
    `${agentsOnOldToken} agent(s) connected with the old token stay connected until they reconnect, and are then refused (401) and exit. ` +
    'Agents with a per-host token are unaffected.'
  );
}

/** The 400 for a token name the hub does not have, counted as a bad request. */
function badName(res: HttpResponse, req: HttpRequest, name: string, faults: FaultCounter): void {
  faults.record('badRequest', { url: req.getUrl(), field: 'name' });
  const error: ErrorResponse = { error: { status: 400, message: `name must be one of ${HUB_TOKEN_NAMES.join(', ')}, got ${JSON.stringify(name)}`, field: 'name' } };
  writeReply(res, jsonReply('400 Bad Request', error));
}

/**
 * Registers GET /api/hub-tokens/:name (admin token): the agent or admin token in force,
 * so Add host can put the agent token into its command for an admin; 404 when the hub
 * has none of that name. And POST /api/hub-tokens/:name/rotate (admin token): makes a
 * new agent or admin token, writes it to the data dir's tokens file, and puts it in force
 * at once, so the old one is refused from the next request or upgrade on. Agents already connected with the
 * old agent token are not closed: a whole fleet would drop at once, before anyone could
 * give them the new one. 200 with the new token (shown this once), 409 for a token the
 * hub does not keep, 503 when the disk is full and 500 when the file cannot be written
 * otherwise (the old token then stays).
 */
export function registerHubTokens(app: TemplatedApp, deps: HubTokenDeps): void {
  const { access, tokens, agents, admin, sharedTokenAgents, faults, log } = deps;

  access.route(app, ROUTES.readHubToken, (res, req) => {
    const name = req.getParameter(0) ?? '';
    if (!isName(name)) return badName(res, req, name, faults);
    const token = tokens.token(name);
    if (token === undefined) return void writeReply(res, errorReply('404 Not Found', `this hub has no ${name} token (hostpulse-hub --print-tokens with its flags says why)`));
    const answer: HubTokenValue = { name, token };
    writeReply(res, { status: '200 OK', headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: JSON.stringify(answer) });
  });

  access.route(app, ROUTES.rotateHubToken, (res, req) => {
    const name = req.getParameter(0) ?? '';
    if (!isName(name)) return badName(res, req, name, faults);
    let result: RotateResult;
    try {
      result = tokens.rotate(name);
    } catch (err) {
      log.error('hub token not rotated: the tokens file could not be written', { name, file: tokens.file, error: (err as Error).message });
      const status = (err as NodeJS.ErrnoException).code === 'ENOSPC' ? '503 Service Unavailable' : '500 Internal Server Error';
      return void writeReply(res, errorReply(status, `the new ${name} token could not be written to ${tokens.file} (${(err as Error).message}); the old one stays in force`));
    }
    if (!result.ok) return void writeReply(res, errorReply('409 Conflict', result.message));
    if (name === 'agent') agents.setShared(result.token);
    else admin.setToken(result.token);
    const agentsOnOldToken = name === 'agent' ? sharedTokenAgents() : 0;
    log.info('hub token rotated', { name, file: tokens.file, agentsOnOldToken: agentsOnOldToken || undefined });
    const answer: HubTokenRotation = { name, token: result.token, agentsOnOldToken, update: updateText(name, agentsOnOldToken) };
    writeReply(res, { status: '200 OK', headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: JSON.stringify(answer) });
  });
}
