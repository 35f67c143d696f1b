import path from 'node:path';
/** Content types of the files a Vite build emits. */
export const CONTENT_TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.map': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.ico': 'image/x-icon',
    '.woff': 'font/woff',
    '.woff2': 'font/woff2',
    '.txt': 'text/plain; charset=utf-8',
    '.webmanifest': 'application/manifest+json',
};
/** Cache-Control of a file: Vite's hashed assets never change; everything else is revalidated. */
function cacheControlFor(urlPath) {
    return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}
/**
 * Maps a URL path onto a file under `root`. Paths without an extension fall back
 * to index.html (the single-page app routes them). `..` segments, encoded or
 * not, NUL bytes, backslashes and bad percent-encoding are refused, so no request
 * can name a file outside `root`.
 */
export function resolveStaticPath(root, urlPath) {
    let decoded;
    try {
        decoded = decodeURIComponent(urlPath);
    }
    catch {
        return { kind: 'forbidden' };
    }
    if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\'))
        return { kind: 'forbidden' };
    if (decoded.split('/').some((segment) => segment === '..'))
        return { kind: 'forbidden' };
    const rootDir = path.resolve(root);
    const ext = path.posix.extname(decoded).toLowerCase();
    const isIndex = decoded.endsWith('/') || ext === '';
    const relative = isIndex ? 'index.html' : path.posix.normalize(decoded).slice(1);
    const filePath = path.resolve(rootDir, relative);
    if (filePath !== rootDir && !filePath.startsWith(rootDir + path.sep))
        return { kind: 'forbidden' };
    const contentType = CONTENT_TYPES[isIndex ? '.html' : ext] ?? 'application/octet-stream';
    return { kind: 'file', filePath, contentType, cacheControl: isIndex ? 'no-cache' : cacheControlFor(decoded), isIndex };
}
//# sourceMappingURL=static-files.js.map