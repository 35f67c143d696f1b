import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from './static-files.js';

const root = path.resolve('/srv/dashboard');

describe('resolveStaticPath', () => {
  it('maps files under the root with their content type and cache policy', () => {
    expect(resolveStaticPath(root, '/assets/index-1a2b.js')).toEqual({
      kind: 'file',
      filePath: path.join(root, 'assets/index-1a2b.js'),
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: 'public, max-age=31536000, immutable',
      isIndex: false,
    });
    expect(resolveStaticPath(root, '/favicon.svg')).toMatchObject({ contentType: 'image/svg+xml', cacheControl: 'no-cache' });
    expect(resolveStaticPath(root, '/index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
    expect(resolveStaticPath(root, '/data.bin')).toMatchObject({ contentType: 'application/octet-stream' });
  });

  it('falls back to index.html for paths without an extension', () => {
    for (const url of ['/', '/hosts/web-1', '/compare/']) {
      expect(resolveStaticPath(root, url)).toMatchObject({ kind: 'file', filePath: path.join(root, 'index.html'), isIndex: true, cacheControl: 'no-cache' });
    }
  });

  it('refuses anything that could leave the root', () => {
    for (const url of ['/../etc/passwd', '/assets/../../etc/passwd', '/%2e%2e/etc/passwd', '/assets/..%2F..%2Fsecret.js', '/a%00.js', '/a\\..\\b.js', '/%E0%A4%A.js', 'relative.js']) {
      expect({ url, kind: resolveStaticPath(root, url).kind }).toEqual({ url, kind: 'forbidden' });
    }
  });
});
