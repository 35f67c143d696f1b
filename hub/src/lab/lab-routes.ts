import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { LAB_PATH } from '@hostpulse/protocol';
import type { ErrorResponse, LabState } from '@hostpulse/protocol';
import type { AdminAuth } from '../auth/admin-auth.js';
import type { ApiAccess } from '../auth/api-access.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import { addressText, errorReply, jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { HubCore } from '../core/hub-core.js';
import type { LabControl } from './lab-control.js';
import { parseLabRequest } from './lab-request.js';
import type { OriginPolicy } from '../auth/origin-policy.js';

/** Largest POST /api/lab body read; a lab request is under 200 bytes. */
export const LAB_MAX_BODY_BYTES = 4096;

/** Who may do what with the lab, and the lab itself (null when the hub runs without --lab). */
export interface LabAccess {
  control: LabControl | null;
  api: ApiAccess;
  admin: AdminAuth;
  origins: OriginPolicy;
}

/**
 * Registers POST, GET and DELETE /api/lab. Reading needs what the rest of the API
 * needs (the viewer token, when set). Starting, changing and stopping come only from
 * the hub's own pages (or clients sending no Origin), as JSON, and need the admin
 * token once the hub has a viewer or admin token. Without --lab every call is a 403.
 */
export function registerLab(app: TemplatedApp, core: HubCore, access: LabAccess): void {
  const { control, api, admin, origins } = access;
  const adminTokenRequired = api.viewer.isRequired || admin.isConfigured;
  const state = (): LabState => ({ adminTokenRequired, ...control!.state() });
  const remoteOf = (res: HttpResponse): string => addressText(res.getRemoteAddressAsText());

  /** The refusal for a request, counted as a fault where it is one, or null. Call in the handler's synchronous top. */
  const refusalOf = (res: HttpResponse, req: HttpRequest, changes: boolean): Reply | null => {
    if (!control) return errorReply('403 Forbidden', 'the load lab is off: start the hub with --lab (npm start does, on loopback)');
    const remote = remoteOf(res);
    if (!changes) {
      const { refusal } = api.check(req);
      if (refusal) core.faults.record(refusal.fault, { path: LAB_PATH, remote });
      return refusal?.reply ?? null;
    }
    // A page that rebound its DNS name to the hub passes the origin check below (its Origin names the Host it sends).
    const misdirected = api.hostRefusal(req);
    if (misdirected) {
      core.faults.record(misdirected.fault, { path: LAB_PATH, remote });
      return misdirected.reply;
    }
    if (!origins.isAllowed(req.getHeader('origin'), req.getHeader('host'))) {
      core.faults.record('forbiddenOrigin', { path: LAB_PATH, remote, origin: req.getHeader('origin') });
      return errorReply('403 Forbidden', 'the lab takes changes only from the hub\'s own pages; see --allowed-origins');
    }
    if (!adminTokenRequired || admin.isAdmin(req.getHeader('authorization'))) return null;
    if (!admin.isConfigured) return errorReply('403 Forbidden', 'this hub has a viewer token, so the lab needs the admin token, and none is set: start the hub with --admin-token');
    core.faults.record('unauthorized', { path: LAB_PATH, remote });
    return errorReply('401 Unauthorized', 'the lab needs the admin token: send "Authorization: Bearer <admin token>"', [['WWW-Authenticate', 'Bearer']]);
  };

  app.get(LAB_PATH, (res, req) => {
    const refusal = refusalOf(res, req, false);
    if (refusal) return void writeReply(res, refusal);
    const reply = jsonReply('200 OK', state());
    writeReply(res, { ...reply, headers: [...reply.headers, ...api.corsHeaders(req.getHeader('origin'))] });
  });

  app.post(LAB_PATH, (res, req) => {
    const refusal = refusalOf(res, req, true);
    if (refusal) return void writeReply(res, refusal);
    if (!isJsonContentType(req.getHeader('content-type'))) {
      return void writeReply(res, errorReply('415 Unsupported Media Type', 'send the lab settings as Content-Type: application/json'));
    }
    const url = req.getUrl();
    const body = readBody(res, LAB_MAX_BODY_BYTES);
    answerLater(res, core.inFlight, 'lab', async () => {
      const text = await body;
      if (text === null) return errorReply('413 Content Too Large', `a lab request is at most ${LAB_MAX_BODY_BYTES} bytes`);
      const parsed = parseLabRequest(text, (hostId) => core.registry.get(hostId) !== undefined);
      if (!parsed.ok) {
        core.faults.record('badRequest', { url, field: parsed.field });
        const error: ErrorResponse = { error: { status: 400, message: parsed.message, field: parsed.field } };
        return jsonReply('400 Bad Request', error);
      }
      const result = await control!.apply(parsed.settings, parsed.labId);
      switch (result.kind) {
        case 'started':
          return jsonReply('201 Created', state());
        case 'changed':
          return jsonReply('200 OK', state());
        case 'conflict':
          return errorReply('409 Conflict', result.message);
        case 'failed':
          return errorReply('500 Internal Server Error', `the lab failed: ${result.message}`);
        default: {
          const never: never = result;
          return never;
        }
      }
    });
  });

  app.del(LAB_PATH, (res, req) => {
    const refusal = refusalOf(res, req, true);
    if (refusal) return void writeReply(res, refusal);
    answerLater(res, core.inFlight, 'lab', async () => {
      await control!.stop('stopped', 'stopped through DELETE /api/lab');
      return jsonReply('200 OK', state());
    });
  });
}
