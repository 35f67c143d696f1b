import { describe, expect, it } from 'vitest';
import type { Alert } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { alertmanagerAlert, webhookPayload } from '../notify-http.js';
import { alertMessage, groupMessage } from './alert-message.js';
import { channelRequests, type HttpChannel } from './channel-requests.js';
import { parseChannelUrl } from './channel-url.js';

const DASHBOARD = 'https://hub.example.com/#/host/web-1';
const firing: Alert = {
  id: 'cpu|web-1|', rule: 'cpu', metric: 'cpu.busyPct', hostId: 'web-1', labels: {}, severity: 'critical', state: 'firing', op: '>', threshold: 90,
  value: 97.234, activeSinceMs: 0, startsAtMs: 0, endsAtMs: null, updatedMs: 0,
};
const resolved: Alert = { ...firing, state: 'resolved', value: 12, endsAtMs: 60_000 };

/** The one request a channel URL makes for `alert`, its body parsed. */
function requestsOf(url: string, alert: Alert = firing) {
  return channelRequests(parseChannelUrl(url) as HttpChannel, alertMessage(alert, DASHBOARD), 'd1', webhookPayload(alert, DASHBOARD))
    .map((r) => ({ ...r, json: JSON.parse(r.body) as Record<string, unknown> }));
}

