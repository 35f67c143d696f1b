import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, startAgent, startHub, tempDir } from './helpers/alert-rig.js';
import { startExim } from './helpers/exim-smtp.js';

// A real hub and a real agent fire `cpu.busyPct > -1 for 2s` to two smtp:// channels of a
// real Exim on loopback: one port speaks STARTTLS, the other TLS from the first byte. The
// hub trusts the test CA through NODE_EXTRA_CA_CERTS, as a deployment would a private CA.

/** A message's header value (unfolded) and its MIME parts, each with its type and decoded text. */
function parseMail(raw: string): { header: (name: string) => string | undefined; parts: { type: string; text: string }[] } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1];
  const boundary = /boundary="?([^";]+)"?/.exec(header('content-type') ?? '')?.[1];
  const body = rest.join('\n\n');
  const chunks = boundary ? body.split(`--${boundary}`).slice(1, -1) : [];
  const parts = chunks.map((chunk) => {
    const [partHead = '', ...partBody] = chunk.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const text = partBody.join('\n\n');
    const qp = /content-transfer-encoding: quoted-printable/i.test(partHead);
    const decoded = qp ? text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
    return { type: /content-type: ([^;\r\n]+)/i.exec(partHead)?.[1] ?? '', text: decoded };
  });
  return { header, parts };
}

describe('alert e-mail from a real hub and agent to a real SMTP server', () => {
  it('mails over STARTTLS and over implicit TLS, with the title as subject and plain and HTML parts', async () => {
    const dir = await tempDir();
    const exim = await startExim();
    onTestFinished(() => exim.stop());
    const mail = (port: number, extra = '') => `smtp://127.0.0.1:${port}/?from=hub@hostpulse.test&to=ops@example.com${extra}`;
    const rules = {
      rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', clearFor: '0s', severity: 'critical' }],
      notifiers: [{ name: 'starttls', url: mail(exim.starttlsPort) }, { name: 'implicit', url: mail(exim.tlsPort, '&encryption=ImplicitTLS') }],
      groupWait: '0s',
    };
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify(rules));
    const hub = await startHub(['--alerts-file', path.join(dir, 'alerts.json'), '--public-url', 'https://hub.example.com'], 0, { NODE_EXTRA_CA_CERTS: exim.caPath });
    const hostId = `mail-${process.pid}`;
    startAgent(hub, hostId);
    await waitForHost(hub.url, hostId, { timeout: 15_000 });

    const alerts = await waitFor(() => alertsOf(hub), (a) => a.deliveries.filter((d) => d.outcome === 'delivered').length >= 2, { timeout: 30_000, message: 'two mails delivered', explain: () => hub.output().slice(-2000) });
    expect(alerts.deliveries.map((d) => `${d.notifier} ${d.notifierType} ${d.status}`).sort()).toEqual(['implicit email 250', 'starttls email 250']);
    const messages = await waitFor(() => exim.messages(), (m) => m.length >= 2, { timeout: 10_000, message: 'two messages in the maildir' });
    expect(messages).toHaveLength(2);
    for (const raw of messages) {
      const { header, parts } = parseMail(raw);
      expect(header('subject')).toBe(`[FIRING] cpu-any on ${hostId}`);
      expect(header('from')).toBe('hub@hostpulse.test');
      expect(header('to')).toBe('ops@example.com');
      expect(parts.map((p) => p.type)).toEqual(['text/plain', 'text/html']);
      expect(parts[0]!.text).toContain(`Host: ${hostId}`);
      expect(parts[0]!.text).toContain(`Dashboard: https://hub.example.com/#/host/${hostId}`);
      expect(parts[1]!.text).toContain(`<a href="https://hub.example.com/#/host/${hostId}">Open in the dashboard</a>`);
      expect(parts[1]!.text).toContain('border-left:4px solid #d32f2f');
    }
    // Exim logs each message taken with X=<TLS version and cipher>: both came encrypted.
    const received = (await exim.mainLog()).split('\n').filter((line) => line.includes(' <= hub@hostpulse.test '));
    expect(received).toHaveLength(2);
    for (const line of received) expect(line).toMatch(/ X=TLS1\.[23]:/);
  }, 60_000);
});
