import type { AlertRule, ChannelService, NotifierInfo } from './alerts.js';

/**
 * POST /api/alerts/rules (201) and POST /api/alerts/rules/:name (200), admin token:
 * the rule as the hub now runs it and the alerts document's new revision.
 */
export interface AlertRuleChange {
  revision: number;
  rule: AlertRule;
}

/** POST /api/alerts/notifiers (201), admin token: the notifier as the API shows it (URL masked) and the new revision. */
export interface NotifierChange {
  revision: number;
  notifier: NotifierInfo;
}

/** What one notifier answered to a test notification: its HTTP (or SMTP 250) status, or why none came. */
export interface RuleTestResult {
  notifier: string;
  notifierType: 'webhook' | 'alertmanager' | ChannelService;
  ok: boolean;
  status: number | null;
  error?: string;
}

/**
 * POST /api/alerts/rules/:name/test, admin token: a made-up firing alert of the rule,
 * on host `hostpulse-test` and labelled `test: "true"`, sent once to each notifier
 * the rule reaches; what each answered.
 */
export interface AlertRuleTestResponse {
  rule: string;
  results: RuleTestResult[];
}
