import { afterEach, describe, expect, it, vi } from 'vitest';
import { deleteHost, fetchSeriesRange, hubFetch, HubRequestError, readHubToken, rotateHubToken } from './hub-requests.js';

describe('hub requests', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends only the headers a request names, below the page base and past the cache', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response('{}');
    });
    await hubFetch('http://hub.test/prefix/', '/api/time');
    await hubFetch('http://hub.test/', '/api/overview', { clientId: 'tab-1', etag: '"7"', bearer: '' });
    await hubFetch('http://hub.test/', '/api/lab', { method: 'POST', bearer: 'adm', json: { viewers: 1 } });
    expect(calls.map((c) => c.url)).toEqual(['http://hub.test/prefix/api/time', 'http://hub.test/api/overview', 'http://hub.test/api/lab']);
    expect(calls.map((c) => c.init.cache)).toEqual(['no-store', 'no-store', 'no-store']);
    expect(calls[0]!.init.headers).toEqual({});
    expect(calls[1]!.init.headers).toEqual({ 'x-hostpulse-client': 'tab-1', 'if-none-match': '"7"' });
    expect(calls[2]!.init).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'application/json' }, body: '{"viewers":1}' });
  });

  it('deletes a host with the admin token as a bearer token', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(null, { status: 204 });
    });
    await deleteHost('http://hub.test/prefix/', 'web-1', 's3cret');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('http://hub.test/prefix/api/hosts/web-1');
    expect(calls[0]!.init.method).toBe('DELETE');
    expect((calls[0]!.init.headers as Record<string, string>)['authorization']).toBe('Bearer s3cret');
  });

  it("rotates one of the hub's tokens with the admin token, and rejects with the hub's reason", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const answer = { name: 'agent', token: 'n'.repeat(43), agentsOnOldToken: 2, update: 'give agents the new token' };
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(JSON.stringify(answer));
    });
    expect(await rotateHubToken('http://hub.test/prefix/', 'agent', 's3cret')).toEqual(answer);
    expect(calls[0]!.url).toBe('http://hub.test/prefix/api/hub-tokens/agent/rotate');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer s3cret' } });
    vi.stubGlobal('fetch', async () => new Response('{"error":{"status":409,"message":"the admin token is given by --admin-token"}}', { status: 409 }));
    await expect(rotateHubToken('http://hub.test/', 'admin', 'x')).rejects.toMatchObject({ status: 409, message: 'the admin token is given by --admin-token' });
  });

  it("reads the hub's agent token with the admin token, and rejects with the hub's reason", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(JSON.stringify({ name: 'agent', token: 'the-agent-token' }));
    });
    expect(await readHubToken('http://hub.test/prefix/', 'agent', 's3cret')).toBe('the-agent-token');
    expect(calls[0]!.url).toBe('http://hub.test/prefix/api/hub-tokens/agent');
    expect(calls[0]!.init.headers).toEqual({ authorization: 'Bearer s3cret' });
    vi.stubGlobal('fetch', async () => new Response('{"error":{"status":401,"message":"admin token missing or wrong"}}', { status: 401 }));
    await expect(readHubToken('http://hub.test/', 'agent', 'x')).rejects.toMatchObject({ status: 401, message: 'admin token missing or wrong' });
  });

  it("rejects with the hub's own reason and status", async () => {
    vi.stubGlobal('fetch', async () => new Response('{"error":{"status":403,"message":"this hub has no --admin-token"}}', { status: 403 }));
    const error = await deleteHost('http://hub.test/', 'web-1', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubRequestError);
    expect(error).toMatchObject({ status: 403, message: 'this hub has no --admin-token' });
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(deleteHost('http://hub.test/', 'web-1', 'x')).rejects.toThrow('DELETE /api/hosts/web-1 answered 502');
  });

  it('asks for exactly the zoomed range, counting the bytes it took', async () => {
    let asked = '';
    vi.stubGlobal('fetch', async (url: URL) => {
      asked = String(url);
      return new Response('{"hostId":"web-1","t":[]}');
    });
    const { series, bytes } = await fetchSeriesRange('http://hub.test/', 'tab', 'web-1', { fromMs: 1000.4, toMs: 61_000 }, 480);
    expect(asked).toBe('http://hub.test/api/hosts/web-1/series?from=1000&to=61000&points=480');
    expect(series.hostId).toBe('web-1');
    expect(bytes).toBeGreaterThan('{"hostId":"web-1","t":[]}'.length);
  });
});
