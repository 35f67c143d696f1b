import { randomBytes } from 'node:crypto';
import type { TemplatedApp } from 'uWebSockets.js';
import { WEEK_MS, type Silence, type SilenceRequest, type SilencesResponse } from '@hostpulse/protocol';
import { parseRequest } from '@hostpulse/protocol/validate';
import type { Silences } from '../alerts/silences.js';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import type { InFlight } from '../http/in-flight.js';
import { badField, errorReply, jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { FaultCounter } from '../telemetry/faults.js';

/** Largest POST /api/silences body read. */
export const SILENCE_MAX_BODY_BYTES = 16 * 1024;
/** Most silences a hub holds, in force and scheduled together. */
export const MAX_SILENCES = 1000;

/** What the silence routes work with. */
export interface SilenceRouteDeps {
  access: Access;
  silences: Silences;
  faults: FaultCounter;
  inFlight: InFlight;
  nowMs?: () => number;
}

/** The silence a valid request asks for, or a 400 naming the field at fault. */
export function silenceOf(request: SilenceRequest, nowMs: number, id: string): { ok: true; silence: Silence } | { ok: false; reply: Reply } {
  const { hostIds, hostTags, rules, startsAtMs = nowMs, endsAtMs, durationMs, repeat } = request;
  const comment = request.comment.trim();
  if (hostIds === undefined && rules === undefined && (hostTags === undefined || Object.keys(hostTags).length === 0)) {
    return { ok: false, reply: badField('hostIds', 'hostIds: give hostIds, hostTags or rules; a silence must match something') };
  }
  if (comment === '') return { ok: false, reply: badField('comment', 'comment: say why the alerts are silenced') };
  if ((endsAtMs === undefined) === (durationMs === undefined)) return { ok: false, reply: badField('endsAtMs', 'endsAtMs: give either endsAtMs or durationMs') };
  const ends = endsAtMs ?? startsAtMs + durationMs!;
  if (ends <= startsAtMs) return { ok: false, reply: badField('endsAtMs', 'endsAtMs: must be after startsAtMs') };
  if (repeat === 'weekly' && ends - startsAtMs >= WEEK_MS) return { ok: false, reply: badField('endsAtMs', 'endsAtMs: a weekly window lasts less than a week') };
  if (repeat === undefined && ends <= nowMs) return { ok: false, reply: badField('endsAtMs', 'endsAtMs: must be in the future') };
  const matchers = { ...(hostIds ? { hostIds } : {}), ...(hostTags && Object.keys(hostTags).length > 0 ? { hostTags } : {}), ...(rules ? { rules } : {}) };
  return { ok: true, silence: { id, ...matchers, comment, startsAtMs, endsAtMs: ends, ...(repeat ? { repeat } : {}), createdMs: nowMs } };
}

/**
 * Registers GET /api/silences (viewer), POST /api/silences (admin token: 201 with
 * the silence made) and DELETE /api/silences/:id (admin token: ends it now, 204;
 * 404 for none). Silences are kept in the hub's state and, in a cluster, reach
 * every hub.
 */
export function registerSilences(app: TemplatedApp, deps: SilenceRouteDeps): void {
  const { access, silences, faults, inFlight, nowMs = Date.now } = deps;
  access.route(app, ROUTES.silences, (res, _req, headers) => {
    const body: SilencesResponse = { hubTimeMs: nowMs(), silences: silences.list() };
    const reply = jsonReply('200 OK', body, [['Cache-Control', 'no-cache']]);
    writeReply(res, { ...reply, headers: [...reply.headers, ...headers] });
  });
  access.route(app, ROUTES.addSilence, (res, req, headers) => {
    const url = req.getUrl();
    if (!isJsonContentType(req.getHeader('content-type'))) {
      return void writeReply(res, errorReply('415 Unsupported Media Type', 'send the silence as Content-Type: application/json', headers));
    }
    const body = readBody(res, SILENCE_MAX_BODY_BYTES);
    answerLater(res, inFlight, 'adding a silence', async () => {
      const reply = await addSilence(await body);
      if (reply.status.startsWith('400')) faults.record('badRequest', { url });
      return { ...reply, headers: [...reply.headers, ...headers] };
    });
  });
  access.route(app, ROUTES.endSilence, (res, req, headers) => {
    const id = req.getParameter(0) ?? '';
    const reply: Reply = silences.end(id) ? { status: '204 No Content', headers: [['Cache-Control', 'no-cache']], body: null } : errorReply('404 Not Found', `no silence with id "${id}"`);
    writeReply(res, { ...reply, headers: [...reply.headers, ...headers] });
  });

  async function addSilence(text: string | null): Promise<Reply> {
    if (text === null) return errorReply('413 Content Too Large', `a silence is at most ${SILENCE_MAX_BODY_BYTES} bytes`);
    const parsed = parseRequest('SilenceRequest', text);
    if (!parsed.ok) return badField(parsed.field, parsed.message);
    const made = silenceOf(parsed.value, nowMs(), randomBytes(12).toString('base64url'));
    if (!made.ok) return made.reply;
    if (silences.list().length >= MAX_SILENCES) return errorReply('409 Conflict', `the hub holds its limit of ${MAX_SILENCES} silences; end some first`);
    silences.set(made.silence);
    return jsonReply('201 Created', made.silence);
  }
}
