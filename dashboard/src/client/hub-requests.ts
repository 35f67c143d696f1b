import { AGENT_TOKENS_PATH, CLIENT_ID_HEADER, HUB_INFO_PATH, HUB_TOKENS_PATH, INSPECT_PATH, LAB_PATH } from '@hostpulse/protocol';
import type { AlertHistoryResponse } from '@hostpulse/protocol';
import type { AgentTokenRequest, AgentTokenResponse, ErrorResponse, HostNameRequest, SilenceRequest, HubInfo, HubTokenName, HubTokenRotation, HubTokenValue, InspectResponse, LabRequest, LabState, PollExchange, SeriesResponse } from '@hostpulse/protocol';
import type { TimeRange } from '../routing/url-state.js';
import { hubUrl } from './transport.js';

/** The hub answered a request with an error status; the message is the hub's own when it sent one. */
export class HubRequestError extends Error {
  override name = 'HubRequestError';
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** What one request to the hub carries besides its path; every field is optional. */
export interface HubRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** This tab's id, so the hub counts its requests as one client (`x-hostpulse-client`). */
  clientId?: string;
  /** A token sent as `Authorization: Bearer`; '' sends none. */
  bearer?: string;
  /** The ETag held, sent as `If-None-Match` so an unchanged answer is a bodiless 304. */
  etag?: string;
  /** A body, sent as JSON. */
  json?: unknown;
  /** A body of YAML text (a rules-file entry). */
  yaml?: string;
}

/**
 * The one place the dashboard calls fetch: the path below the page's base (so a
 * reverse-proxy prefix is kept), the headers a request names, and never the browser's
 * cache, since every answer is live data or a change.
 */
export function hubFetch(baseUrl: string, path: string, request: HubRequest = {}): Promise<Response> {
  const { method, clientId, bearer, etag, json, yaml } = request;
  const headers: Record<string, string> = {};
  if (clientId !== undefined) headers[CLIENT_ID_HEADER] = clientId;
  if (bearer !== undefined && bearer !== '') headers['authorization'] = `Bearer ${bearer}`;
  if (etag !== undefined) headers['if-none-match'] = etag;
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (yaml !== undefined) headers['content-type'] = 'application/yaml';
  return fetch(hubUrl(baseUrl, path), {
    ...(method ? { method } : {}),
    headers,
    cache: 'no-store',
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    ...(yaml !== undefined ? { body: yaml } : {}),
  });
}

/** Rough size of a response's status line and headers, as the browser lets a page see them. */
export function responseHeaderBytes(res: Response): number {
  let bytes = 17; // "HTTP/1.1 200 OK\r\n"
  res.headers.forEach((value, name) => {
    bytes += name.length + value.length + 4;
  });
  return bytes + 2;
}

/** The error for a failed answer: the hub's message from its JSON error body, else the status. */
export function requestError(what: string, res: Response, body: string): HubRequestError {
  let message = `${what} answered ${res.status}`;
  try {
    const parsed = JSON.parse(body) as Partial<ErrorResponse>;
    if (typeof parsed.error?.message === 'string' && parsed.error.message !== '') message = parsed.error.message;
  } catch {
    // Not the hub's JSON (a proxy's error page): the status says enough.
  }
  return new HubRequestError(message, res.status);
}

/** A host's chart lines over a fixed range (a zoom), in about `points` buckets, and the bytes it took. */
export async function fetchSeriesRange(baseUrl: string, clientId: string, hostId: string, range: TimeRange, points: number): Promise<{ series: SeriesResponse; bytes: number }> {
  const path = `/api/hosts/${encodeURIComponent(hostId)}/series?from=${Math.round(range.fromMs)}&to=${Math.round(range.toMs)}&points=${points}`;
  const res = await hubFetch(baseUrl, path, { clientId });
  const body = await res.text();
  if (!res.ok) throw requestError(`GET ${path}`, res, body);
  return { series: JSON.parse(body) as SeriesResponse, bytes: responseHeaderBytes(res) + body.length };
}

/** Asks the hub to forget a host and its history; needs the hub's admin token. */
export async function deleteHost(baseUrl: string, hostId: string, adminToken: string): Promise<void> {
  const path = `/api/hosts/${encodeURIComponent(hostId)}`;
  const res = await hubFetch(baseUrl, path, { method: 'DELETE', bearer: adminToken });
  if (!res.ok) throw requestError(`DELETE ${path}`, res, await res.text());
}

/** Gives a host a display name, or takes it away with null; needs the hub's admin token. */
export async function nameHost(baseUrl: string, hostId: string, displayName: string | null, adminToken: string): Promise<void> {
  const path = `/api/hosts/${encodeURIComponent(hostId)}/name`;
  const request: HostNameRequest = { displayName };
  const res = await hubFetch(baseUrl, path, { method: 'POST', bearer: adminToken, json: request });
  if (!res.ok) throw requestError(`POST ${path}`, res, await res.text());
}

/** Silences the alerts a request matches, from its start to its end; needs the hub's admin token. */
export async function addSilence(baseUrl: string, request: SilenceRequest, adminToken: string): Promise<void> {
  const res = await hubFetch(baseUrl, '/api/silences', { method: 'POST', bearer: adminToken, json: request });
  if (!res.ok) throw requestError('POST /api/silences', res, await res.text());
}

