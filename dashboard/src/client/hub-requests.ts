import { AGENT_TOKENS_PATH, CLIENT_ID_HEADER, type AgentTokenRequest, type AgentTokenResponse, type ErrorResponse, type SeriesResponse } from '@hostpulse/protocol';
import { hubUrl } from './transport.js';
import type { TimeRange } from '../routing/url-state.js';

/** The hub answered a request with an error status; the message is the hub's own when it sent one. */
export class HubRequestError extends Error {
  override name = 'HubRequestError';
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
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
  const res = await fetch(hubUrl(baseUrl, path), { headers: { [CLIENT_ID_HEADER]: clientId }, cache: 'no-store' });
  const body = await res.text();
  if (!res.ok) throw requestError(`GET ${path}`, res, body);
  return { series: JSON.parse(body) as SeriesResponse, bytes: responseHeaderBytes(res) + body.length };
}

/** Asks the hub to forget a host and its history; needs the hub's admin token. */
export async function deleteHost(baseUrl: string, hostId: string, adminToken: string): Promise<void> {
  const path = `/api/hosts/${encodeURIComponent(hostId)}`;
  const res = await fetch(hubUrl(baseUrl, path), { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` }, cache: 'no-store' });
  if (!res.ok) throw requestError(`DELETE ${path}`, res, await res.text());
}

/** Asks the hub for a new agent token valid for `hostId` only (replacing its earlier one); needs the hub's admin token. */
export async function mintAgentToken(baseUrl: string, hostId: string, adminToken: string): Promise<AgentTokenResponse> {
  const request: AgentTokenRequest = { hostId };
  const res = await fetch(hubUrl(baseUrl, AGENT_TOKENS_PATH), {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
    cache: 'no-store',
  });
  const body = await res.text();
  if (!res.ok) throw requestError(`POST ${AGENT_TOKENS_PATH}`, res, body);
  return JSON.parse(body) as AgentTokenResponse;
}
