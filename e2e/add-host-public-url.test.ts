import { describe, expect } from 'vitest';
import { ARTIFACTS, test as base } from './fixtures.js';

const TOKEN = 'e2e-public-url-token';
const ADMIN = 'e2e-public-url-admin';
// A LAN address over plain http (TEST-NET-1, nothing answers there): the address other
// machines open the hub at, as a proxy or port forward on the LAN would give it.
const PUBLIC_URL = 'http://192.0.2.10:8080';

const test = base.extend('token', { scope: 'file' }, TOKEN).extend('hubArgs', { scope: 'file' }, ['--admin-token', ADMIN, '--public-url', PUBLIC_URL]);

describe('Add host on a hub with a public URL', () => {
  test('gives a command for that URL, with --insecure for plain http and why, even on a page opened on loopback', async ({ hub, page }) => {
    await page.goto(`${hub.url}/`);
    await page.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a host' });
    const command = dialog.getByTestId('install-command');
    await expect.poll(() => command.textContent()).toBe(`curl -fsSL ${PUBLIC_URL}/install.sh | sh -s -- --token AGENT_TOKEN --insecure`);
    const note = (await dialog.getByTestId('insecure-note').textContent())?.replace(/\s+/g, ' ');
    expect(note).toContain('so the command carries --insecure: without it the script refuses');
    expect(note).toContain('TLS proxy');
    // Reached through the public URL, it is no longer this machine only.
    expect(await dialog.getByTestId('reach-warning').count()).toBe(0);

    await dialog.getByLabel('Admin token', { exact: true }).fill(ADMIN);
    await dialog.getByRole('button', { name: 'Fill in the agent token' }).click();
    await expect.poll(() => command.textContent()).toBe(`curl -fsSL ${PUBLIC_URL}/install.sh | sh -s -- --token ${TOKEN} --insecure`);
    await page.screenshot({ path: `${ARTIFACTS}add-host-public-url-admin.png` });
  });
});
