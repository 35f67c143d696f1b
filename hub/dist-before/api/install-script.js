import { readFileSync } from 'node:fs';
import { forwardedHttps } from '../http/forwarded-proto.js';
import { INSTALL_SCRIPT } from '../files/run-time-files.js';
/** The POSIX sh installer the hub serves at /install.sh, with `@HOSTPULSE_HUB_URL@` where the hub's URL goes. */
export const INSTALL_SCRIPT_TEMPLATE = readFileSync(INSTALL_SCRIPT, 'utf8');
// A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing a
// shell would read as more than a word, since the URL lands in the script's text.
const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
/**
 * The hub's URL as the client reached it: the --public-url whose host the Host header
 * names (with any path a proxy serves the hub under), else the Host header, with https
 * when a TLS proxy says so in X-Forwarded-Proto. Undefined when the Host header is
 * missing or is not a plain host[:port], so nothing the client sent can reach the
 * script but a checked name.
 */
export function hubUrlOf(host, forwardedProto, publicUrls = []) {
    if (!HOST_HEADER.test(host))
        return undefined;
    const known = publicUrls.find((url) => new URL(url).host === host.toLowerCase());
    if (known !== undefined)
        return known.replace(/\/+$/, '');
    return `${forwardedHttps(forwardedProto) ? 'https' : 'http'}://${host}`;
}
/** The installer with `hubUrl` (from hubUrlOf) as its default hub. */
export function renderInstallScript(hubUrl, template = INSTALL_SCRIPT_TEMPLATE) {
    return template.replace('@HOSTPULSE_HUB_URL@', hubUrl);
}
//# sourceMappingURL=install-script.js.map