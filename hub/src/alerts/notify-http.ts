import { createHmac } from 'node:crypto';
import type { Alert, WebhookPayload } from '@hostpulse/protocol';
import { processLine } from './channels/alert-message.js';
import { maskChannelUrl } from './channels/channel-url.js';
import type { NotifierConfig } from './rules-file.js';

/** Longest a receiver may take to answer one delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** How long Alertmanager keeps a firing alert without hearing of it again; the hub re-posts firing alerts well within it. */
export const ALERTMANAGER_FIRING_TTL_MS = 5 * 60_000;

/** One HTTP request to a notifier: a POST unless it says otherwise. */
export interface NotifyRequest {
  url: string;
  method?: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
}

/** What came of a POST: the status, or why there was none (refused, timed out). */
export type NotifyResult = { status: number } | { status: null; error: string };

const iso = (ms: number): string => new Date(ms).toISOString();

/** Where a notifier posts, shown without its path and query (a hook URL often holds a secret there). */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname === '/' && parsed.search === '' ? parsed.origin : `${parsed.origin}/…`;
}

/** Where a notifier delivers, as the API and logs show it: without the secrets of its URL. */
export function shownUrl(notifier: NotifierConfig): string {
  return 'channel' in notifier ? maskChannelUrl(notifier.url) : redactedUrl(notifier.url);
}

/** The HMAC header value of a body: `sha256=<hex HMAC-SHA256 of the body with the secret>`. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The version 2 signature, which covers the timestamp with the body so a captured
 * delivery cannot be replayed under a fresh timestamp:
 * `v2=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>`.
 */
export function signTimestampedBody(timestampS: string, body: string, secret: string): string {
  return `v2=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

/** The webhook body of an alert's state change. */
export function webhookPayload(alert: Alert, dashboardUrl: string): WebhookPayload {
  return {
    rule: alert.rule,
    host: alert.hostId,
    labels: alert.labels,
    severity: alert.severity,
    metric: alert.metric,
    value: alert.value,
    threshold: alert.threshold,
    state: alert.state === 'resolved' ? 'resolved' : 'firing',
    startsAt: iso(alert.startsAtMs ?? alert.activeSinceMs),
    endsAt: alert.endsAtMs === null ? null : iso(alert.endsAtMs),
    dashboardUrl,
    ...(alert.topProcesses ? { topProcesses: alert.topProcesses.processes } : {}),
  };
}

/** One alert in Alertmanager's v2 format; a firing one ends ALERTMANAGER_FIRING_TTL_MS from now unless posted again. */
export function alertmanagerAlert(alert: Alert, dashboardUrl: string, nowMs: number): Record<string, unknown> {
  const condition = alert.metric === 'process.absent' ? 'no matching process running' : alert.op === undefined ? 'host offline' : `${alert.metric} ${alert.op} ${alert.threshold}`;
  return {
    labels: { alertname: alert.rule, host: alert.hostId, severity: alert.severity, ...alert.labels },
    annotations: { summary: `${condition} on ${alert.hostId}`, value: String(alert.value), metric: alert.metric, ...(alert.topProcesses ? { top_processes: alert.topProcesses.processes.map(processLine).join('\n') } : {}) },
    startsAt: iso(alert.startsAtMs ?? alert.activeSinceMs),
    endsAt: iso(alert.endsAtMs ?? nowMs + ALERTMANAGER_FIRING_TTL_MS),
    generatorURL: dashboardUrl,
  };
}

/** The POST that tells a webhook of one state change, signed, with its idempotency key. */
export function webhookRequest(notifier: Extract<NotifierConfig, { type: 'webhook' }>, deliveryId: string, alert: Alert, dashboardUrl: string, nowMs: number): NotifyRequest {
  const body = JSON.stringify(webhookPayload(alert, dashboardUrl));
  const timestampS = String(Math.floor(nowMs / 1000));
  return {
    url: notifier.url,
    headers: {
      'content-type': 'application/json',
      'x-hostpulse-signature': signBody(body, notifier.secret),
      'x-hostpulse-signature-v2': signTimestampedBody(timestampS, body, notifier.secret),
      'x-hostpulse-timestamp': timestampS,
      'x-hostpulse-delivery': deliveryId,
    },
    body,
  };
}

/** The POST that tells Alertmanager of alerts. */
export function alertmanagerRequest(notifier: Extract<NotifierConfig, { type: 'alertmanager' }>, alerts: readonly Alert[], dashboardUrlOf: (alert: Alert) => string, nowMs: number): NotifyRequest {
  return {
    url: `${notifier.url}/api/v2/alerts`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((alert) => alertmanagerAlert(alert, dashboardUrlOf(alert), nowMs))),
  };
}

/** Sends a request, giving up after DELIVERY_TIMEOUT_MS; never throws. */
export async function postNotify(request: NotifyRequest): Promise<NotifyResult> {
  try {
    const res = await fetch(request.url, { method: request.method ?? 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    const error = err as Error & { cause?: { code?: string } };
    const reason = error.name === 'TimeoutError' ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : (error.cause?.code ?? error.message);
    return { status: null, error: reason };
  }
}
