import { AlertEngine } from './alert-engine.js';
import { DeliveryQueue } from './delivery-queue.js';
import { KeptList, parseSaved } from './kept-list.js';
import { alertmanagerRequest, postNotify, redactedUrl, webhookRequest } from './notify-http.js';
/** Delivery attempts kept for the Alerts page. */
export const DELIVERY_LOG_KEPT = 200;
/** How often firing alerts are posted to Alertmanager again, so it does not time them out. */
export const ALERTMANAGER_REFRESH_MS = 60_000;
/**
 * The hub's alerting: the rules engine, the delivery queues and the delivery log,
 * behind what the hub core calls (samples, status changes, reloads) and what the
 * transports serve (the `alerts` topic, GET /api/alerts). Every change bumps
 * `version`, the ETag of GET /api/alerts.
 */
export class Alerting {
    #log;
    #publish;
    #nowMs;
    #deliveryLog;
    #queue;
    #engine;
    #config;
    #version;
    #publicUrl = 'http://127.0.0.1';
    #refreshTimer;
    /**
     * Nothing is published before `start`: no dashboard can have subscribed yet, and
     * uWS crashes (SIGSEGV) when asked for a topic's subscribers before it listens,
     * which restoring a host.offline alert at start-up would otherwise do.
     */
    #started = false;
    #delivers;
    constructor({ store, log, config, publish, hosts, hostTags, delivers, nowMs = Date.now }) {
        this.#delivers = delivers;
        this.#log = log;
        this.#publish = publish;
        this.#nowMs = nowMs;
        this.#config = config;
        // Versions of an earlier process stay below this one's, as for the overview.
        this.#version = nowMs() * 1000;
        this.#deliveryLog = new KeptList(store, 'delivery-log/', DELIVERY_LOG_KEPT, (text) => parseSaved('DeliveryAttempt', text));
        this.#queue = new DeliveryQueue({
            store,
            log,
            nowMs,
            send: (notifier, delivery) => this.#send(notifier, delivery),
            onAttempt: (attempt) => {
                this.#deliveryLog.add(attempt.tsMs, attempt);
                this.#changed([], [attempt]);
            },
        });
        this.#queue.setNotifiers(config.notifiers);
        this.#engine = new AlertEngine({ store, rules: config.rules, hosts, hostTags, nowMs, onChange: (alert, change) => {
                if ((change === 'firing' || change === 'resolved') && this.#delivers(alert.hostId))
                    this.#queue.enqueue(alert);
                this.#changed([alert], []);
            } });
    }
    /** The current version: the ETag of GET /api/alerts. */
    get version() {
        return this.#version;
    }
    /** Starts delivering, with dashboard links below `publicUrl`. */
    start(publicUrl) {
        this.#publicUrl = publicUrl.replace(/\/+$/, '');
        this.#started = true;
        this.#queue.start();
        this.#refreshTimer = setInterval(() => void this.#refreshAlertmanagers(), ALERTMANAGER_REFRESH_MS);
    }
    /** A sample was stored. */
    onSample(sample) {
        this.#engine.onSample(sample);
    }
    /** A host went offline or came back. */
    onStatus(hostId, online) {
        this.#engine.onStatus(hostId, online);
    }
    /** A host was forgotten. */
    onHostRemoved(hostId) {
        this.#engine.onHostRemoved(hostId);
    }
    /** Puts a reloaded rules file in force and tells the dashboards. */
    reload(config) {
        this.#config = config;
        this.#queue.setNotifiers(config.notifiers);
        this.#engine.setRules(config.rules);
        this.#version++;
        if (this.#started)
            this.#publish({ ...this.#frame(false, [], []), rules: this.#engine.rules, rulesSource: config.source });
    }
    /** What GET /api/alerts answers. */
    response() {
        return {
            version: this.#version,
            hubTimeMs: this.#nowMs(),
            rulesSource: this.#config.source,
            rules: this.#engine.rules,
            current: this.#engine.current(),
            past: this.#engine.past(),
            notifiers: this.#notifierInfo(),
            deliveries: this.#deliveryLog.items(),
        };
    }
    /** A new subscriber's first frame: everything GET /api/alerts holds. */
    fullFrame() {
        const r = this.response();
        return { ...this.#frame(true, [...r.current, ...r.past], r.deliveries), rules: r.rules, rulesSource: r.rulesSource };
    }
    /** Stops the timers and sending; queued deliveries stay saved. */
    stop() {
        clearInterval(this.#refreshTimer);
        this.#engine.stop();
        this.#queue.stop();
    }
    #frame(full, alerts, deliveries) {
        return { type: 'alerts', full, version: this.#version, hubTimeMs: this.#nowMs(), alerts, deliveries, notifiers: this.#notifierInfo() };
    }
    #changed(alerts, deliveries) {
        this.#version++;
        if (this.#started)
            this.#publish(this.#frame(false, alerts, deliveries));
    }
    #notifierInfo() {
        return this.#config.notifiers.map((n) => ({ name: n.name, type: n.type, url: redactedUrl(n.url), queued: this.#queue.queued(n.name) }));
    }
    #dashboardUrl(alert) {
        return `${this.#publicUrl}/#/host/${encodeURIComponent(alert.hostId)}`;
    }
    #send(notifier, delivery) {
        const now = this.#nowMs();
        const request = notifier.type === 'webhook'
            ? webhookRequest(notifier, delivery.deliveryId, delivery.alert, this.#dashboardUrl(delivery.alert), now)
            : alertmanagerRequest(notifier, [delivery.alert], (alert) => this.#dashboardUrl(alert), now);
        return postNotify(request);
    }
    /** Posts every firing alert to each Alertmanager again, in its queue's place in line so it cannot overtake a resolution. */
    async #refreshAlertmanagers() {
        for (const notifier of this.#config.notifiers) {
            if (notifier.type !== 'alertmanager')
                continue;
            await this.#queue.runWhenIdle(notifier.name, async () => {
                const firing = this.#engine.current().filter((alert) => alert.state === 'firing' && this.#delivers(alert.hostId));
                if (firing.length === 0)
                    return;
                const result = await postNotify(alertmanagerRequest(notifier, firing, (alert) => this.#dashboardUrl(alert), this.#nowMs()));
                if (result.status === null || result.status >= 300) {
                    this.#log.warn('alertmanager refresh failed', { notifier: notifier.name, url: redactedUrl(notifier.url), status: result.status ?? undefined, error: result.status === null ? result.error : undefined });
                }
            });
        }
    }
}
//# sourceMappingURL=alerting.js.map