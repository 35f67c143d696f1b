import type { HubInfo } from '@hostpulse/protocol';

/** The install one-liner for a hub. */
export interface InstallCommand {
  /** The hub as the command reaches it, with any path a proxy serves it under; no trailing slash. */
  hubUrl: string;
  /** `curl -fsSL <hub>/install.sh | sh -s -- [--hub URL] [--token TOKEN] [--host-id ID] [--insecure]`. */
  command: string;
  /** Plain http:// to another machine: install.sh refuses it without --insecure, so the command carries it. */
  isPlainHttpRemote: boolean;
  /** The hub URL names this machine (loopback): the command works here only. */
  isThisMachineOnly: boolean;
}

/** What the command carries besides the hub. */
export interface InstallOptions {
  /** The agent token; '' puts TOKEN_PLACEHOLDER in its place. */
  token?: string;
  /** The host id a minted token is valid for, passed on with --host-id. */
  hostId?: string;
  /** False for a hub that asks agents for no token: the command then has no --token. */
  needsToken?: boolean;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** Whether a URL's host name is this machine, as install.sh tells it (localhost, 127.*, [::1]). */
const isLoopbackUrl = (url: string): boolean => LOOPBACK.test(new URL(url).hostname);

/** What stands for the token until one is typed in: a word a shell passes on as it is. */
export const TOKEN_PLACEHOLDER = 'AGENT_TOKEN';

/** What stands for the host id of a token still to be minted. */
export const HOST_ID_PLACEHOLDER = 'HOST_ID';

/**
 * The URL another machine reaches the hub at: the --public-url the page was opened at, or
 * the first one; else the page's own address (with any proxy path) unless it is loopback;
 * else an address of the hub's machine it listens at; else the page's address, which then
 * works on this machine only. `hub` is what GET /api/hub told, null when it did not answer.
 */
export function reachableHubUrl(pageHref: string, hub: HubInfo | null): string {
  const page = new URL('.', pageHref);
  const pageUrl = `${page.origin}${page.pathname}`.replace(/\/$/, '');
  const publicUrls = hub?.publicUrls ?? [];
  if (publicUrls.length > 0) return publicUrls.find((url) => new URL(url).host === page.host) ?? publicUrls[0]!;
  if (!isLoopbackUrl(pageUrl)) return pageUrl;
  return hub?.listenUrls.find((url) => !isLoopbackUrl(url)) ?? pageUrl;
}

/**
 * The one-liner that installs an agent from the hub at `hubUrl`. install.sh names its hub
 * from the Host header alone, so a hub under a path (behind a proxy) is given to it again
 * with --hub. Plain http to another machine gets --insecure, without which install.sh
 * refuses it. It pipes to `sh`, not `sudo sh`: root needs no sudo, and minimal systems have none.
 */
export function installCommand(hubUrl: string, options: InstallOptions = {}): InstallCommand {
  const { token = '', hostId = '', needsToken = true } = options;
  const url = new URL(hubUrl);
  const base = hubUrl.replace(/\/+$/, '');
  const isThisMachineOnly = isLoopbackUrl(base);
  const isPlainHttpRemote = url.protocol === 'http:' && !isThisMachineOnly;
  const flags = [
    url.pathname.replace(/\/+$/, '') === '' ? '' : ` --hub ${base}`,
    needsToken || token.trim() !== '' ? ` --token ${token.trim() || TOKEN_PLACEHOLDER}` : '',
    hostId === '' ? '' : ` --host-id ${hostId}`,
    isPlainHttpRemote ? ' --insecure' : '',
  ].join('');
  return { hubUrl: base, command: `curl -fsSL ${base}/install.sh | sh -s --${flags}`, isPlainHttpRemote, isThisMachineOnly };
}
