/** Content types of the files a Vite build emits. */
export declare const CONTENT_TYPES: Readonly<Record<string, string>>;
/** Where a request for a dashboard path leads. */
export type StaticTarget = {
    kind: 'file';
    filePath: string;
    contentType: string;
    cacheControl: string;
    isIndex: boolean;
} | {
    kind: 'forbidden';
};
/**
 * Maps a URL path onto a file under `root`. Paths without an extension fall back
 * to index.html (the single-page app routes them). `..` segments, encoded or
 * not, NUL bytes, backslashes and bad percent-encoding are refused, so no request
 * can name a file outside `root`.
 */
export declare function resolveStaticPath(root: string, urlPath: string): StaticTarget;
//# sourceMappingURL=static-files.d.ts.map