import { errorReply } from '../http/reply.js';
/**
 * The host name of a Host header (`name`, `name:port`, `1.2.3.4:port`,
 * `[::1]:port`), lowercased without a trailing dot; undefined when it is none of these.
 */
export function hostNameOf(hostHeader) {
    const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/.exec(hostHeader);
    return match ? match[1].toLowerCase().replace(/\.$/, '') : undefined;
}
/** Whether a host name is an IP literal (dotted IPv4, or bracketed IPv6 as a Host header carries it). */
export function isIpLiteral(hostName) {
    return hostName.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostName);
}
/**
 * The names the hub answers to with data. A page that rebinds its own DNS name to
 * this hub's address reaches it with its own name in the Host header, so data
 * routes refuse every name but `localhost`, IP literals (no DNS involved) and the
 * host names of the --public-url values. A request with no Host header comes from
 * no browser and passes; tokens still apply.
 */
export class HostNamePolicy {
    #names;
    constructor(publicUrls) {
        this.#names = new Set(['localhost', ...publicUrls.map((url) => new URL(url).hostname.toLowerCase())]);
    }
    /** Whether a request with this Host header may reach /api, /live or /metrics. */
    isAllowed(hostHeader) {
        if (hostHeader === '')
            return true;
        const name = hostNameOf(hostHeader);
        return name !== undefined && (isIpLiteral(name) || this.#names.has(name));
    }
}
/** The 421 answer to a request naming a host the hub does not answer to; the name is cut short, it is the client's text. */
export function misdirectedReply(hostHeader) {
    const name = hostHeader.slice(0, 100);
    return errorReply('421 Misdirected Request', `this hub does not answer to the name "${name}"; start it with --public-url naming the address users open`);
}
//# sourceMappingURL=host-names.js.map