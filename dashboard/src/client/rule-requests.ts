import type { AlertRuleTestResponse } from '@hostpulse/protocol';
import { hubFetch, requestError } from './hub-requests.js';

// The admin's changes to the hub's alert rules: each body is one rules-file entry as
// YAML, checked by the hub as the rules file is; a refusal carries the file's message.

const rulePath = (name: string): string => `/api/alerts/rules/${encodeURIComponent(name)}`;

/** Adds a rule at the end of the hub's rules. */
export async function addRule(baseUrl: string, yaml: string, adminToken: string): Promise<void> {
  const res = await hubFetch(baseUrl, '/api/alerts/rules', { method: 'POST', bearer: adminToken, yaml });
  if (!res.ok) throw requestError('POST /api/alerts/rules', res, await res.text());
}

/** Sets the keys `yaml` gives on the rule `name` (a key given null is removed); other keys stay. */
export async function changeRule(baseUrl: string, name: string, yaml: string, adminToken: string): Promise<void> {
  const res = await hubFetch(baseUrl, rulePath(name), { method: 'POST', bearer: adminToken, yaml });
  if (!res.ok) throw requestError(`POST ${rulePath(name)}`, res, await res.text());
}

/** Deletes the rule `name`. */
export async function deleteRule(baseUrl: string, name: string, adminToken: string): Promise<void> {
  const res = await hubFetch(baseUrl, rulePath(name), { method: 'DELETE', bearer: adminToken });
  if (!res.ok) throw requestError(`DELETE ${rulePath(name)}`, res, await res.text());
}

/** Sends a test notification of the rule `name` to its notifiers; what each answered. */
export async function testRule(baseUrl: string, name: string, adminToken: string): Promise<AlertRuleTestResponse> {
  const path = `${rulePath(name)}/test`;
  const res = await hubFetch(baseUrl, path, { method: 'POST', bearer: adminToken });
  const body = await res.text();
  if (!res.ok) throw requestError(`POST ${path}`, res, body);
  return JSON.parse(body) as AlertRuleTestResponse;
}

/** The hub's rules and notifiers as a rules file (YAML, secrets masked). */
export async function exportRules(baseUrl: string, adminToken: string): Promise<string> {
  const res = await hubFetch(baseUrl, '/api/alerts/config', { bearer: adminToken });
  const body = await res.text();
  if (!res.ok) throw requestError('GET /api/alerts/config', res, body);
  return body;
}
