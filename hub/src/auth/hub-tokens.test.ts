import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubTokens, type HubTokensOptions } from './hub-tokens.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hub-tokens-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const options = (more: Partial<HubTokensOptions> = {}): HubTokensOptions => ({ dataDir, agentToken: undefined, adminToken: undefined, agentHostTokens: [], ...more });
const fileText = (): Promise<string> => readFile(path.join(dataDir, 'hostpulse-tokens.json'), 'utf8');

describe('HubTokens', () => {
  it('makes both tokens once, writes them 0600, and reads the same ones back', async () => {
    const first = HubTokens.open(options());
    expect(first.made).toEqual(['agent', 'admin']);
    expect(first.token('agent')).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    expect((await stat(first.file!)).mode & 0o777).toBe(0o600);
    const second = HubTokens.open(options());
    expect(second.made).toEqual([]);
    expect([second.token('agent'), second.token('admin')]).toEqual([first.token('agent'), first.token('admin')]);
    expect([second.source('agent'), second.source('admin')]).toEqual(['kept', 'kept']);
  });

  it('makes no shared agent token when --agent-tokens-file gives per-host ones, and will not rotate one', async () => {
    const tokens = HubTokens.open(options({ agentHostTokens: [{ hostId: 'web-1', token: 'web-1-token' }] }));
    expect(tokens.made).toEqual(['admin']);
    expect(tokens.source('agent')).toBe('none');
    expect(tokens.rotate('agent')).toEqual({ ok: false, message: expect.stringMatching(/agents use per-host tokens from --agent-tokens-file/) });
    expect(JSON.parse(await fileText())).toEqual({ adminToken: tokens.token('admin') });
  });

  it('rotates a kept token in the file, leaving the other as it was', async () => {
    const tokens = HubTokens.open(options());
    const admin = tokens.token('admin');
    const result = tokens.rotate('agent');
    expect(result.ok).toBe(true);
    expect(tokens.token('agent')).toBe(result.ok && result.token);
    expect(JSON.parse(await fileText())).toEqual({ agentToken: tokens.token('agent'), adminToken: admin });
  });

  it('makes and keeps nothing without a data dir', () => {
    const tokens = HubTokens.open(options({ dataDir: null, adminToken: 'given-admin-token' }));
    expect([tokens.file, tokens.made, tokens.token('agent'), tokens.token('admin'), tokens.source('admin')]).toEqual([null, [], undefined, 'given-admin-token', 'given']);
  });
});
