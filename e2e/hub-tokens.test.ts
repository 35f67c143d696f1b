import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { AGENT_TOKENS_PATH } from '@hostpulse/protocol';
import { startConnectedAgent } from '@hostpulse/testkit/agent-process';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { upgradeStatus } from '@hostpulse/testkit/test-socket';
import { ARTIFACTS, test } from './fixtures.js';

// An operator replaces the hub's own tokens from the dashboard: the hub keeps them in its
// data dir (no token given to it here), and the Hub tokens dialog makes a new agent token,
// then a new admin token, each refused in its old form at once.
describe('Hub tokens', () => {
  test('makes a new agent token and a new admin token from the overview, showing each once with what to update', async ({ page }) => {
    const dir = mkdtempSync(join(tmpdir(), 'hostpulse-e2e-tokens-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const dataDir = join(dir, 'data');
    const hub = await startHubProcess(['--data-dir', dataDir]);
    onTestFinished(async () => void (await hub.stop()));
    const kept = JSON.parse(readFileSync(join(dataDir, 'hostpulse-tokens.json'), 'utf8')) as { agentToken: string; adminToken: string };
    const agent = await startConnectedAgent(hub.url, kept.agentToken, ['--host-id', 'kept-token-host']);
    onTestFinished(async () => void (await agent.stop()));
    const agentUpgrade = (token: string) => upgradeStatus(`${hub.url.replace(/^http/, 'ws')}/agent`, { Authorization: `Bearer ${token}` });

    await page.goto(`${hub.url}/`);
    const card = page.locator('[data-host-id="kept-token-host"]');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('online');
    await page.getByRole('button', { name: 'Hub tokens' }).click();
    const dialog = page.getByRole('dialog', { name: "The hub's tokens" });
    await dialog.waitFor();
    await dialog.getByLabel('Admin token', { exact: true }).fill('not-the-admin-token');
    await dialog.getByRole('button', { name: 'Make a new agent token' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('admin token missing or wrong');
    expect(await agentUpgrade(kept.agentToken)).toBe(101);

    await dialog.getByLabel('Admin token', { exact: true }).fill(kept.adminToken);
    await dialog.getByRole('button', { name: 'Make a new agent token' }).click();
    const shown = dialog.getByTestId('new-token');
    await shown.waitFor();
    const agentToken = (await shown.textContent()) ?? '';
    expect(agentToken).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    const rotated = (await dialog.getByTestId('rotated').textContent()) ?? '';
    expect(rotated).toContain('HOSTPULSE_TOKEN in /etc/hostpulse/agent.env');
    expect(rotated).toContain('1 agent(s) connected with the old token stay connected');
    await page.screenshot({ path: `${ARTIFACTS}hub-tokens-agent.png` });
    expect(await agentUpgrade(kept.agentToken)).toBe(401);
    expect(await agentUpgrade(agentToken)).toBe(101);
    // The agent on the old token keeps streaming until it reconnects.
    expect(await card.textContent()).toContain('online');

    await dialog.getByLabel('admin token', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Make a new admin token' }).click();
    await expect.poll(() => dialog.getByTestId('rotated').textContent()).toContain('The new admin token');
    const adminToken = (await shown.textContent()) ?? '';
    expect(adminToken).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    expect(await dialog.getByLabel('Admin token', { exact: true }).inputValue()).toBe(adminToken);
    await page.screenshot({ path: `${ARTIFACTS}hub-tokens-admin.png` });
    const asAdmin = async (token: string) => (await fetch(`${hub.url}${AGENT_TOKENS_PATH}`, { headers: { authorization: `Bearer ${token}` } })).status;
    expect([await asAdmin(kept.adminToken), await asAdmin(adminToken)]).toEqual([401, 200]);
    expect(JSON.parse(readFileSync(join(dataDir, 'hostpulse-tokens.json'), 'utf8'))).toEqual({ agentToken, adminToken });

    // Shown once: opened again, the dialog no longer holds either token.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Hub tokens' }).click();
    expect(await dialog.textContent()).not.toContain(agentToken);
  });
});
