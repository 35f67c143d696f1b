import type { Alert } from '@hostpulse/protocol';
import { postNotify, webhookPayload, type NotifyResult } from '../notify-http.js';
import { alertMessage, groupMessage } from './alert-message.js';
import { channelRequests } from './channel-requests.js';
import type { Channel } from './channel-url.js';
import { sendEmail } from './send-email.js';

/**
 * Tells a channel of an alert's state change, or of several in one message (only
 * chat, push and mail channels are sent groups; a generic URL gets one alert's
 * webhook body). Several requests (Telegram chats,
 * Matrix rooms) go in turn and stop at the first that fails, whose result is the
 * delivery's: a retry sends them all again (Matrix drops the repeats by their
 * transaction id). Never throws.
 */
export async function sendToChannel(channel: Channel, deliveryId: string, alerts: readonly [Alert, ...Alert[]], dashboardUrlOf: (alert: Alert) => string, alertsPageUrl: string): Promise<NotifyResult> {
  const [alert] = alerts;
  const dashboardUrl = dashboardUrlOf(alert);
  const message = alerts.length === 1 ? alertMessage(alert, dashboardUrl) : groupMessage(alerts, dashboardUrlOf, alertsPageUrl);
  if (channel.service === 'email') return sendEmail(channel, message);
  let result: NotifyResult = { status: null, error: 'nothing to send' };
  for (const request of channelRequests(channel, message, deliveryId, webhookPayload(alert, dashboardUrl))) {
    result = await postNotify(request);
    // An error that quotes the request's URL would put its token in the log and the delivery log.
    if (result.status === null) return { status: null, error: result.error.split(request.url).join('<channel URL>') };
    if (result.status < 200 || result.status >= 300) return result;
  }
  return result;
}