describe('channel messages', () => {
  it('builds the message: title, severity colour, host, value and dashboard link', () => {
    expect(alertMessage(firing, DASHBOARD)).toEqual({
      state: 'firing', title: '[FIRING] cpu on web-1', severity: 'critical', hostId: 'web-1', rule: 'cpu', valueText: 'cpu.busyPct 97.23 (> 90)', colour: '#d32f2f', dashboardUrl: DASHBOARD, processes: [],
      items: [{ state: 'firing', severity: 'critical', hostId: 'web-1', rule: 'cpu', valueText: 'cpu.busyPct 97.23 (> 90)', dashboardUrl: DASHBOARD }],
    });
    expect(alertMessage(resolved, DASHBOARD)).toMatchObject({ title: '[RESOLVED] cpu on web-1', colour: '#2e7d32', valueText: 'cpu.busyPct 12 (> 90)' });
    expect(alertMessage({ ...firing, metric: 'host.offline', op: undefined, threshold: null, severity: 'page' }, DASHBOARD)).toMatchObject({ valueText: 'offline', colour: '#757575' });
  });

  it('publishes to ntfy as JSON at the server root, with the token as a bearer', () => {
    const [r] = requestsOf('ntfy://:tk@ntfy.example.com/alerts');
    expect(r).toMatchObject({ url: 'https://ntfy.example.com/', method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer tk' } });
    expect(r!.json).toMatchObject({ topic: 'alerts', title: '[FIRING] cpu on web-1', priority: 5, click: DASHBOARD });
    expect(r!.json.message).toContain('Host: web-1');
    expect(requestsOf('ntfy://ntfy.example.com/alerts', resolved)[0]!.json.priority).toBe(3);
  });

  it('posts to Gotify /message with the application token in X-Gotify-Key', () => {
    const [r] = requestsOf('gotify://gotify.example.com/AppTok');
    expect(r).toMatchObject({ url: 'https://gotify.example.com/message', headers: { 'x-gotify-key': 'AppTok' } });
    expect(r!.json).toMatchObject({ title: '[FIRING] cpu on web-1', priority: 8, extras: { 'client::notification': { click: { url: DASHBOARD } } } });
  });

  it('posts a Slack attachment in the severity colour, with mrkdwn escaped', () => {
    const [r] = requestsOf('slack://T1/B2/C3');
    expect(r!.url).toBe('https://hooks.slack.com/services/T1/B2/C3');
    const attachment = (r!.json.attachments as { color: string; blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[] }[])[0]!;
    expect(r!.json.text).toBe('[FIRING] cpu on web-1');
    expect(attachment.color).toBe('#d32f2f');
    expect(attachment.blocks[0]!.text!.text).toContain('*Value:* cpu.busyPct 97.23 (&gt; 90)');
    expect(attachment.blocks[1]!.elements![0]!.text).toBe(`<${DASHBOARD}|Open in the dashboard>`);
  });

  it('posts a Discord embed whose colour is the severity as an integer', () => {
    const [r] = requestsOf('discord://tok@42', resolved);
    expect(r!.url).toBe('https://discord.com/api/webhooks/42/tok');
    expect(r!.json.embeds).toEqual([expect.objectContaining({ title: '[RESOLVED] cpu on web-1', url: DASHBOARD, color: 0x2e7d32 })]);
  });

  it('sends Telegram one sendMessage per chat, as escaped HTML', () => {
    const requests = requestsOf('telegram://123:ABC@telegram?chats=@ops_room,-100');
    expect(requests.map((r) => r.url)).toEqual(['https://api.telegram.org/bot123:ABC/sendMessage', 'https://api.telegram.org/bot123:ABC/sendMessage']);
    expect(requests.map((r) => r.json.chat_id)).toEqual(['@ops_room', '-100']);
    expect(requests[0]!.json).toMatchObject({ parse_mode: 'HTML' });
    expect(requests[0]!.json.text).toContain('Value: cpu.busyPct 97.23 (&gt; 90)');
    expect(requests[0]!.json.text).toContain(`<a href="${DASHBOARD}">`);
  });

  it('PUTs a Matrix m.room.message per room, with a transaction id from the delivery id', () => {
    const [r] = requestsOf('matrix://:syt@matrix.example.org/?rooms=!abc:example.org');
    expect(r).toMatchObject({ method: 'PUT', url: 'https://matrix.example.org/_matrix/client/v3/rooms/!abc%3Aexample.org/send/m.room.message/d1-0', headers: { authorization: 'Bearer syt' } });
    expect(r!.json).toMatchObject({ msgtype: 'm.text', format: 'org.matrix.custom.html' });
    expect(r!.json.formatted_body).toContain('data-mx-color="#d32f2f"');
  });

  it('posts Teams an Adaptive Card attachment', () => {
    const [r] = requestsOf('teams://prod-00.westus.logic.azure.com:443/workflows/w/triggers/manual/paths/invoke?sig=S');
    expect(r!.url).toBe('https://prod-00.westus.logic.azure.com:443/workflows/w/triggers/manual/paths/invoke?sig=S');
    expect(r!.json).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4', actions: [{ type: 'Action.OpenUrl', url: DASHBOARD }] } }] });
  });

  it('posts a generic URL the webhook payload with a title and message', () => {
    const [r] = requestsOf('generic+https://hooks.example.com/in');
    expect(r!.json).toMatchObject({ title: '[FIRING] cpu on web-1', rule: 'cpu', host: 'web-1', state: 'firing', dashboardUrl: DASHBOARD });
  });

  describe('a group of alerts in one message', () => {
    const ALERTS_PAGE = 'https://hub.example.com/#/alerts';
    const offline = (hostId: string, severity = 'critical'): Alert => ({
      ...firing, id: `down|${hostId}|`, rule: 'down', metric: 'host.offline', hostId, severity, op: undefined, threshold: null, value: 1,
    });
    const hosts = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const group = groupMessage(hosts.map((h) => offline(h)), (a) => `https://hub.example.com/#/host/${a.hostId}`, ALERTS_PAGE);
    const requestsOfGroup = (url: string) => channelRequests(parseChannelUrl(url) as HttpChannel, group, 'g1', webhookPayload(firing, DASHBOARD)).map((r) => JSON.parse(r.body) as Record<string, any>);

    it('titles the count, the rules and the first hosts, links the Alerts page, and lists each host and value', () => {
      expect(group).toMatchObject({ state: 'firing', title: '[FIRING] 7 alerts: down on a, b, c, d, e and 2 more', severity: 'critical', colour: '#d32f2f', dashboardUrl: ALERTS_PAGE });
      expect(group.items.map((item) => item.hostId)).toEqual(hosts);
    });

    it('counts firings and resolutions apart, and takes the most urgent firing severity', () => {
      const mixed = groupMessage([offline('a', 'warning'), { ...offline('b'), state: 'resolved', endsAtMs: 1 }, { ...firing, hostId: 'c', severity: 'info' }], () => DASHBOARD, ALERTS_PAGE);
      expect(mixed).toMatchObject({ title: '[FIRING] 3 alerts (2 firing, 1 resolved): down, cpu on a, b, c', severity: 'warning', colour: '#f59e0b' });
      const allResolved = groupMessage([{ ...offline('a'), state: 'resolved' }, { ...offline('b'), state: 'resolved' }], () => DASHBOARD, ALERTS_PAGE);
      expect(allResolved).toMatchObject({ state: 'resolved', title: '[RESOLVED] 2 alerts: down on a, b', colour: '#2e7d32' });
    });

    it('puts a line per alert in the plain and HTML bodies (ntfy, Matrix)', () => {
      const [ntfy] = requestsOfGroup('ntfy://ntfy.example.com/alerts');
      expect(ntfy!.message.split('\n')).toEqual([...hosts.map((h) => `${h}: offline [down, critical]`), `Dashboard: ${ALERTS_PAGE}`]);
      expect(ntfy!.click).toBe(ALERTS_PAGE);
      const [matrix] = requestsOfGroup('matrix://:tok@matrix.example.org/?rooms=!r:example.org');
      expect(matrix!.formatted_body).toContain('a: offline [down, critical]<br>b: offline [down, critical]');
    });

    it('keeps a Discord embed within its documented limits (title and field names 256 characters) however long the rule names and host ids', () => {
      const long = (i: number): Alert => ({ ...offline(`${'h'.repeat(120)}-${i}`), id: `r${i}|h${i}|`, rule: `${'r'.repeat(60)}-${i}` });
      const wide = groupMessage(Array.from({ length: 20 }, (_, i) => long(i)), () => DASHBOARD, ALERTS_PAGE);
      const [discord] = channelRequests(parseChannelUrl('discord://tok@42') as HttpChannel, wide, 'g2', webhookPayload(firing, DASHBOARD)).map((r) => JSON.parse(r.body) as Record<string, any>);
      const embed = discord!.embeds[0];
      expect(embed.title.length).toBeLessThanOrEqual(256);
      expect(embed.title.startsWith('[FIRING] 20 alerts: ')).toBe(true);
      expect(embed.fields).toHaveLength(20);
      for (const field of embed.fields) expect(field.name.length).toBeLessThanOrEqual(256);
    });

    it('gives Slack, Discord, Telegram and Teams a fact per host', () => {
      const [slack] = requestsOfGroup('slack://T1/B2/C3');
      expect(slack!.attachments[0].blocks[0].text.text).toContain('\n*a:* offline [down, critical]\n*b:* offline');
      const [discord] = requestsOfGroup('discord://tok@42');
      expect(discord!.embeds[0].fields).toHaveLength(7);
      expect(discord!.embeds[0].fields[0]).toEqual({ name: 'a', value: 'offline [down, critical]' });
      const [telegram] = requestsOfGroup('telegram://123:ABC@telegram?chats=@ops_room');
      expect(telegram!.text).toContain('\na: offline [down, critical]\n');
      const [teams] = requestsOfGroup('teams://prod.example.com/workflows/w/invoke?sig=s');
      expect(teams!.attachments[0].content.body[1].facts[6]).toEqual({ title: 'g', value: 'offline [down, critical]' });
    });
  });
});

describe('who did it in channel messages', () => {
  const withTop: Alert = {
    ...firing,
    topProcesses: { tsMs: 0, processes: [{ pid: 4127, name: 'postgres', user: 'postgres', command: 'postgres: checkpointer <db>', cpuPct: 181.5, rssBytes: 500 * 1024 * 1024, state: 'R' }] },
  };
  const line = 'postgres (pid 4127, postgres) 181.5% CPU, 500.0 MiB: postgres: checkpointer <db>';

  it('lists the alert\'s top processes in the message, the plain text and the HTML', () => {
    const m = alertMessage(withTop, DASHBOARD);
    expect(m.processes).toEqual([line]);
    expect(requestsOf('ntfy://ntfy.example.com/alerts', withTop)[0]!.json.message).toContain(`Top processes:\n  ${line}`);
    expect(requestsOf('matrix://:syt@matrix.example.org/?rooms=!abc:example.org', withTop)[0]!.json.formatted_body).toContain('<li>postgres (pid 4127, postgres) 181.5% CPU, 500.0 MiB: postgres: checkpointer &lt;db&gt;</li>');
  });

  it('shows them in Slack, Discord, Telegram and Teams, and gives them to a generic URL as the webhook payload\'s topProcesses', () => {
    expect(JSON.stringify(requestsOf('slack://T1/B2/C3', withTop)[0]!.json)).toContain('postgres (pid 4127, postgres) 181.5% CPU');
    expect(requestsOf('discord://tok@42', withTop)[0]!.json).toMatchObject({ embeds: [{ fields: expect.arrayContaining([{ name: 'Top processes', value: line }]) }] });
    expect(requestsOf('telegram://123:ABC@telegram?chats=-100', withTop)[0]!.json.text).toContain('• postgres (pid 4127, postgres) 181.5% CPU, 500.0 MiB: postgres: checkpointer &lt;db&gt;');
    expect(JSON.stringify(requestsOf('teams://prod-00.westus.logic.azure.com:443/workflows/w/triggers/manual/paths/invoke?sig=S', withTop)[0]!.json)).toContain(line);
    expect(requestsOf('generic+https://hooks.example.com/in', withTop)[0]!.json.topProcesses).toEqual(withTop.topProcesses!.processes);
    expect(isValid('WebhookPayload', webhookPayload(withTop, DASHBOARD))).toBe(true);
    expect(webhookPayload(firing, DASHBOARD)).not.toHaveProperty('topProcesses');
    expect(alertmanagerAlert(withTop, DASHBOARD, 0)['annotations']).toMatchObject({ top_processes: line });
    expect(alertmanagerAlert(firing, DASHBOARD, 0)['annotations']).not.toHaveProperty('top_processes');
  });

  it('says in words that no matching process runs for process.absent', () => {
    const absent: Alert = { ...firing, metric: 'process.absent', op: undefined, threshold: null, value: 0 };
    expect(alertMessage(absent, DASHBOARD).valueText).toBe('no matching process running');
    expect(alertMessage({ ...absent, state: 'resolved', value: 2 }, DASHBOARD).valueText).toBe('2 matching processes running');
    expect(alertmanagerAlert(absent, DASHBOARD, 0)['annotations']).toMatchObject({ summary: 'no matching process running on web-1' });
  });
});
