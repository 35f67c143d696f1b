import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; browsers cannot be downloaded on these machines. */
const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that work in a container with no GPU, no sandbox and no network beyond the hub. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium with `extraArgs` added; Playwright gives each launch a fresh, temporary user-data dir. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}
