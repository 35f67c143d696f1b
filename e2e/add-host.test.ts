import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { AGENT_TOKENS_PATH, type AgentTokensResponse } from '@hostpulse/protocol';
import { ARTIFACTS, test as base } from './fixtures.js';

const TOKEN = 'e2e-add-host-token';
const ADMIN = 'e2e-add-host-admin';

/** The fixtures with this file's hub, and `prefix`, a directory the install script installs into. */
const test = base
  .extend('token', { scope: 'file' }, TOKEN)
  .extend('hubArgs', { scope: 'file' }, ['--admin-token', ADMIN])
  .extend('prefix', async ({}, { onCleanup }) => {
    const prefix = mkdtempSync(join(tmpdir(), 'hostpulse-e2e-install-'));
    onCleanup(() => rmSync(prefix, { recursive: true, force: true }));
    return prefix;
  });

// A new user's path: open the dashboard, take the command from Add host (first as it
// explains the shared token, then with a token minted there for the new host), run it on
// this machine (as root, as the dialog says) with --prefix and --no-systemd, start the
// agent as the script says, and watch the host appear on the overview.
describe('Add host', () => {
  test('shows the one-liner for this hub, mints a token for one host, and the command installs an agent that appears on the overview', async ({ hub, page, prefix }) => {
    await page.goto(`${hub.url}/`);
    await page.getByText('No host has reported yet').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a host' });
    await dialog.waitFor();
    const command = dialog.getByTestId('install-command');
    expect(await command.textContent()).toBe(`curl -fsSL ${hub.url}/install.sh | sh -s -- --token AGENT_TOKEN`);
    await dialog.getByLabel('Agent token', { exact: true }).fill(TOKEN);
    expect(await command.textContent()).toBe(`curl -fsSL ${hub.url}/install.sh | sh -s -- --token ${TOKEN}`);
    expect(await dialog.textContent()).toContain('shared agent token');
    await page.screenshot({ path: `${ARTIFACTS}add-host.png` });

    await dialog.getByLabel('A new token for this host only').check();
    expect(await command.textContent()).toBe(`curl -fsSL ${hub.url}/install.sh | sh -s -- --token AGENT_TOKEN --host-id HOST_ID`);
    await dialog.getByLabel('Host id').fill('added-by-e2e');
    await dialog.getByLabel('Admin token', { exact: true }).fill('not-the-admin-token');
    await dialog.getByRole('button', { name: 'Mint token' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('admin token missing or wrong');
    await dialog.getByLabel('Admin token', { exact: true }).fill(ADMIN);
    await dialog.getByRole('button', { name: 'Mint token' }).click();
    await expect.poll(() => dialog.getByTestId('minted').textContent()).toContain('new token for added-by-e2e');
    const withToken = (await command.textContent()) ?? '';
    const minted = new RegExp(`^curl -fsSL ${hub.url}/install\\.sh \\| sh -s -- --token ([A-Za-z0-9_-]{43}) --host-id added-by-e2e$`).exec(withToken);
    expect(minted, withToken).not.toBeNull();
    const token = minted![1]!;
    await page.screenshot({ path: `${ARTIFACTS}add-host-minted.png` });

    const install = spawnSync('sh', ['-c', `${withToken} --prefix ${prefix} --no-systemd`], { encoding: 'utf8' });
    expect(install.stderr).toContain('installed hostpulse-agent');
    expect(install.status).toBe(0);
    // exec: the agent takes the shell's pid, so the kill after the test reaches it.
    const agent = spawn('/bin/sh', ['-c', `exec ${install.stdout.trim()}`], { stdio: 'ignore', env: {} });
    onTestFinished(() => void agent.kill('SIGTERM'));

    await page.getByRole('button', { name: 'Close' }).click();
    const card = page.locator('[data-host-id="added-by-e2e"]');
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('online');
    await page.screenshot({ path: `${ARTIFACTS}add-host-overview.png` });

    // Shown once: opened again, the dialog no longer holds the minted token, and the hub lists the host id alone.
    await page.getByRole('button', { name: 'Add host' }).click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('The hub\'s shared agent token').isChecked()).toBe(true);
    expect(await dialog.textContent()).not.toContain(token);
    const listed = await fetch(`${hub.url}${AGENT_TOKENS_PATH}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await listed.json()) as AgentTokensResponse).tokens.map((entry) => entry.hostId)).toEqual(['added-by-e2e']);
  });

  test('says a hub on loopback only cannot be reached from other machines, and how to change that', async ({ hub, page }) => {
    await page.goto(`${hub.url}/`);
    await page.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a host' });
    const warning = dialog.getByTestId('reach-warning');
    await warning.waitFor();
    const text = (await warning.textContent())?.replace(/\s+/g, ' ');
    expect(text).toContain('This hub listens on 127.0.0.1 only, so no other machine can reach it');
    expect(text).toContain('--host 0.0.0.0');
    expect(text).toContain('npm start -- --host 0.0.0.0');
    // Root needs no sudo, and minimal systems have none: the command pipes to sh and the note says when to add it.
    expect(await dialog.getByTestId('install-command').textContent()).toMatch(/\| sh -s -- /);
    expect((await dialog.getByTestId('root-note').textContent())?.replace(/\s+/g, ' ')).toContain('It needs root to install. As another user, put sudo before sh:');
    expect(await dialog.getByTestId('sudo-command').textContent()).toBe(`curl -fsSL ${hub.url}/install.sh | sudo sh -s -- --token AGENT_TOKEN`);
    // Plain http to this machine needs no --insecure.
    expect(await dialog.getByTestId('insecure-note').count()).toBe(0);
  });

  test("fills in the hub's agent token for an admin, then at every opening in this tab", async ({ hub, page }) => {
    await page.goto(`${hub.url}/`);
    await page.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a host' });
    const command = dialog.getByTestId('install-command');
    await dialog.getByLabel('Admin token', { exact: true }).fill(ADMIN);
    await dialog.getByRole('button', { name: 'Fill in the agent token' }).click();
    await dialog.getByTestId('token-filled').waitFor();
    expect(await command.textContent()).toBe(`curl -fsSL ${hub.url}/install.sh | sh -s -- --token ${TOKEN}`);

    // A reload keeps the tab's admin token: the next opening fills the token in by itself.
    await page.reload();
    await page.getByRole('button', { name: 'Add host' }).click();
    await expect.poll(() => command.textContent()).toBe(`curl -fsSL ${hub.url}/install.sh | sh -s -- --token ${TOKEN}`);
    expect(await dialog.getByTestId('token-filled').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}add-host-admin.png` });
  });
});
