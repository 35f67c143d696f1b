import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { errorReply, writeReply } from '../http/reply.js';
import { ROUTES } from '../auth/routes.js';
import { hubUrlOf, renderInstallScript } from './install-script.js';
import { securityHeaders } from '../http/security-headers.js';
/**
 * What /download/agent/<name> serves: the file in the agent directory, its Content-Type,
 * and whether a gzip copy (`<file>.gz`, from npm run build:sea) may go to a client that
 * accepts gzip: 87 MB become 32 MB on the wire.
 */
export const AGENT_DOWNLOADS = {
    'linux-x64': { file: 'hostpulse-agent-linux-x64', contentType: 'application/octet-stream', hasGzip: true },
    'linux-arm64': { file: 'hostpulse-agent-linux-arm64', contentType: 'application/octet-stream', hasGzip: true },
    SHA256SUMS: { file: 'SHA256SUMS', contentType: 'text/plain; charset=utf-8', hasGzip: false },
};
/** Opens the first candidate that exists; any other error, or the last one's, rejects. */
async function openFirst(candidates) {
    const [candidate, ...rest] = candidates;
    try {
        return { handle: await open(candidate.path, 'r'), candidate: candidate };
    }
    catch (err) {
        if (err.code === 'ENOENT' && rest.length > 0)
            return openFirst(rest);
        throw err;
    }
}
/** Bytes read from disk per step of a download; the socket's backpressure paces the reads. */
const CHUNK_BYTES = 256 * 1024;
/**
 * Streams one file: onAborted first, then the size (uWS writes it as Content-Length),
 * then chunks through tryEnd. A chunk the socket cannot take yet pauses the read until
 * onWritable, so a slow client on an 87 MB executable holds one chunk, not the file.
 */
function streamFile(res, candidates, name, contentType, done, log) {
    let aborted = false;
    let headersSent = false;
    let closeStream;
    const finish = () => {
        closeStream?.();
        done();
    };
    res.onAborted(() => {
        aborted = true;
        finish();
    });
    // Before the headers a failure can still be answered; after them only the connection can say it.
    const fail = (path, err) => {
        log.warn('agent download failed', { path, error: err.message });
        if (!aborted && headersSent)
            res.close();
        else if (!aborted)
            res.cork(() => writeReply(res, errorReply('500 Internal Server Error', `cannot read ${name}`)));
        finish();
    };
    openFirst(candidates).then(async ({ handle, candidate }) => {
        const { path } = candidate;
        let size;
        try {
            size = (await handle.stat()).size;
        }
        catch (err) {
            await handle.close().catch(() => undefined);
            return fail(path, err);
        }
        if (aborted)
            return void (await handle.close().catch(() => undefined));
        const stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
        closeStream = () => stream.destroy();
        headersSent = true;
        res.cork(() => {
            res.writeStatus('200 OK');
            const headers = [['Content-Type', contentType], ['Cache-Control', 'no-cache'], ['Content-Disposition', `attachment; filename="${name}"`], ...candidate.headers];
            for (const [key, value] of [...securityHeaders(contentType), ...headers])
                res.writeHeader(key, value);
            if (size === 0)
                res.end();
        });
        if (size === 0)
            return finish();
        stream.on('data', (data) => {
            if (aborted)
                return;
            const chunk = data;
            const offset = res.getWriteOffset();
            let [ok, responded] = [false, false];
            res.cork(() => ([ok, responded] = res.tryEnd(chunk, size)));
            if (responded)
                return finish();
            if (ok)
                return;
            stream.pause();
            res.onWritable((written) => {
                const [retried, finished] = res.tryEnd(chunk.subarray(written - offset), size);
                if (finished)
                    finish();
                else if (retried)
                    stream.resume();
                return retried;
            });
        });
        stream.on('error', (err) => fail(path, err));
    }, (err) => {
        if (aborted)
            return;
        res.cork(() => {
            if (err.code === 'ENOENT')
                writeReply(res, errorReply('404 Not Found', `this hub has no ${name}: build the agent executables on it with \`npm run build:sea\``));
            else
                writeReply(res, errorReply('500 Internal Server Error', `cannot read ${name}`));
        });
        if (err.code !== 'ENOENT')
            log.warn('agent download unreadable', { path: candidates.at(-1)?.path, code: err.code });
        done();
    });
}
/**
 * GET /install.sh (the installer, naming this hub as the client reached it, or the
 * --public-url it reached) and /download/agent/{linux-x64,linux-arm64,SHA256SUMS} from `dir`. Like the dashboard's
 * files they hold no data, so they need no viewer token; the agent token travels only
 * in the command a person runs.
 */
export function registerAgentDownloads(app, deps) {
    const { access, inFlight, log, dir, publicUrls } = deps;
    access.route(app, ROUTES.installScript, (res, req) => {
        const hubUrl = hubUrlOf(req.getHeader('host'), req.getHeader('x-forwarded-proto'), publicUrls);
        if (hubUrl === undefined) {
            writeReply(res, errorReply('400 Bad Request', 'install.sh is written for the hub the Host header names; send one such as hub.example.com or 10.0.0.5:8080'));
            return;
        }
        const headers = [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-cache'], ['Vary', 'Host, X-Forwarded-Proto']];
        writeReply(res, { status: '200 OK', headers, body: renderInstallScript(hubUrl) });
    });
    access.route(app, ROUTES.agentDownload, (res, req) => {
        const name = req.getParameter(0) ?? '';
        const download = Object.hasOwn(AGENT_DOWNLOADS, name) ? AGENT_DOWNLOADS[name] : undefined;
        if (!download) {
            writeReply(res, errorReply('404 Not Found', `no download "${name}"; the hub serves ${Object.keys(AGENT_DOWNLOADS).join(', ')}`));
            return;
        }
        const path = join(dir, download.file);
        const plain = { path, headers: download.hasGzip ? [['Vary', 'Accept-Encoding']] : [] };
        const gzip = { path: `${path}.gz`, headers: [['Content-Encoding', 'gzip'], ['Vary', 'Accept-Encoding']] };
        const acceptsGzip = download.hasGzip && /\bgzip\b/i.test(req.getHeader('accept-encoding'));
        streamFile(res, acceptsGzip ? [gzip, plain] : [plain], download.file, download.contentType, inFlight.begin(), log);
    });
}
//# sourceMappingURL=agent-downloads.js.map