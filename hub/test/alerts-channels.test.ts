import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsResponse } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, SECRET } from './helpers/alert-rig.js';
import { WebhookReceiver, type ReceivedPost } from './helpers/webhook-receiver.js';

// A real hub and a real agent fire `cpu.busyPct > -1 for 2s` to every HTTP channel at once,
// each pointed at one receiver this test starts on loopback; each test checks what one
// service's documented API takes (method, path, headers, JSON fields).
const PUBLIC_URL = 'https://hub.example.com';
const SECRETS = ['tk_ntfy', 'AppTok', 'C3secret', 'dtok', 'ABCbot', 'syt_tok', 'S1Gsig', 'k3yg3n', SECRET];

/** The notifiers of the rules file: channels on the receiver's port, and today's signed webhook. */
function notifiers(port: number): { name: string; url: string; type?: string; secret?: string }[] {
  const at = `127.0.0.1:${port}`;
  return [
    { name: 'ntfy', url: `ntfy://:tk_ntfy@${at}/alerts?scheme=http` },
    { name: 'gotify', url: `gotify://${at}/gotify/AppTok?disabletls=yes` },
    { name: 'slack', url: `slack://T1/B2/C3secret?host=${at}&disabletls=yes` },
    { name: 'discord', url: `discord://dtok@42?host=${at}&disabletls=yes` },
    { name: 'telegram', url: `telegram://123:ABCbot@telegram?chats=@ops_room,-100200&host=${at}&disabletls=yes` },
    { name: 'matrix', url: `matrix://:syt_tok@${at}/?rooms=!room:example.org&disabletls=yes` },
    { name: 'teams', url: `teams://${at}/workflows/w1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=S1Gsig&disabletls=yes` },
    { name: 'generic', url: `generic+http://${at}/generic/k3yg3n` },
    { name: 'hook', type: 'webhook', url: `http://${at}/hook`, secret: SECRET },
  ];
}

const hostId = `chan-${process.pid}`;
const title = `[FIRING] cpu-any on ${hostId}`;
const dashboardUrl = `${PUBLIC_URL}/#/host/${hostId}`;
let receiver: WebhookReceiver;
let hubOutput: () => string;
let alerts: AlertsResponse;
const cleanups: (() => Promise<unknown>)[] = [];

/** The requests that came to paths starting with `prefix`, their bodies parsed. */
function requestsTo(prefix: string): (ReceivedPost & { json: Record<string, any> })[] {
  return receiver.posts.filter((p) => p.path.startsWith(prefix)).map((p) => ({ ...p, json: JSON.parse(p.body) as Record<string, any> }));
}

