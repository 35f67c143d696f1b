import { describe, expect, it } from 'vitest';
import { maskChannelUrl, parseChannelUrl } from './channel-url.js';

describe('channel URLs', () => {
  it.each([
    ['ntfy://:tk_abc@ntfy.example.com/alerts', { service: 'ntfy', baseUrl: 'https://ntfy.example.com', topic: 'alerts', authorization: 'Bearer tk_abc' }],
    ['ntfy://ann:pw@ntfy.example.com/alerts', { service: 'ntfy', baseUrl: 'https://ntfy.example.com', topic: 'alerts', authorization: `Basic ${Buffer.from('ann:pw').toString('base64')}` }],
    ['ntfy://127.0.0.1:8080/alerts?scheme=http', { service: 'ntfy', baseUrl: 'http://127.0.0.1:8080', topic: 'alerts' }],
    ['gotify://gotify.example.com/sub/AbCdEf', { service: 'gotify', baseUrl: 'https://gotify.example.com/sub', token: 'AbCdEf' }],
    ['slack://T0001/B0002/XXXXyyyy', { service: 'slack', url: 'https://hooks.slack.com/services/T0001/B0002/XXXXyyyy' }],
    ['discord://tok-en_1@123456789', { service: 'discord', url: 'https://discord.com/api/webhooks/123456789/tok-en_1' }],
    ['telegram://123456:ABC-def@telegram?chats=@ops_room,-100200', { service: 'telegram', baseUrl: 'https://api.telegram.org', token: '123456:ABC-def', chats: ['@ops_room', '-100200'] }],
    ['matrix://:syt_tok@matrix.example.org/?rooms=!abc:example.org', { service: 'matrix', baseUrl: 'https://matrix.example.org', token: 'syt_tok', rooms: ['!abc:example.org'] }],
    ['teams://prod-00.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=S1G', { service: 'teams', url: 'https://prod-00.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=S1G' }],
    ['generic+https://hooks.example.com/in/k3y?x=1', { service: 'generic', url: 'https://hooks.example.com/in/k3y?x=1' }],
    ['generic+http://127.0.0.1:9000/in', { service: 'generic', url: 'http://127.0.0.1:9000/in' }],
    ['smtp://ann:pw@mail.example.com/?from=hub@example.com&to=a@example.com,b@example.com', { service: 'email', host: 'mail.example.com', port: 587, encryption: 'ExplicitTLS', user: 'ann', password: 'pw', from: 'hub@example.com', to: ['a@example.com', 'b@example.com'] }],
    ['smtp://mail.example.com:465/?from=hub@example.com&to=a@example.com', { service: 'email', host: 'mail.example.com', port: 465, encryption: 'ImplicitTLS', from: 'hub@example.com', to: ['a@example.com'] }],
  ])('parses %s', (url, channel) => {
    expect(parseChannelUrl(url)).toEqual(channel);
  });

  it('sends a hosted service to another API host with host=, over plain HTTP only to loopback', () => {
    expect(parseChannelUrl('slack://T1/B2/C3?host=127.0.0.1:8123&disabletls=yes')).toEqual({ service: 'slack', url: 'http://127.0.0.1:8123/services/T1/B2/C3' });
    expect(parseChannelUrl('discord://tok@42?host=proxy.example.com')).toEqual({ service: 'discord', url: 'https://proxy.example.com/api/webhooks/42/tok' });
    expect(() => parseChannelUrl('slack://T1/B2/C3?host=proxy.example.com&disabletls=yes')).toThrow(/allowed only to a loopback host/);
  });

  it.each([
    ['https://hooks.example.com/x', /give an http\(s\) URL a type, webhook \(signed, with a secret\) or alertmanager, or write generic\+https:\/\//],
    ['irc://irc.example.com/ops', /unknown scheme "irc:"; expected one of ntfy:\/\//],
    ['not a url', /not a URL/],
    ['ntfy://ntfy.example.com/', /give one topic/],
    ['ntfy://ntfy.example.com/t?scheme=http', /scheme=http \(plain HTTP\) is allowed only to a loopback host/],
    ['gotify://gotify.example.com/', /application token/],
    ['slack://T1/B2', /three tokens/],
    ['discord://webhookid', /discord:\/\/token@webhookid/],
    ['telegram://123456:ABC@telegram', /chats must list/],
    ['telegram://nope@telegram?chats=1', /bot token/],
    ['matrix://bot:pw@matrix.example.org/?rooms=!a:b', /access token/],
    ['matrix://:tok@matrix.example.org/?rooms=%23alias:b', /room ids/],
    ['matrix://:tok@matrix.example.org/?rooms=!a:b&disabletls=yes', /allowed only to a loopback host/],
    ['generic+http://hooks.example.com/in', /generic\+http:\/\/ \(plain HTTP\) is allowed only to a loopback host/],
    ['smtp://mail.example.com/?from=hub@example.com', /to must list/],
    ['smtp://mail.example.com/?from=hub&to=a@example.com', /from must be one e-mail address/],
    ['smtp://mail.example.com/?from=h@e.com&to=a@e.com&encryption=None', /encryption=None is allowed only to a loopback host/],
    ['ntfy://n.example.com/t?priority=5', /unknown query parameter "priority"/],
    ['ntfy://:%E0@ntfy.example.com/t', /bad %-escape/],
    ['slack://T1/B2/C3?host=a%20b', /host must be a host name with an optional port, got "a b"/],
  ])('refuses %s', (url, message) => {
    expect(() => parseChannelUrl(url)).toThrow(message);
  });

  it('masks the secrets of each kind of URL', () => {
    const masked = [
      'ntfy://:tk_abc@ntfy.example.com/alerts',
      'gotify://gotify.example.com/sub/AbCdEf',
      'slack://T0001/B0002/XXXXyyyy',
      'discord://tokenvalue@123456789',
      'telegram://123456:ABCdef@telegram?chats=@ops_room',
      'matrix://:syt_tok@matrix.example.org/?rooms=!abc:example.org',
      'teams://prod-00.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=S1Gsecret',
      'generic+https://hooks.example.com/in/k3y?key=v4lue',
      'smtp://ann:pw0rd@mail.example.com/?from=hub@example.com&to=a@example.com',
    ].map(maskChannelUrl);
    expect(masked).toEqual([
      'ntfy://:***@ntfy.example.com/alerts',
      'gotify://gotify.example.com/sub/***',
      'slack://***/***/***',
      'discord://***@123456789',
      'telegram://123456:***@telegram?chats=@ops_room',
      'matrix://:***@matrix.example.org/?rooms=!abc:example.org',
      'teams://prod-00.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=***',
      'generic+https://hooks.example.com/***?key=***',
      'smtp://ann:***@mail.example.com/?from=hub@example.com&to=a@example.com',
    ]);
    for (const secret of ['tk_abc', 'AbCdEf', 'XXXXyyyy', 'tokenvalue', 'ABCdef', 'syt_tok', 'S1Gsecret', 'k3y', 'v4lue', 'pw0rd']) expect(masked.join(' ')).not.toContain(secret);
  });
});
