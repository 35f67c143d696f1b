import type { TemplatedApp } from 'uWebSockets.js';
import type { HealthResponse, ReadyResponse } from '@hostpulse/protocol';
import { jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';

/**
 * What readiness depends on. `isListening`: the hub holds its listen socket (false
 * before listen and from the start of shutdown). `isStorageOpen`: the history store
 * takes and serves samples (HistoryStore.isOpen: from its opening until its close
 * begins; a data dir it cannot open stops the hub before it listens).
 */
export interface ReadinessChecks {
  isListening(): boolean;
  isStorageOpen(): boolean;
}

/** The /readyz answer for these checks: 200 when all hold, else 503. */
export function readinessReply(checks: ReadinessChecks): Reply {
  const listening = checks.isListening();
  const storage = checks.isStorageOpen();
  const body: ReadyResponse = { ready: listening && storage, checks: { listening, storage } };
  return jsonReply(body.ready ? '200 OK' : '503 Service Unavailable', body);
}

/**
 * Registers GET /healthz (the process answers) and GET /readyz (listening and
 * storage open) for load balancers and orchestrators: no token, no host check,
 * no data, and not counted as polling.
 */
export function registerHealth(app: TemplatedApp, access: Access, checks: ReadinessChecks): void {
  access.route(app, ROUTES.healthz, (res) => {
    const body: HealthResponse = { status: 'ok' };
    writeReply(res, jsonReply('200 OK', body));
  });
  access.route(app, ROUTES.readyz, (res) => {
    writeReply(res, readinessReply(checks));
  });
}
