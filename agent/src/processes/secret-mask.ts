/** What replaces a secret in a command line. */
export const MASK = '***';

/** One kind of secret a command line may carry, and how to find it. */
export interface SecretPattern {
  name: string;
  /** Global, case-insensitive; the secret is the last capture group, everything before it is kept. */
  pattern: RegExp;
}

// A word that names a secret inside a longer key: DB_PASSWORD, --api-key, client_secret, x-auth-token.
// A bare `pass` is a word of its own (--pass, DB_PASS; redis' requirepass), so bypass and passive are not
// secrets; `auth` and `token` end the word (masterauth), so author and tokenizer are not either.
const SECRET_WORD = String.raw`(?:passw(?:or)?d|passphrase|(?<![a-z])pass(?![a-z])|requirepass|pwd|secret|token(?!i[sz])|api[-_]?key|access[-_]?key|private[-_]?key|credentials?|auth(?![a-z]))`;
const KEY = String.raw`[A-Za-z0-9_.-]*${SECRET_WORD}[A-Za-z0-9_.-]*`;

/**
 * The secrets masked in every command line before it leaves the host, in the order
 * applied. Each keeps what names the secret and masks only the value, so a reader
 * still sees which flag was given. Obvious cases only: a value that names no secret
 * (a bare positional argument) cannot be told from any other.
 */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // Authorization: Bearer abc, proxy-authorization=Basic abc (curl -H, wget --header).
  { name: 'authorization header', pattern: /(\b(?:proxy-)?authorization\s*[:=]\s*(?:(?:bearer|basic|digest|token|negotiate|apikey)\s+)?)([^\s'"]+)/gi },
  // X-Api-Key: abc, X-Auth-Token: abc.
  { name: 'secret header', pattern: new RegExp(String.raw`(\bx-${KEY}\s*:\s*)([^\s'"]+)`, 'gi') },
  // postgres://user:secret@db, https://user:secret@host.
  { name: 'URL password', pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:)([^\s@/'"]+)(?=@)/gi },
  // --token=abc, password=abc, DB_PASSWORD=abc, "secret": abc, client_secret:abc.
  { name: 'key=value', pattern: new RegExp(String.raw`((?:^|[\s,;&?'"{(])-{0,2}${KEY}['"]?\s*[=:]\s*['"]?)([^\s'"&,;)}]+)`, 'gi') },
  // --token abc, --password abc, -password abc (a value after a space, when it is not another flag).
  { name: 'flag value', pattern: new RegExp(String.raw`((?:^|\s)--?${KEY}\s+['"]?)(?!-)([^\s'"]+)`, 'gi') },
  // curl -u user:secret, --user user:secret.
  { name: 'user:password', pattern: /((?:^|\s)(?:-u|--user|--proxy-user)\s+['"]?[^\s:'"]+:)([^\s'"]+)/gi },
  // mysql -psecret, mysqldump -psecret: the password glued to -p.
  // Case-sensitive: -P3306 is mysql's port.
  { name: 'mysql -p', pattern: /(\bmysql(?:dump|admin|import|sh)?\b.*?\s-p)(?!\s)([^\s'"]+)/g },
];

/** The command line with every secret the patterns recognise replaced by MASK. */
export function maskSecrets(command: string): string {
  let masked = command;
  for (const { pattern } of SECRET_PATTERNS) {
    masked = masked.replace(pattern, (...args: unknown[]) => {
      // args: match, groups..., offset, whole string.
      const groups = args.slice(1, -2) as (string | undefined)[];
      return groups.slice(0, -1).join('') + MASK;
    });
  }
  return masked;
}
