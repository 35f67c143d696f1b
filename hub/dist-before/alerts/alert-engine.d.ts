import type { Alert, AlertRule, HostSample } from '@hostpulse/protocol';
import type { StateStore } from '../store/state-store.js';
import { type Change } from './alert-machine.js';
/** Resolved alerts kept for the Alerts page. */
export declare const PAST_ALERTS_KEPT = 200;
/** What the engine needs from outside. */
export interface AlertEngineOptions {
    store: StateStore;
    rules: readonly AlertRule[];
    /** Every host the hub knows and whether it is online, for host.offline rules. */
    hosts: () => Iterable<{
        hostId: string;
        online: boolean;
    }>;
    /** A host's tags (from its agent's --tags), for rules that select hosts by tag. */
    hostTags: (hostId: string) => Readonly<Record<string, string>>;
    /** An alert changed state; `alert` is its new state (resolved or cancelled ones come with state "resolved"). */
    onChange: (alert: Alert, change: Change) => void;
    nowMs?: () => number;
}
/** Whether a rule covers a host: its id matches one of the rule's patterns, and it carries every one of the rule's tags. */
export declare function ruleCovers(rule: AlertRule, hostId: string, tags: Readonly<Record<string, string>>): boolean;
/** An alert's id: its rule, host and the value of its one label (mount, interface or device), if any. */
export declare function alertId(rule: string, hostId: string, labels: Record<string, string>): string;
/**
 * Evaluates alert rules as samples and host status changes arrive, keeping one
 * state per rule, host and (for per-mount, per-interface and per-device metrics)
 * label. Pending and firing alerts, the past ones and, per host, the time of the
 * last sample that changed anything are saved in the store, so a restarted hub
 * neither fires an alert again nor forgets one, and samples an agent replays
 * after the restart do not move alerts a second time. The one timer is for
 * host.offline rules, whose hold time passes with no sample to evaluate.
 */
export declare class AlertEngine {
    #private;
    constructor({ store, rules, hosts, hostTags, onChange, nowMs }: AlertEngineOptions);
    /** The rules in force. */
    get rules(): AlertRule[];
    /** Pending and firing alerts. */
    current(): Alert[];
    /** Resolved alerts, newest first. */
    past(): Alert[];
    /**
     * Puts new rules in force. Alerts of a rule that is gone, or no longer covers
     * their host, resolve; a changed threshold applies from the next value.
     * host.offline rules start on hosts already offline.
     */
    setRules(rules: readonly AlertRule[]): void;
    /** Evaluates every metric rule that covers the sample's host against its values. */
    onSample(sample: HostSample): void;
    /** Evaluates host.offline rules when a host goes offline or comes back. */
    onStatus(hostId: string, online: boolean): void;
    /** A forgotten host's alerts resolve. */
    onHostRemoved(hostId: string): void;
    /** Stops the hold-time timer. */
    stop(): void;
}
//# sourceMappingURL=alert-engine.d.ts.map