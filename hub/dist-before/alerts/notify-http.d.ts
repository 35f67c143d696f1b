import type { Alert, WebhookPayload } from '@hostpulse/protocol';
import type { NotifierConfig } from './rules-file.js';
/** Longest a receiver may take to answer one delivery. */
export declare const DELIVERY_TIMEOUT_MS = 10000;
/** How long Alertmanager keeps a firing alert without hearing of it again; the hub re-posts firing alerts well within it. */
export declare const ALERTMANAGER_FIRING_TTL_MS: number;
/** One HTTP POST to a notifier. */
export interface NotifyRequest {
    url: string;
    headers: Record<string, string>;
    body: string;
}
/** What came of a POST: the status, or why there was none (refused, timed out). */
export type NotifyResult = {
    status: number;
} | {
    status: null;
    error: string;
};
/** Where a notifier posts, shown without its path and query (a hook URL often holds a secret there). */
export declare function redactedUrl(url: string): string;
/** The HMAC header value of a body: `sha256=<hex HMAC-SHA256 of the body with the secret>`. */
export declare function signBody(body: string, secret: string): string;
/** The webhook body of an alert's state change. */
export declare function webhookPayload(alert: Alert, dashboardUrl: string): WebhookPayload;
/** One alert in Alertmanager's v2 format; a firing one ends ALERTMANAGER_FIRING_TTL_MS from now unless posted again. */
export declare function alertmanagerAlert(alert: Alert, dashboardUrl: string, nowMs: number): Record<string, unknown>;
/** The POST that tells a webhook of one state change, signed, with its idempotency key. */
export declare function webhookRequest(notifier: Extract<NotifierConfig, {
    type: 'webhook';
}>, deliveryId: string, alert: Alert, dashboardUrl: string, nowMs: number): NotifyRequest;
/** The POST that tells Alertmanager of alerts. */
export declare function alertmanagerRequest(notifier: NotifierConfig, alerts: readonly Alert[], dashboardUrlOf: (alert: Alert) => string, nowMs: number): NotifyRequest;
/** POSTs a request, giving up after DELIVERY_TIMEOUT_MS; never throws. */
export declare function postNotify(request: NotifyRequest): Promise<NotifyResult>;
//# sourceMappingURL=notify-http.d.ts.map