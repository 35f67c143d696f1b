import type { TemplatedApp } from 'uWebSockets.js';
import type { LabState } from '@hostpulse/protocol';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import type { InFlight } from '../http/in-flight.js';
import { badField, errorReply, jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { LabControl } from './lab-control.js';
import { parseLabRequest } from './lab-request.js';

/** Largest POST /api/lab body read; a lab request is under 200 bytes. */
export const LAB_MAX_BODY_BYTES = 4096;

/** The lab (null when the hub runs without --lab) and what its routes work with. */
export interface LabDeps {
  control: LabControl | null;
  access: Access;
  faults: FaultCounter;
  inFlight: InFlight;
  /** Whether the hub holds a host of this id (a lab may watch `host/<id>`). */
  hasHost: (hostId: string) => boolean;
}

/**
 * Registers POST, GET and DELETE /api/lab, each behind its policy (auth/routes.ts):
 * reading needs what the rest of the API needs; starting, changing and stopping
 * come only from the hub's own pages (or clients sending no Origin) and need the
 * admin token once the hub has a viewer or admin token. Without --lab every call
 * that passes its policy is a 403.
 */
export function registerLab(app: TemplatedApp, deps: LabDeps): void {
  const { control, access, faults, inFlight, hasHost } = deps;
  const state = (): LabState => ({ adminTokenRequired: access.labNeedsAdmin, ...control!.state() });
  const off: Reply = errorReply('403 Forbidden', 'the load lab is off: start the hub with --lab (npm start does, on loopback)');

  access.route(app, ROUTES.labState, (res, _req, headers) => {
    if (!control) return void writeReply(res, off);
    const reply = jsonReply('200 OK', state());
    writeReply(res, { ...reply, headers: [...reply.headers, ...headers] });
  });

  access.route(app, ROUTES.labChange, (res, req) => {
    if (!control) return void writeReply(res, off);
    if (!isJsonContentType(req.getHeader('content-type'))) {
      return void writeReply(res, errorReply('415 Unsupported Media Type', 'send the lab settings as Content-Type: application/json'));
    }
    const url = req.getUrl();
    const body = readBody(res, LAB_MAX_BODY_BYTES);
    answerLater(res, inFlight, 'lab', async () => {
      const text = await body;
      if (text === null) return errorReply('413 Content Too Large', `a lab request is at most ${LAB_MAX_BODY_BYTES} bytes`);
      const parsed = parseLabRequest(text, hasHost);
      if (!parsed.ok) {
        faults.record('badRequest', { url, field: parsed.field });
        return badField(parsed.field, parsed.message);
      }
      const result = await control.apply(parsed.settings, parsed.labId);
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

  access.route(app, ROUTES.labStop, (res) => {
    if (!control) return void writeReply(res, off);
    answerLater(res, inFlight, 'lab', async () => {
      await control.stop('stopped', 'stopped through DELETE /api/lab');
      return jsonReply('200 OK', state());
    });
  });
}
