import { readFileSync } from 'node:fs';
import { ConfigError, splitList } from '@hostpulse/common';
const SCHEMES = new Set(['nats:', 'tls:']);
/**
 * Reads `--nats URL[,URL...]`: each nats:// or tls:// (a bare host:port is nats://),
 * each with the same credentials or none. An error names the flag and shows the URL
 * without its credentials.
 */
export function parseBusConfig(urls, credsFile, maxAgeMs) {
    const flag = '--nats (HOSTPULSE_NATS)';
    const servers = [];
    let auth;
    for (const item of splitList(urls)) {
        let url;
        try {
            url = new URL(/^[a-z]+:\/\//i.test(item) ? item : `nats://${item}`);
        }
        catch (err) {
            throw new ConfigError(`${flag} must list URLs such as nats://10.0.0.5:4222, got "${item.replace(/\/\/[^@/]*@/, '//***@')}"`, { cause: err });
        }
        const userInfo = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : '';
        url.username = '';
        url.password = '';
        const shown = url.toString().replace(/\/$/, '');
        if (!SCHEMES.has(url.protocol))
            throw new ConfigError(`${flag} URLs must be nats:// or tls://, got "${shown}"`);
        if (!url.port)
            url.port = '4222';
        if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash)
            throw new ConfigError(`${flag} URLs take no path or query, got "${shown}"`);
        if (auth !== undefined && auth !== userInfo)
            throw new ConfigError(`${flag} URLs must all carry the same credentials (or none)`);
        auth = userInfo;
        servers.push(`${url.protocol}//${url.host}`);
    }
    if (servers.length === 0)
        throw new ConfigError(`${flag} must name at least one server, such as nats://127.0.0.1:4222`);
    let creds;
    if (credsFile !== undefined) {
        try {
            creds = readFileSync(credsFile, 'utf8');
        }
        catch (err) {
            throw new ConfigError(`--nats-creds (HOSTPULSE_NATS_CREDS) cannot read "${credsFile}": ${err.code ?? err.message}`, { cause: err });
        }
        if (!creds.includes('NATS USER JWT'))
            throw new ConfigError(`--nats-creds (HOSTPULSE_NATS_CREDS) "${credsFile}" is not a NATS credentials file (no USER JWT block)`);
    }
    const [user, pass] = auth ? [auth.slice(0, auth.indexOf(':')), auth.slice(auth.indexOf(':') + 1)] : [undefined, undefined];
    const isToken = user !== undefined && pass === '';
    return Object.freeze({
        servers: Object.freeze(servers),
        user: isToken ? undefined : user,
        pass: isToken ? undefined : pass,
        token: isToken ? user : undefined,
        creds,
        maxAgeMs,
    });
}
//# sourceMappingURL=bus-config.js.map