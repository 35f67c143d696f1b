import { createTransport } from 'nodemailer';
import type { NotifyResult } from '../notify-http.js';
import { DELIVERY_TIMEOUT_MS } from '../notify-http.js';
import { messageHtml, messageLines, type AlertMessage } from './alert-message.js';
import type { Channel } from './channel-url.js';

/** The reply code of an SMTP server that took the mail, recorded as a delivery's status. */
const SMTP_OK = 250;

/**
 * Mails an alert message over SMTP, with a plain-text and an HTML part. STARTTLS is
 * required unless the URL chose implicit TLS, or no encryption to a loopback
 * server; certificates are checked against Node's CAs (NODE_EXTRA_CA_CERTS adds
 * one). Never throws; a refusal is an error to retry.
 */
export async function sendEmail(channel: Extract<Channel, { service: 'email' }>, m: AlertMessage): Promise<NotifyResult> {
  const transport = createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.encryption === 'ImplicitTLS',
    requireTLS: channel.encryption === 'ExplicitTLS',
    ignoreTLS: channel.encryption === 'None',
    ...(channel.user !== undefined && { auth: { user: channel.user, pass: channel.password ?? '' } }),
    connectionTimeout: DELIVERY_TIMEOUT_MS,
    greetingTimeout: DELIVERY_TIMEOUT_MS,
    socketTimeout: DELIVERY_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: channel.from,
      to: channel.to,
      subject: m.title,
      text: `${m.title}\n\n${messageLines(m).join('\n')}\n`,
      html: `<!doctype html><html><body><p style="border-left:4px solid ${m.colour};padding-left:8px">${messageHtml(m)}</p></body></html>`,
    });
    return { status: SMTP_OK };
  } catch (err) {
    const error = err as Error & { code?: string; response?: string };
    return { status: null, error: error.response ?? error.code ?? error.message };
  } finally {
    transport.close();
  }
}
