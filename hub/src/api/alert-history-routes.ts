import type { TemplatedApp } from 'uWebSockets.js';
import type { AlertHistory } from '../alerts/alert-history.js';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { badField, jsonReply, writeReply } from '../http/reply.js';
import { parseAlertHistoryQuery } from './query.js';

/** What the alert history route reads. */
export interface AlertHistoryRouteDeps {
  access: Access;
  history: AlertHistory;
}

/**
 * Registers GET /api/alerts/history (viewer): a page of the alert events this hub
 * saw, newest first, of one host (`host`) or all; `before` pages to older ones.
 * A bad parameter is a 400 naming it.
 */
export function registerAlertHistory(app: TemplatedApp, { access, history }: AlertHistoryRouteDeps): void {
  access.route(app, ROUTES.alertHistory, (res, req, headers) => {
    const query = parseAlertHistoryQuery(req.getQuery() ?? '');
    const reply = query.ok
      ? jsonReply('200 OK', history.page(query.value), [['Cache-Control', 'no-cache']])
      : badField(query.field, query.message);
    writeReply(res, { ...reply, headers: [...reply.headers, ...headers] });
  });
}
