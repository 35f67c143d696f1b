import type { WebhookPayload } from '@hostpulse/protocol';
import type { NotifyRequest } from '../notify-http.js';
import { escapeHtml, isGroup, itemLine, messageHtml, messageLines, type AlertMessage } from './alert-message.js';
import type { Channel } from './channel-url.js';

/** A channel reached over HTTP: every one but email. */
export type HttpChannel = Exclude<Channel, { service: 'email' }>;

const JSON_TYPE = { 'content-type': 'application/json' };
const json = (url: string, body: unknown, headers: Record<string, string> = {}, method: NotifyRequest['method'] = 'POST'): NotifyRequest => ({ url, method, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });
const plain = (m: AlertMessage): string => messageLines(m).join('\n');

/** ntfy priorities (1 min ... 5 max): critical is urgent, a resolution default. */
function ntfyPriority(m: AlertMessage): number {
  if (m.state === 'resolved') return 3;
  return m.severity === 'critical' ? 5 : 4;
}

/** Slack's mrkdwn needs &, < and > escaped. */
const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Adaptive Card text colours nearest the severity's. */
function cardColour(m: AlertMessage): string {
  if (m.state === 'resolved') return 'Good';
  return m.severity === 'critical' ? 'Attention' : m.severity === 'warning' ? 'Warning' : 'Default';
}

/** The facts of one alert, or a fact per member of a group (its host, and the rest of its line). */
/** Discord's limits on an embed's title and field names, and on a field's value (its documented embed limits). */
const DISCORD_TITLE_CHARS = 256;
const DISCORD_FIELD_CHARS = 1024;

/** Text cut to `max` characters, ending in an ellipsis when cut. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function facts(m: AlertMessage): { title: string; value: string }[] {
  if (isGroup(m)) return m.items.map((item) => ({ title: item.hostId, value: itemLine(item).slice(item.hostId.length + 2) }));
  return [{ title: 'Severity', value: m.severity }, { title: 'Host', value: m.hostId }, { title: 'Value', value: m.valueText }];
}

/**
 * The requests that tell a channel of one alert state change, or of a group of them: one per Telegram
 * chat or Matrix room, else one. `deliveryId` is the same on every retry, so a
 * Matrix transaction id built from it makes a retried message arrive once.
 */
export function channelRequests(channel: HttpChannel, m: AlertMessage, deliveryId: string, payload: WebhookPayload): NotifyRequest[] {
  switch (channel.service) {
    case 'ntfy':
      return [json(`${channel.baseUrl}/`, { topic: channel.topic, title: m.title, message: plain(m), priority: ntfyPriority(m), tags: [m.state === 'resolved' ? 'white_check_mark' : 'rotating_light', m.severity], click: m.dashboardUrl }, channel.authorization ? { authorization: channel.authorization } : {})];
    case 'gotify':
      return [json(`${channel.baseUrl}/message`, { title: m.title, message: plain(m), priority: m.state === 'resolved' ? 4 : m.severity === 'critical' ? 8 : 6, extras: { 'client::notification': { click: { url: m.dashboardUrl } } } }, { 'x-gotify-key': channel.token })];
    case 'slack':
      return [json(channel.url, {
        text: m.title,
        attachments: [{
          color: m.colour,
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(m.title)}*\n${facts(m).map((f) => `*${slackEscape(f.title)}:* ${slackEscape(f.value)}`).join('\n')}${m.processes.map((line) => `\n• ${slackEscape(line)}`).join('')}` } },
            { type: 'context', elements: [{ type: 'mrkdwn', text: `<${m.dashboardUrl}|Open in the dashboard>` }] },
          ],
        }],
      })];
    case 'discord':
      return [json(channel.url, {
        embeds: [{
          title: clip(m.title, DISCORD_TITLE_CHARS),
          url: m.dashboardUrl,
          color: Number.parseInt(m.colour.slice(1), 16),
          fields: isGroup(m) ? facts(m).map((f) => ({ name: clip(f.title, DISCORD_TITLE_CHARS), value: clip(f.value, DISCORD_FIELD_CHARS) })) : [{ name: 'Severity', value: m.severity, inline: true }, { name: 'Host', value: m.hostId, inline: true }, { name: 'Value', value: m.valueText }, ...(m.processes.length > 0 ? [{ name: 'Top processes', value: clip(m.processes.join('\n'), DISCORD_FIELD_CHARS) }] : [])],
        }],
      })];
    case 'telegram': {
      const text = `<b>${escapeHtml(m.title)}</b>\n${facts(m).map((f) => `${escapeHtml(f.title)}: ${escapeHtml(f.value)}`).join('\n')}\n${m.processes.map((line) => `• ${escapeHtml(line)}\n`).join('')}<a href="${escapeHtml(m.dashboardUrl)}">Open in the dashboard</a>`;
      return channel.chats.map((chat) => json(`${channel.baseUrl}/bot${channel.token}/sendMessage`, { chat_id: chat, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } }));
    }
    case 'matrix':
      return channel.rooms.map((room, i) => json(
        `${channel.baseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${deliveryId}-${i}`,
        { msgtype: 'm.text', body: `${m.title}\n${plain(m)}`, format: 'org.matrix.custom.html', formatted_body: `<font data-mx-color="${m.colour}">${messageHtml(m)}</font>` },
        { authorization: `Bearer ${channel.token}` },
        'PUT',
      ));
    case 'teams':
      return [json(channel.url, {
        type: 'message',
        attachments: [{
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', color: cardColour(m), wrap: true },
              { type: 'FactSet', facts: facts(m) },
              ...m.processes.map((line) => ({ type: 'TextBlock', text: line, size: 'Small', fontType: 'Monospace', wrap: true })),
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open in the dashboard', url: m.dashboardUrl }],
          },
        }],
      })];
    case 'generic':
      return [json(channel.url, { title: m.title, message: plain(m), ...payload })];
    default: {
      const never: never = channel;
      return never;
    }
  }
}
