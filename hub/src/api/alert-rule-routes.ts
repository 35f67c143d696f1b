import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { ConfigError, type Logger } from '@hostpulse/common';
import type { AlertRuleChange, AlertRuleTestResponse, NotifierChange } from '@hostpulse/protocol';
import type { AlertsDocument } from '../alerts/alerts-document.js';
import { addEntry, changeEntry, deleteEntry, EditError, exportYaml, type EntryList } from '../alerts/alerts-edits.js';
import type { Alerting } from '../alerts/alerting.js';
import { shownUrl } from '../alerts/notify-http.js';
import type { AlertsConfig } from '../alerts/rules-file.js';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { answerLater, isJsonContentType, readBody } from '../http/body.js';
import type { InFlight } from '../http/in-flight.js';
import { errorReply, jsonReply, writeReply, type Reply } from '../http/reply.js';
import type { FaultCounter } from '../telemetry/faults.js';

/** Largest rule or notifier body read. */
export const ALERT_ENTRY_MAX_BODY_BYTES = 16 * 1024;
/** Largest alerts document the API makes: well under the 1 MiB a NATS key-value entry may hold. */
export const ALERTS_DOCUMENT_MAX_BYTES = 512 * 1024;

/** What the alert rule routes work with. */
export interface AlertRuleRouteDeps {
  access: Access;
  document: AlertsDocument;
  alerting: Alerting;
  faults: FaultCounter;
  inFlight: InFlight;
  log: Logger;
}

/** A rules-file error without its `source:line:column: ` lead, which names a place in text the admin did not write. */
function withoutPlace(message: string): string {
  return message.replace(/^[^\n]*?:\d+:\d+: /, '');
}

function isEntryContentType(contentType: string): boolean {
  return isJsonContentType(contentType) || /^(application|text)\/(x-)?yaml\s*(;|$)/i.test(contentType);
}

/**
 * Registers the admin routes that change the alerts document (alerts-document.ts):
 * add, change (the keys given; null removes one), delete and test a rule; add and
 * delete a notifier; and GET /api/alerts/config, the document as YAML with secrets
 * masked. Bodies are one rules-file entry, JSON or YAML; a change the rules file
 * would refuse is a 400 with the file's message. Each change is in force at once
 * and, in a cluster, reaches every hub.
 */
export function registerAlertRules(app: TemplatedApp, deps: AlertRuleRouteDeps): void {
  const { access, document, alerting, faults, inFlight, log } = deps;

  access.route(app, ROUTES.alertsConfig, (res, _req, headers) => {
    const text = exportYaml(document.text, document.config.notifiers.map(shownUrl));
    const revision = String(document.state?.revision ?? 0);
    writeReply(res, { status: '200 OK', headers: [['Content-Type', 'application/yaml; charset=utf-8'], ['Cache-Control', 'no-cache'], ['X-Hostpulse-Revision', revision], ...headers], body: text });
  });
  withBody(ROUTES.addAlertRule, 'adding an alert rule', (text) => change((doc) => addEntry(doc, 'rules', text), (config, revision) => {
    const rule = config.rules.at(-1)!;
    return jsonReply('201 Created', { revision, rule } satisfies AlertRuleChange);
  }));
  withBody(ROUTES.changeAlertRule, 'changing an alert rule', (text, name) => {
    // The rule keeps its place in the list, whatever name the change gives it.
    const index = document.config.rules.findIndex((r) => r.name === name);
    return change((doc) => changeEntry(doc, 'rules', name, text), (config, revision) => jsonReply('200 OK', { revision, rule: config.rules[index]! } satisfies AlertRuleChange));
  });
  access.route(app, ROUTES.deleteAlertRule, (res, req, headers) => removeEntry(res, req, headers, 'rules'));
  access.route(app, ROUTES.testAlertRule, (res, req, headers) => {
    const name = req.getParameter(0) ?? '';
    const rule = document.config.rules.find((r) => r.name === name);
    if (!rule) return void writeReply(res, errorReply('404 Not Found', `no rule named "${name}"`, headers));
    answerLater(res, inFlight, 'sending a test notification', async () => {
      const results = await alerting.sendTest(rule);
      log.info('test notification sent', { rule: name, notifiers: results.length, failed: results.filter((r) => !r.ok).length || undefined });
      return jsonReply('200 OK', { rule: name, results } satisfies AlertRuleTestResponse, headers);
    });
  });
  withBody(ROUTES.addNotifier, 'adding a notifier', (text) => change((doc) => addEntry(doc, 'notifiers', text), (_config, revision) => {
    const notifier = alerting.response().notifiers.at(-1)!;
    return jsonReply('201 Created', { revision, notifier } satisfies NotifierChange);
  }));
  access.route(app, ROUTES.deleteNotifier, (res, req, headers) => removeEntry(res, req, headers, 'notifiers'));

  /** Registers a POST route whose body is one entry; `work` gets the body and the route's :name. */
  function withBody(spec: (typeof ROUTES)['addAlertRule' | 'changeAlertRule' | 'addNotifier'], what: string, work: (text: string, name: string) => Reply): void {
    access.route(app, spec, (res, req, headers) => {
      const url = req.getUrl();
      const name = spec.path.includes(':name') ? (req.getParameter(0) ?? '') : '';
      if (!isEntryContentType(req.getHeader('content-type'))) {
        return void writeReply(res, errorReply('415 Unsupported Media Type', 'send the entry as Content-Type: application/json or application/yaml', headers));
      }
      const body = readBody(res, ALERT_ENTRY_MAX_BODY_BYTES);
      answerLater(res, inFlight, what, async () => {
        const text = await body;
        const reply = text === null ? errorReply('413 Content Too Large', `an entry is at most ${ALERT_ENTRY_MAX_BODY_BYTES} bytes`) : work(text, name);
        if (reply.status.startsWith('400')) faults.record('badRequest', { url });
        return { ...reply, headers: [...reply.headers, ...headers] };
      });
    });
  }

  function removeEntry(res: HttpResponse, req: HttpRequest, headers: [string, string][], list: EntryList): void {
    const name = req.getParameter(0) ?? '';
    const reply = change((doc) => deleteEntry(doc, list, name), () => ({ status: '204 No Content', headers: [['Cache-Control', 'no-cache']], body: null }));
    writeReply(res, { ...reply, headers: [...reply.headers, ...headers] });
  }

  /** Puts `edit` in force and answers with `ok`; a 404 for an entry not there, a 400 with the rules file's message for one it refuses. */
  function change(edit: (text: string) => string, ok: (config: AlertsConfig, revision: number) => Reply): Reply {
    try {
      const config = document.change((text) => {
        const next = edit(text);
        if (Buffer.byteLength(next) > ALERTS_DOCUMENT_MAX_BYTES) throw new EditError(`the rules and notifiers would pass ${ALERTS_DOCUMENT_MAX_BYTES / 1024} KiB; delete some first`);
        return next;
      });
      const revision = document.state!.revision;
      log.info('alert rules changed', { revision, alertRules: config.rules.length, notifiers: config.notifiers.length });
      return ok(config, revision);
    } catch (err) {
      if (err instanceof EditError) return errorReply(err.isMissing ? '404 Not Found' : '400 Bad Request', err.message);
      if (err instanceof ConfigError) return errorReply('400 Bad Request', withoutPlace(err.message));
      throw err;
    }
  }
}
