import { type AlertRule } from '@hostpulse/protocol';
/** Where a notifier delivers: a signed webhook, or Alertmanager's /api/v2/alerts. */
export type NotifierConfig = {
    name: string;
    type: 'webhook';
    url: string;
    secret: string;
} | {
    name: string;
    type: 'alertmanager';
    url: string;
};
/** The alert rules and notifiers the hub runs, and where they came from. */
export interface AlertsConfig {
    /** The rules file, or "default" for the rules used without one. */
    readonly source: string;
    readonly rules: readonly AlertRule[];
    readonly notifiers: readonly NotifierConfig[];
}
/**
 * The rules a hub without --alerts-file runs: shown on the dashboard, delivered
 * nowhere (there is no notifier without a file).
 */
export declare const DEFAULT_ALERTS: AlertsConfig;
/** Share of the threshold a value must move back before a firing alert resolves, when a rule names no `clear`. */
export declare const DEFAULT_HYSTERESIS = 0.05;
/**
 * Parses a rules file's text: JSON, or YAML (of which JSON is a subset). Throws a
 * ConfigError whose message starts with `file:line:column` of what is wrong.
 */
export declare function parseAlertsFile(text: string, file: string): AlertsConfig;
/** Reads and parses a rules file; a file that cannot be read is a ConfigError naming it. */
export declare function readAlertsFile(file: string): AlertsConfig;
//# sourceMappingURL=rules-file.d.ts.map