import type { TemplatedApp } from 'uWebSockets.js';
import { parseRequest } from '@hostpulse/protocol/validate';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { hostInfo } from '../hosts/host-record.js';
import type { HostRegistry } from '../hosts/host-registry.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import type { InFlight } from '../http/in-flight.js';
import { badField, errorReply, jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { FaultCounter } from '../telemetry/faults.js';

/** Largest POST /api/hosts/:id/name body read; a request is under 100 bytes. */
export const HOST_NAME_MAX_BODY_BYTES = 1024;

/** What the naming route works with. */
export interface HostNameDeps {
  access: Access;
  registry: HostRegistry;
  /** Gives a host a display name on this hub and every other (undefined takes it away); false for an unknown host. */
  setDisplayName: (hostId: string, displayName: string | undefined) => boolean;
  faults: FaultCounter;
  inFlight: InFlight;
}

// Tabs, newlines and other control characters would break a card's one line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The trimmed name, undefined for none (null or only spaces), or a 400 for one with control characters. */
function displayNameOf(text: string | null): { ok: true; name: string | undefined } | { ok: false; reply: Reply } {
  const name = text?.trim() ?? '';
  if (CONTROL.test(name)) return { ok: false, reply: badField('displayName', 'displayName: must be one line of text, without tabs or control characters') };
  return { ok: true, name: name === '' ? undefined : name };
}

/**
 * Registers POST /api/hosts/:id/name (admin token): gives a host a display name, or
 * takes it away with null; 200 with the host's info, 404 for an unknown host. The
 * name is kept with the host's record and, in a cluster, reaches every hub.
 */
export function registerHostNames(app: TemplatedApp, deps: HostNameDeps): void {
  const { access, registry, setDisplayName, faults, inFlight } = deps;
  access.route(app, ROUTES.nameHost, (res, req) => {
    const hostId = req.getParameter(0) ?? '';
    const url = req.getUrl();
    if (!isJsonContentType(req.getHeader('content-type'))) {
      return void writeReply(res, errorReply('415 Unsupported Media Type', 'send {"displayName":"..."} as Content-Type: application/json'));
    }
    const body = readBody(res, HOST_NAME_MAX_BODY_BYTES);
    answerLater(res, inFlight, 'naming a host', async () => {
      const text = await body;
      if (text === null) return errorReply('413 Content Too Large', `a name request is at most ${HOST_NAME_MAX_BODY_BYTES} bytes`);
      const parsed = parseRequest('HostNameRequest', text);
      if (!parsed.ok) {
        faults.record('badRequest', { url, field: parsed.field });
        return badField(parsed.field, parsed.message);
      }
      const name = displayNameOf(parsed.value.displayName);
      if (!name.ok) return name.reply;
      if (!setDisplayName(hostId, name.name)) return errorReply('404 Not Found', `no host with id "${hostId}"`);
      return jsonReply('200 OK', hostInfo(registry.get(hostId)!, registry.forgetOfflineAfterMs));
    });
  });
}