/** Ends a silence now; needs the hub's admin token. */
export async function endSilence(baseUrl: string, id: string, adminToken: string): Promise<void> {
  const path = `/api/silences/${encodeURIComponent(id)}`;
  const res = await hubFetch(baseUrl, path, { method: 'DELETE', bearer: adminToken });
  if (!res.ok) throw requestError(`DELETE ${path}`, res, await res.text());
}

/** Asks the hub for a new agent token valid for `hostId` only (replacing its earlier one); needs the hub's admin token. */
export async function mintAgentToken(baseUrl: string, hostId: string, adminToken: string): Promise<AgentTokenResponse> {
  const request: AgentTokenRequest = { hostId };
  const res = await hubFetch(baseUrl, AGENT_TOKENS_PATH, { method: 'POST', bearer: adminToken, json: request });
  const body = await res.text();
  if (!res.ok) throw requestError(`POST ${AGENT_TOKENS_PATH}`, res, body);
  return JSON.parse(body) as AgentTokenResponse;
}

/** Asks the hub for a new agent or admin token of its own, in place of the old one at once; needs the hub's admin token. */
export async function rotateHubToken(baseUrl: string, name: HubTokenName, adminToken: string): Promise<HubTokenRotation> {
  const path = `${HUB_TOKENS_PATH}/${name}/rotate`;
  const res = await hubFetch(baseUrl, path, { method: 'POST', bearer: adminToken });
  const body = await res.text();
  if (!res.ok) throw requestError(`POST ${path}`, res, body);
  return JSON.parse(body) as HubTokenRotation;
}

/** How the hub is reached and what its agents need (GET /api/hub). */
export async function fetchHubInfo(baseUrl: string): Promise<HubInfo> {
  const res = await hubFetch(baseUrl, HUB_INFO_PATH);
  const body = await res.text();
  if (!res.ok) throw requestError(`GET ${HUB_INFO_PATH}`, res, body);
  return JSON.parse(body) as HubInfo;
}

/** The hub's agent or admin token in force; needs the hub's admin token. */
export async function readHubToken(baseUrl: string, name: HubTokenName, adminToken: string): Promise<string> {
  const path = `${HUB_TOKENS_PATH}/${name}`;
  const res = await hubFetch(baseUrl, path, { bearer: adminToken });
  const body = await res.text();
  if (!res.ok) throw requestError(`GET ${path}`, res, body);
  return (JSON.parse(body) as HubTokenValue).token;
}

/** This tab's last polls and the hub's answers, as the hub recorded them; asking keeps the hub recording them. */
export async function fetchPollExchanges(baseUrl: string, clientId: string): Promise<PollExchange[]> {
  const res = await hubFetch(baseUrl, INSPECT_PATH, { clientId });
  const body = await res.text();
  if (!res.ok) throw requestError(`GET ${INSPECT_PATH}`, res, body);
  return (JSON.parse(body) as InspectResponse).exchanges;
}

/** An answer of the lab API: its state, or the hub's refusal with the status and the field at fault. */
export type LabAnswer = { ok: true; state: LabState } | { ok: false; status: number; message: string; field?: string };

/** The hub's error body, or a stand-in when the answer was not one. */
async function refusalOf(res: Response): Promise<LabAnswer> {
  try {
    const body = (await res.json()) as ErrorResponse;
    return { ok: false, status: res.status, message: body.error.message, ...(body.error.field ? { field: body.error.field } : {}) };
  } catch {
    return { ok: false, status: res.status, message: `the hub answered ${res.status}` };
  }
}

/**
 * Calls /api/lab: GET reads it, POST starts or changes it, DELETE stops it. The admin
 * token, when the user gave one, goes as a bearer header on changes; a failed request
 * is an answer with status 0, so callers have one shape to show.
 */
export async function callLab(baseUrl: string, method: 'GET' | 'POST' | 'DELETE', adminToken: string, request?: LabRequest): Promise<LabAnswer> {
  try {
    const res = await hubFetch(baseUrl, LAB_PATH, { method, ...(method !== 'GET' ? { bearer: adminToken } : {}), ...(request ? { json: request } : {}) });
    return res.ok ? { ok: true, state: (await res.json()) as LabState } : await refusalOf(res);
  } catch (error) {
    return { ok: false, status: 0, message: `the hub did not answer: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A page of the hub's alert history, newest first: one host's or every host's, older than the event id `before`. */
export async function fetchAlertHistory(baseUrl: string, hostId: string | undefined, before: number | undefined): Promise<AlertHistoryResponse> {
  const params = new URLSearchParams();
  if (hostId !== undefined) params.set('host', hostId);
  if (before !== undefined) params.set('before', String(before));
  const path = `/api/alerts/history${params.size > 0 ? `?${params}` : ''}`;
  const res = await hubFetch(baseUrl, path);
  const body = await res.text();
  if (!res.ok) throw requestError(`GET ${path}`, res, body);
  return JSON.parse(body) as AlertHistoryResponse;
}
