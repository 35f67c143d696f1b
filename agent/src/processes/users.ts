import { readFileSync } from 'node:fs';

/** How often /etc/passwd is read again at most, when a uid has no name. */
const RELOAD_MS = 60_000;

/** uid -> user name from the text of /etc/passwd (`name:x:uid:gid:...`). */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !names.has(Number(uid))) names.set(Number(uid), name.slice(0, 64));
  }
  return names;
}

/**
 * User names by uid, read from /etc/passwd (no child process, no NSS): a uid it does
 * not list (an LDAP user, a container's own uid) shows as its number, and the file
 * is read again at most once a minute in case the user was added since.
 */
export class UserNames {
  readonly #path: string;
  readonly #nowMs: () => number;
  #names = new Map<number, string>();
  #loadedAtMs = Number.NEGATIVE_INFINITY;

  constructor(path = '/etc/passwd', nowMs: () => number = () => performance.now()) {
    this.#path = path;
    this.#nowMs = nowMs;
  }

  /** The name of `uid`, or the uid as text. */
  nameOf(uid: number): string {
    const known = this.#names.get(uid);
    if (known !== undefined) return known;
    if (this.#nowMs() - this.#loadedAtMs >= RELOAD_MS) {
      this.#loadedAtMs = this.#nowMs();
      try {
        this.#names = parsePasswd(readFileSync(this.#path, 'utf8'));
      } catch {
        // No passwd file (a minimal container): uids stay numbers.
      }
    }
    return this.#names.get(uid) ?? String(uid);
  }
}
