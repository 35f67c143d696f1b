import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID_HEADER, MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import type { HostInfo, HubStats, OverviewResponse, SamplesResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { rawGet } from './helpers/raw-get.js';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';

let hub: TestHub;
let agent: ScriptedAgent;
let dashboardDir: string;

beforeAll(async () => {
  dashboardDir = await mkdtemp(path.join(tmpdir(), 'hub-dashboard-'));
  await mkdir(path.join(dashboardDir, 'assets'));
  await writeFile(path.join(dashboardDir, 'index.html'), '<!doctype html><title>hostpulse</title>');
  await writeFile(path.join(dashboardDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dashboardDir, 'favicon.svg'), '<svg/>');
  hub = await startTestHub(['--dashboard-dir', dashboardDir]);
  agent = await ScriptedAgent.connect(hub.url, 'web-1');
  for (let i = 0; i < 3; i++) agent.sendSample();
  await new Promise((r) => setTimeout(r, 200));
});
afterAll(async () => {
  agent?.stop();
  await hub?.stop();
  await rm(dashboardDir, { recursive: true, force: true });
});

describe('polling API', () => {
  it('lists the host on /api/overview with CPU, memory, network and disk figures', async () => {
    const res = await fetch(`${hub.url}/api/overview`);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const body = (await res.json()) as OverviewResponse;
    expect(isValid('OverviewResponse', body)).toBe(true);
    expect(res.headers.get('etag')).toBe(`"${body.version}"`);
    const host = body.hosts.find((h) => h.hostId === 'web-1')!;
    expect(host).toMatchObject({ online: true, hostname: 'web-1.example', lastSeq: 3 });
    expect(host.metrics).toMatchObject({
      cpuPct: 25,
      memUsedPct: 50,
      netRxBytesPerSec: 1000,
      netTxBytesPerSec: 500,
      diskReadBytesPerSec: 2000,
      diskWriteBytesPerSec: 3000,
    });
    expect(host.cpuPctRecent).toEqual([25, 25, 25]);
  });

  it('answers 304 with no body when the overview has not changed, and 200 once it has', async () => {
    const first = await fetch(`${hub.url}/api/overview`);
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${hub.url}/api/overview`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    agent.sendSample();
    await new Promise((r) => setTimeout(r, 100));
    const changed = await fetch(`${hub.url}/api/overview`, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
  });

  it('serves samples after a seq with an ETag, and 304 when nothing is new', async () => {
    const all = await fetch(`${hub.url}/api/hosts/web-1/samples`);
    const body = (await all.json()) as SamplesResponse;
    expect(isValid('SamplesResponse', body)).toBe(true);
    const seqs = body.samples.map((s) => s.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(3);
    const after = (await (await fetch(`${hub.url}/api/hosts/web-1/samples?run=run-1&after=2`)).json()) as SamplesResponse;
    expect(after.samples.map((s) => s.seq)).toEqual(seqs.filter((s) => s > 2));
    const limited = (await (await fetch(`${hub.url}/api/hosts/web-1/samples?limit=2`)).json()) as SamplesResponse;
    expect(limited.samples.map((s) => s.seq)).toEqual(seqs.slice(-2));
    const notModified = await fetch(`${hub.url}/api/hosts/web-1/samples`, { headers: { 'If-None-Match': all.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    const huge = await fetch(`${hub.url}/api/hosts/web-1/samples?limit=${MAX_SAMPLES_LIMIT * 10}`);
    expect(huge.status).toBe(200);
  });

  it('gives each query its own ETag, so no query is ever answered 304 with the body of another', async () => {
    const queries = ['', '?limit=2', '?limit=1', '?run=run-1&after=1', '?run=run-1&after=2', '?run=other&after=1'];
    const etags = await Promise.all(queries.map(async (q) => (await fetch(`${hub.url}/api/hosts/web-1/samples${q}`)).headers.get('etag')));
    expect(new Set(etags).size).toBe(queries.length);
    for (const [i, q] of queries.entries()) {
      for (const [j, etag] of etags.entries()) {
        const res = await fetch(`${hub.url}/api/hosts/web-1/samples${q}`, { headers: { 'If-None-Match': etag! } });
        expect({ query: q, etagOf: queries[j], status: res.status }).toEqual({ query: q, etagOf: queries[j], status: i === j ? 304 : 200 });
      }
    }
    const full = (await fetch(`${hub.url}/api/overview`)).headers.get('etag')!;
    const version = ((await (await fetch(`${hub.url}/api/overview`)).json()) as OverviewResponse).version;
    expect((await fetch(`${hub.url}/api/overview?since=${version}`, { headers: { 'If-None-Match': full } })).status).toBe(200);
  });

  it('serves hosts, one host, the time and stats', async () => {
    const hosts = (await (await fetch(`${hub.url}/api/hosts`)).json()) as { hosts: HostInfo[] };
    expect(isValid('HostsResponse', hosts)).toBe(true);
    const one = (await (await fetch(`${hub.url}/api/hosts/web-1`)).json()) as HostInfo;
    expect(isValid('HostResponse', one)).toBe(true);
    expect(one).toMatchObject({ hostId: 'web-1', connected: true, online: true, intervalMs: 1000 });
    const before = (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;
    const time = await (await fetch(`${hub.url}/api/time`, { headers: { [CLIENT_ID_HEADER]: 'clock-only' } })).json();
    expect(isValid('TimeResponse', time)).toBe(true);
    await fetch(`${hub.url}/api/hosts`, { headers: { [CLIENT_ID_HEADER]: 'tab-a' } });
    await fetch(`${hub.url}/api/hosts`, { headers: { [CLIENT_ID_HEADER]: 'tab-b' } });
    const stats = (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;
    expect(isValid('HubStats', stats)).toBe(true);
    // tab-a, tab-b and this test's own address; the clock probe counts as no poll client or request.
    expect(stats.transports.poll.clients).toBe(3);
    expect(stats.transports.poll.totals.requests - before.transports.poll.totals.requests).toBe(3);
    expect(stats.transports.poll.totals.notModified).toBeGreaterThanOrEqual(2);
    expect(stats.transports.poll.totals.wireBytes).toBeGreaterThan(stats.transports.poll.totals.payloadBytes);
    expect(stats.agents.connected).toBe(1);
  });

  it('answers unknown routes 404, other methods 405 and bad queries 400, as JSON errors', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/api/nothing', {}, 404],
      ['/api/hosts/nobody', {}, 404],
      ['/api/hosts/nobody/samples', {}, 404],
      ['/api/overview', { method: 'POST' }, 405],
      ['/api/hosts', { method: 'DELETE' }, 405],
      ['/api/hosts/web-1/samples?after=-1', {}, 400],
      ['/api/hosts/web-1/samples?after=abc', {}, 400],
      ['/api/hosts/web-1/samples?limit=0', {}, 400],
      ['/api/hosts/web-1/samples?limit=1.5', {}, 400],
      ['/api/hosts/web-1/samples?run=bad%20run', {}, 400],
    ];
    for (const [url, init, status] of cases) {
      const res = await fetch(hub.url + url, init);
      const body = await res.json();
      expect({ url, status: res.status, valid: isValid('ErrorResponse', body), contentType: res.headers.get('content-type') }).toEqual({
        url,
        status,
        valid: true,
        contentType: 'application/json',
      });
    }
  });

  it('keeps a page that rebinds its DNS name to a token-less hub from reading data: 421 for a name it does not answer to', async () => {
    const status = (target: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        get({ host: '127.0.0.1', port: hub.port, path: target, headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
    for (const target of ['/api/overview', '/api/hosts/web-1/samples', '/metrics']) {
      expect({ target, status: await status(target, `rebind.example:${hub.port}`) }).toEqual({ target, status: 421 });
      expect({ target, status: await status(target, `localhost:${hub.port}`) }).toEqual({ target, status: 200 });
    }
    expect((await (await fetch(`${hub.url}/api/stats`)).json() as HubStats).faults['forbiddenHost']).toBe(3);
  });

  it('exposes the hub load and every host in Prometheus text at /metrics', async () => {
    const res = await fetch(`${hub.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^hostpulse_hub_requests_total\{transport="poll"\} \d+$/m);
    expect(text).toMatch(/^hostpulse_hub_faults_total\{kind="badRequest"\} [1-9]\d*$/m);
    expect(text).toMatch(/^hostpulse_host_online\{host="web-1"\} 1$/m);
    expect(text).toMatch(/^hostpulse_host_info\{host="web-1",hostname="web-1\.example",/m);
    expect(text).toMatch(/^hostpulse_host_cpu_seconds_total\{host="web-1",mode="idle"\} [1-9]/m);
    expect(text).toMatch(/^hostpulse_host_network_receive_bytes_total\{host="web-1",interface="eth0"\} [1-9]\d*(\.\d+)?$/m);
    expect(text).toMatch(/^hostpulse_host_disk_written_bytes_total\{host="web-1",device="sda"\} [1-9]\d*(\.\d+)?$/m);
    expect(text).toMatch(/^hostpulse_hub_dropped_frames_total\{transport="push"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });
});

describe('dashboard files', () => {
  it('serves files with their content type and cache policy, and index.html for app paths', async () => {
    const index = await fetch(`${hub.url}/`);
    expect([index.status, index.headers.get('content-type'), index.headers.get('cache-control')]).toEqual([200, 'text/html; charset=utf-8', 'no-cache']);
    expect(await index.text()).toContain('<title>hostpulse</title>');
    const asset = await fetch(`${hub.url}/assets/index-abc123.js`);
    expect([asset.status, asset.headers.get('content-type'), asset.headers.get('cache-control')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    expect((await fetch(`${hub.url}/favicon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    const route = await fetch(`${hub.url}/hosts/web-1`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>hostpulse</title>');
    expect((await fetch(`${hub.url}/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside the dashboard directory', async () => {
    for (const target of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/a%00.js']) {
      const { status } = await rawGet(hub.port, target);
      expect({ target, status }).toEqual({ target, status: 403 });
    }
  });
});

describe('dashboard not built', () => {
  it('answers / with 503 and says to run npm run build', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'hub-empty-'));
    const bare = await startTestHub(['--dashboard-dir', empty]);
    const res = await fetch(`${bare.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
    await bare.stop();
    await rm(empty, { recursive: true, force: true });
  });
});
