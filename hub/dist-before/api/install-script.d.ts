/** The POSIX sh installer the hub serves at /install.sh, with `@HOSTPULSE_HUB_URL@` where the hub's URL goes. */
export declare const INSTALL_SCRIPT_TEMPLATE: string;
/**
 * The hub's URL as the client reached it: the --public-url whose host the Host header
 * names (with any path a proxy serves the hub under), else the Host header, with https
 * when a TLS proxy says so in X-Forwarded-Proto. Undefined when the Host header is
 * missing or is not a plain host[:port], so nothing the client sent can reach the
 * script but a checked name.
 */
export declare function hubUrlOf(host: string, forwardedProto: string, publicUrls?: readonly string[]): string | undefined;
/** The installer with `hubUrl` (from hubUrlOf) as its default hub. */
export declare function renderInstallScript(hubUrl: string, template?: string): string;
//# sourceMappingURL=install-script.d.ts.map