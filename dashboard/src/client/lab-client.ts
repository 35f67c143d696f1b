import { LAB_PATH } from '@hostpulse/protocol';
import type { ErrorResponse, LabRequest, LabState } from '@hostpulse/protocol';
import { hubUrl } from './transport.js';

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
 * token, when the user gave one, goes as a bearer header; a failed request is an answer
 * with status 0, so callers have one shape to show.
 */
export async function callLab(baseUrl: string, method: 'GET' | 'POST' | 'DELETE', adminToken: string, request?: LabRequest): Promise<LabAnswer> {
  const headers: Record<string, string> = {};
  if (adminToken !== '' && method !== 'GET') headers['authorization'] = `Bearer ${adminToken}`;
  if (request) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(hubUrl(baseUrl, LAB_PATH), { method, headers, cache: 'no-store', ...(request ? { body: JSON.stringify(request) } : {}) });
    return res.ok ? { ok: true, state: (await res.json()) as LabState } : await refusalOf(res);
  } catch (error) {
    return { ok: false, status: 0, message: `the hub did not answer: ${error instanceof Error ? error.message : String(error)}` };
  }
}
