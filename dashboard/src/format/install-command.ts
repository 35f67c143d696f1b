/** The install one-liner for the hub a page was served by. */
export interface InstallCommand {
  /** The hub as this page reached it, with any path a proxy serves it under; no trailing slash. */
  hubUrl: string;
  /** `curl -fsSL <hub>/install.sh | sudo sh -s -- --token TOKEN [--host-id ID]`. */
  command: string;
  /** Plain http:// from another machine: install.sh refuses it without --insecure. */
  isPlainHttpRemote: boolean;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** What stands for the token until one is typed in: a word a shell passes on as it is. */
export const TOKEN_PLACEHOLDER = 'AGENT_TOKEN';

/** What stands for the host id of a token still to be minted. */
export const HOST_ID_PLACEHOLDER = 'HOST_ID';

/**
 * The one-liner that installs an agent from the hub that served `pageHref`. install.sh
 * names its hub from the Host header alone, so a hub under a path (behind a proxy) is
 * given to it again with --hub. A `hostId` (the one a minted token is valid for) is
 * passed on with --host-id.
 */
export function installCommand(pageHref: string, token = '', hostId = ''): InstallCommand {
  const page = new URL('.', pageHref);
  const hubUrl = `${page.origin}${page.pathname}`.replace(/\/$/, '');
  const hubFlag = page.pathname === '/' ? '' : ` --hub ${hubUrl}`;
  const hostIdFlag = hostId === '' ? '' : ` --host-id ${hostId}`;
  return {
    hubUrl,
    command: `curl -fsSL ${hubUrl}/install.sh | sudo sh -s --${hubFlag} --token ${token.trim() || TOKEN_PLACEHOLDER}${hostIdFlag}`,
    isPlainHttpRemote: page.protocol === 'http:' && !LOOPBACK.test(page.hostname),
  };
}
