import { LAB_DEFAULT_INTERVAL_MS, OVERVIEW_TOPIC, parseTopic } from '@hostpulse/protocol';
import { parseRequest } from '@hostpulse/protocol/validate';
/**
 * Parses the body of POST /api/lab against protocol's LabRequest schema, then the
 * topic: `overview` or `host/<id>` of a host the hub knows (`hasHost`). Every
 * refusal names its field.
 */
export function parseLabRequest(text, hasHost) {
    const parsed = parseRequest('LabRequest', text);
    if (!parsed.ok)
        return parsed;
    const { viewers, mode, intervalMs = LAB_DEFAULT_INTERVAL_MS, topic = OVERVIEW_TOPIC, labId } = parsed.value;
    const fail = (message) => ({ ok: false, field: 'topic', message: `topic: ${message}` });
    const watched = parseTopic(topic);
    if (watched === null || watched.kind === 'stats')
        return fail(`must be "overview" or "host/<id>", got ${JSON.stringify(topic)}`);
    if (watched.kind === 'host' && !hasHost(watched.hostId))
        return fail(`no host with id "${watched.hostId}"`);
    return { ok: true, settings: { viewers, mode, intervalMs, topic }, labId };
}
//# sourceMappingURL=lab-request.js.map