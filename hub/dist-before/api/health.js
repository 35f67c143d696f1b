import { jsonReply, writeReply } from '../http/reply.js';
import { ROUTES } from '../auth/routes.js';
/** The /readyz answer for these checks: 200 when all hold, else 503. */
export function readinessReply(checks) {
    const listening = checks.isListening();
    const storage = checks.isStorageOpen();
    const body = { ready: listening && storage, checks: { listening, storage } };
    return jsonReply(body.ready ? '200 OK' : '503 Service Unavailable', body);
}
/**
 * Registers GET /healthz (the process answers) and GET /readyz (listening and
 * storage open) for load balancers and orchestrators: no token, no host check,
 * no data, and not counted as polling.
 */
export function registerHealth(app, access, checks) {
    access.route(app, ROUTES.healthz, (res) => {
        const body = { status: 'ok' };
        writeReply(res, jsonReply('200 OK', body));
    });
    access.route(app, ROUTES.readyz, (res) => {
        writeReply(res, readinessReply(checks));
    });
}
//# sourceMappingURL=health.js.map