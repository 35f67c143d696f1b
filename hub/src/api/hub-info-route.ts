import type { TemplatedApp } from 'uWebSockets.js';
import type { HubInfo } from '@hostpulse/protocol';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { jsonReply, writeReply } from '../http/reply.js';

/** What GET /api/hub tells. */
export interface HubInfoDeps {
  access: Access;
  publicUrls: readonly string[];
  listenHost: string;
  /** Whether listenHost is a loopback address. */
  isLoopbackOnly: boolean;
  /** The URLs the hub listens at, known once it listens (listen-urls.ts). */
  listenUrls: () => readonly string[];
  agentToken: HubInfo['agentToken'];
}

/** Registers GET /api/hub (viewer): how the hub is reached and what its agents need, for Add host and the empty overview. */
export function registerHubInfo(app: TemplatedApp, deps: HubInfoDeps): void {
  const { access, publicUrls, listenHost, isLoopbackOnly, listenUrls, agentToken } = deps;
  access.route(app, ROUTES.hubInfo, (res, _req, headers) => {
    const body: HubInfo = {
      publicUrls: publicUrls.map((url) => url.replace(/\/+$/, '')),
      listenHost,
      isLoopbackOnly,
      listenUrls: [...listenUrls()],
      agentToken,
    };
    writeReply(res, jsonReply('200 OK', body, headers));
  });
}
