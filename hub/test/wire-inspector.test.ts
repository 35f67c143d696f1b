import { createHash } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID_HEADER, INSPECT_PATH, LIVE_PATH } from '@hostpulse/protocol';
import type { Handshake, HttpHead, HubStats, InspectResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** Sends raw request text and resolves with everything received until the head of the answer and `bodyBytes` more. */
function rawExchange(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(hub.port, '127.0.0.1', () => socket.write(text));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received.toString('latin1'));
      if (end >= 0 && received.length >= end + 4 + Number(length?.[1] ?? 0)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
  });
}

/** The head of a raw answer split like an HttpHead, and its size up to and including the blank line. */
function parseHead(raw: Buffer): HttpHead {
  const end = raw.indexOf('\r\n\r\n');
  const [line, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  return { line: line!, headers: lines.map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]), bytes: end + 4 };
}

/** Compares two heads exactly, except that the Date headers may be up to 2 s apart (uWS renews its own once a second). */
function expectSameHead(recorded: HttpHead, actual: HttpHead): void {
  const withoutDate = (h: HttpHead): [string, string][] => h.headers.filter(([key]) => key !== 'Date');
  const dateOf = (h: HttpHead): number => Date.parse(h.headers.find(([key]) => key === 'Date')![1]);
  expect(recorded.line).toBe(actual.line);
  expect(withoutDate(recorded)).toEqual(withoutDate(actual));
  expect(Math.abs(dateOf(recorded) - dateOf(actual))).toBeLessThanOrEqual(2000);
  expect(recorded.bytes).toBe(actual.bytes);
}

describe('wire inspector', () => {
  it("answers inspect with the upgrade request it received and the 101 exactly as the client got it", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${hub.port}${LIVE_PATH}`, ['hostpulse.v1', 'other'], { headers: { Authorization: 'Bearer not-a-real-secret' } });
    const upgrade = new Promise<HttpHead>((resolve) =>
      ws.once('upgrade', (res) => {
        const headers: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        const text = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
        resolve({ line: `HTTP/1.1 ${res.statusCode} ${res.statusMessage}`, headers, bytes: Buffer.byteLength(text) });
      }),
    );
    const handshake = new Promise<Handshake>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as { type: string };
        if (msg.type === 'handshake') resolve(msg as Handshake);
      }),
    );
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'inspect' }));
    const [got, recorded] = await Promise.all([upgrade, handshake]);
    ws.close();
    expect(isValid('Handshake', recorded)).toBe(true);
    expectSameHead(recorded.response, got);
    expect(recorded.request.line).toBe('GET /live HTTP/1.1');
    // ws checked the accept it got against the key it sent, so a recorded key that hashes to it is that key.
    const key = recorded.request.headers.find(([name]) => name === 'sec-websocket-key')![1];
    const accept = got.headers.find(([name]) => name === 'Sec-WebSocket-Accept')![1];
    expect(createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64')).toBe(accept);
    expect(recorded.request.headers).toContainEqual(['sec-websocket-protocol', 'hostpulse.v1,other']);
    expect(recorded.request.headers).toContainEqual(['authorization', 'Bearer ' + '*'.repeat('not-a-real-secret'.length)]);
    expect(JSON.stringify(recorded)).not.toContain('not-a-real-secret');
  });

  it('records the polls of a client that asks, with the heads exactly as sent, 200 against 304', async () => {
    const client = 'inspected-tab';
    const missing = await fetch(`${hub.url}${INSPECT_PATH}`);
    expect(missing.status).toBe(400);
    const first = (await (await fetch(`${hub.url}${INSPECT_PATH}`, { headers: { [CLIENT_ID_HEADER]: client } })).json()) as InspectResponse;
    expect(first).toEqual({ clientId: client, exchanges: [] });

    const ok = await rawExchange(`GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n${CLIENT_ID_HEADER}: ${client}\r\n\r\n`);
    const etag = /ETag: (\S+)/.exec(ok.toString('latin1'))![1]!;
    const notModified = await rawExchange(`GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n${CLIENT_ID_HEADER}: ${client}\r\nIf-None-Match: ${etag}\r\n\r\n`);
    await fetch(`${hub.url}/api/overview`, { headers: { [CLIENT_ID_HEADER]: 'someone-else' } });

    const record = (await (await fetch(`${hub.url}${INSPECT_PATH}`, { headers: { [CLIENT_ID_HEADER]: client } })).json()) as InspectResponse;
    expect(isValid('InspectResponse', record)).toBe(true);
    expect(record.exchanges).toHaveLength(2);
    const [a, b] = record.exchanges;
    expect(a!.request.line).toBe('GET /api/overview HTTP/1.1');
    expect(a!.request.headers).toEqual([['host', '127.0.0.1'], [CLIENT_ID_HEADER, client]]);
    expect(a!.request.bytes).toBe(`GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n${CLIENT_ID_HEADER}: ${client}\r\n\r\n`.length);
    expectSameHead(a!.response, parseHead(ok));
    expect(a!.bodyBytes).toBe(ok.length - parseHead(ok).bytes);
    expectSameHead(b!.response, parseHead(notModified));
    expect(b!.response.line).toBe('HTTP/1.1 304 Not Modified');
    expect(b!.bodyBytes).toBe(0);
  });

  it('does not count asking for the record as polling', async () => {
    const stats = async (): Promise<HubStats> => (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;
    const before = (await stats()).transports.poll.totals.requests;
    await fetch(`${hub.url}${INSPECT_PATH}`, { headers: { [CLIENT_ID_HEADER]: 'x' } });
    // Only the second /api/stats request itself is counted.
    expect((await stats()).transports.poll.totals.requests - before).toBe(1);
  });
});
