import { readFile } from 'node:fs/promises';
import { ROUTES } from '../auth/routes.js';
import { addressText, errorReply, writeReply } from '../http/reply.js';
import { resolveStaticPath } from '../http/static-files.js';
import { tokenLinkReply } from '../auth/token-link.js';
/**
 * Serves the built dashboard from `dir` for every other GET; any other method
 * on any path is a 405. A page opened with `?token=` gets the viewer cookie and
 * a redirect (token-link.ts). The files themselves hold no data, so they are
 * served without the viewer token. The file is read asynchronously, so onAborted
 * is attached first and the answer is written inside res.cork().
 */
export function registerDashboardFiles(app, dir, deps) {
    const { access, viewer, faults, inFlight, log } = deps;
    access.route(app, ROUTES.dashboardFiles, (res, req) => {
        if (req.getMethod() !== 'get') {
            writeReply(res, errorReply('405 Method Not Allowed', `${req.getCaseSensitiveMethod().toUpperCase()} is not allowed; the hub answers GET only`, [['Allow', 'GET']]));
            return;
        }
        // req lives only during this call: copy what the async part needs.
        const url = req.getUrl();
        const tokenReply = tokenLinkReply(viewer, url, req.getQuery() ?? '', req.getHeader('x-forwarded-proto'));
        if (tokenReply) {
            if (tokenReply.status.startsWith('401'))
                faults.record('unauthorized', { path: url, remote: addressText(res.getRemoteAddressAsText()) });
            writeReply(res, tokenReply);
            return;
        }
        const target = resolveStaticPath(dir, url);
        if (target.kind === 'forbidden') {
            writeReply(res, errorReply('403 Forbidden', 'path refused'));
            return;
        }
        let aborted = false;
        const done = inFlight.begin();
        res.onAborted(() => {
            aborted = true;
            done();
        });
        readFile(target.filePath).then((body) => {
            if (aborted)
                return;
            res.cork(() => {
                writeReply(res, { status: '200 OK', headers: [['Content-Type', target.contentType], ['Cache-Control', target.cacheControl]], body });
            });
            done();
        }, (err) => {
            if (aborted)
                return;
            if (err.code !== 'ENOENT' && err.code !== 'EISDIR' && err.code !== 'ENOTDIR')
                log.warn('dashboard file unreadable', { path: target.filePath, code: err.code });
            res.cork(() => {
                if (target.isIndex) {
                    const body = `The dashboard is not built: no index.html in ${dir}. Run \`npm run build\` and reload.\n`;
                    writeReply(res, { status: '503 Service Unavailable', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-cache']], body });
                }
                else {
                    writeReply(res, errorReply('404 Not Found', `no file ${url}`));
                }
            });
            done();
        });
    });
}
//# sourceMappingURL=dashboard-files.js.map