describe('alert channels from a real hub and agent', () => {
  // The hub, agent and receiver serve every test of the file, so they are set up here (the
  // alert-rig helpers stop theirs at the end of one test).
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-channels-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.stop());
    // One alert per message (no grouping window): each service's format of one alert is what is checked here.
    const rules = { rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', clearFor: '0s', severity: 'critical' }], notifiers: notifiers(receiver.port), groupWait: '0s' };
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify(rules, null, 2));
    const hub = await startHubProcess(['--alerts-file', path.join(dir, 'alerts.json'), '--public-url', PUBLIC_URL]);
    cleanups.push(() => hub.stop('SIGKILL'));
    hubOutput = hub.output;
    const agent = startAgentProcess(hub.url, ['--interval', '1000', '--host-id', hostId]);
    cleanups.push(() => agent.stop());
    await waitForHost(hub.url, hostId, { timeout: 15_000 });
    alerts = await waitFor(() => alertsOf(hub), (a) => a.deliveries.filter((d) => d.outcome === 'delivered').length >= 9, { timeout: 30_000, message: 'a delivery to each notifier' });
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('delivers to every channel, lists channels with their secrets masked, and logs no secret', () => {
    expect(alerts.deliveries.map((d) => `${d.notifier} ${d.notifierType} ${d.outcome}`).sort()).toEqual(
      ['discord discord', 'generic generic', 'gotify gotify', 'hook webhook', 'matrix matrix', 'ntfy ntfy', 'slack slack', 'teams teams', 'telegram telegram'].map((n) => `${n} delivered`),
    );
    const at = `127.0.0.1:${receiver.port}`;
    expect(Object.fromEntries(alerts.notifiers.map((n) => [n.name, n.url]))).toEqual({
      ntfy: `ntfy://:***@${at}/alerts?scheme=http`,
      gotify: `gotify://${at}/gotify/***?disabletls=yes`,
      slack: `slack://***/***/***?host=${at}&disabletls=yes`,
      discord: `discord://***@42?host=${at}&disabletls=yes`,
      telegram: `telegram://123:***@telegram?chats=@ops_room,-100200&host=${at}&disabletls=yes`,
      matrix: `matrix://:***@${at}/?rooms=!room:example.org&disabletls=yes`,
      teams: `teams://${at}/workflows/w1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=***&disabletls=yes`,
      generic: `generic+http://${at}/***`,
      hook: `http://${at}/…`,
    });
    const served = JSON.stringify(alerts);
    for (const secret of SECRETS) {
      expect(served).not.toContain(secret);
      expect(hubOutput()).not.toContain(secret);
    }
  });

  it('publishes to ntfy as JSON at the server root (docs.ntfy.sh/publish, "Publish as JSON")', () => {
    const [r] = requestsTo('/').filter((p) => p.path === '/');
    expect(r).toMatchObject({ method: 'POST', path: '/' });
    expect(r!.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer tk_ntfy' });
    expect(r!.json).toMatchObject({ topic: 'alerts', title, priority: 5, click: dashboardUrl });
    expect(r!.json.message).toContain(`Host: ${hostId}`);
  });

  it('posts to Gotify /message with the token in X-Gotify-Key', () => {
    const [r] = requestsTo('/gotify/');
    expect(r).toMatchObject({ method: 'POST', path: '/gotify/message', headers: { 'x-gotify-key': 'AppTok', 'content-type': 'application/json' } });
    expect(r!.json).toMatchObject({ title, priority: 8, extras: { 'client::notification': { click: { url: dashboardUrl } } } });
    expect(typeof r!.json.message).toBe('string');
  });

  it('posts a Slack incoming webhook: text, and an attachment with the severity colour and blocks', () => {
    const [r] = requestsTo('/services/');
    expect(r).toMatchObject({ method: 'POST', path: '/services/T1/B2/C3secret', headers: { 'content-type': 'application/json' } });
    expect(r!.json.text).toBe(title);
    expect(r!.json.attachments[0].color).toBe('#d32f2f');
    expect(r!.json.attachments[0].blocks.map((b: { type: string }) => b.type)).toEqual(['section', 'context']);
    expect(r!.json.attachments[0].blocks[1].elements[0].text).toBe(`<${dashboardUrl}|Open in the dashboard>`);
  });

  it('posts a Discord webhook embed with the colour as an integer', () => {
    const [r] = requestsTo('/api/webhooks/');
    expect(r).toMatchObject({ method: 'POST', path: '/api/webhooks/42/dtok', headers: { 'content-type': 'application/json' } });
    expect(r!.json.embeds).toEqual([expect.objectContaining({ title, url: dashboardUrl, color: 0xd32f2f })]);
    expect(r!.json.embeds[0].fields).toEqual(expect.arrayContaining([{ name: 'Host', value: hostId, inline: true }]));
  });

  it('calls the Telegram Bot API sendMessage once per chat, parse_mode HTML', () => {
    const requests = requestsTo('/bot');
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /bot123:ABCbot/sendMessage', 'POST /bot123:ABCbot/sendMessage']);
    expect(requests.map((r) => r.json.chat_id)).toEqual(['@ops_room', '-100200']);
    expect(requests[0]!.json).toMatchObject({ parse_mode: 'HTML' });
    expect(requests[0]!.json.text).toContain(`<b>${title}</b>`);
    expect(requests[0]!.json.text).toContain(`<a href="${dashboardUrl}">`);
  });

  it('PUTs a Matrix m.room.message with the access token as a bearer', () => {
    const [r] = requestsTo('/_matrix/');
    expect(r!.method).toBe('PUT');
    expect(r!.path).toMatch(/^\/_matrix\/client\/v3\/rooms\/!room%3Aexample\.org\/send\/m\.room\.message\/[0-9a-f]{32}-0$/);
    expect(r!.headers).toMatchObject({ authorization: 'Bearer syt_tok', 'content-type': 'application/json' });
    expect(r!.json).toMatchObject({ msgtype: 'm.text', format: 'org.matrix.custom.html' });
    expect(r!.json.body).toContain(title);
  });

  it('posts a Teams workflow an Adaptive Card message attachment', () => {
    const [r] = requestsTo('/workflows/');
    expect(r).toMatchObject({ method: 'POST', path: '/workflows/w1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=S1Gsig' });
    expect(r!.json).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', actions: [{ type: 'Action.OpenUrl', url: dashboardUrl }] } }] });
    expect(r!.json.attachments[0].content.body[0]).toMatchObject({ type: 'TextBlock', text: title, color: 'Attention' });
  });

  it('posts a generic URL the webhook payload with a title and message', () => {
    const [r] = requestsTo('/generic/');
    expect(r).toMatchObject({ method: 'POST', path: '/generic/k3yg3n' });
    expect(r!.json).toMatchObject({ title, rule: 'cpu-any', host: hostId, state: 'firing', dashboardUrl });
  });

  it('signs the webhook twice: v1 over the body as before, v2 over the timestamp and the body', () => {
    const [r] = requestsTo('/hook');
    const timestamp = r!.headers['x-hostpulse-timestamp'] as string;
    expect(r!.headers['x-hostpulse-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(r!.body).digest('hex')}`);
    expect(r!.headers['x-hostpulse-signature-v2']).toBe(`v2=${createHmac('sha256', SECRET).update(`${timestamp}.${r!.body}`).digest('hex')}`);
    // The same body under another timestamp does not verify.
    expect(r!.headers['x-hostpulse-signature-v2']).not.toBe(`v2=${createHmac('sha256', SECRET).update(`${Number(timestamp) + 1}.${r!.body}`).digest('hex')}`);
  });
});
