import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base } from 'vitest';
import { startConnectedAgent } from '@hostpulse/testkit/agent-process';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { launchChromium } from './chromium.js';

/** Where the browser tests write their screenshots. */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * The browser tests' fixtures. `token` (the agent token the hub accepts) and `hubArgs`
 * (more hub flags) are values a file replaces with `test.extend`. `hub` is a hub process
 * serving the built dashboard and `browser` headless Chromium, each started on first use
 * and stopped after the file; `page` is a fresh 1280x900 page per test, closed after it.
 */
export const test = base
  .extend('token', { scope: 'file' }, 'e2e-token' as string)
  .extend('hubArgs', { scope: 'file' }, [] as readonly string[])
  .extend('hub', { scope: 'file' }, async ({ token, hubArgs }, { onCleanup }) => {
    const hub = await startHubProcess(['--agent-token', token, ...hubArgs]);
    onCleanup(async () => void (await hub.stop()));
    return hub;
  })
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('page', async ({ browser }, { onCleanup }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    onCleanup(() => page.close());
    return page;
  });

/** `test` with the real agent for this machine pushing to the hub once a second, started before the file's first test. */
export const testWithAgent = test.extend('agent', { scope: 'file', auto: true }, async ({ hub, token }, { onCleanup }) => {
  const agent = await startConnectedAgent(hub.url, token);
  onCleanup(async () => void (await agent.stop()));
  return agent;
});
