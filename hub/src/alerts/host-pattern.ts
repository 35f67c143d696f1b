/** Whether a host id matches. */
export type HostMatcher = (hostId: string) => boolean;

/**
 * Compiles host id patterns, where `*` stands for any run of characters, into one
 * matcher. A pattern is its literal parts between stars: the first must start the
 * id, the last must end it, and those between are found in order, each at its
 * leftmost place after the one before. Taking the leftmost place is always right
 * when `*` is the only wildcard, so nothing is tried twice and the time grows with
 * the id's length times the pattern's, whatever the pattern: no backtracking.
 */
export function compileHostPatterns(patterns: readonly string[]): HostMatcher {
  const compiled = patterns.map(compileOne);
  return (hostId) => compiled.some((matches) => matches(hostId));
}

function compileOne(pattern: string): HostMatcher {
  const parts = pattern.split('*');
  if (parts.length === 1) return (hostId) => hostId === pattern;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  return (hostId) => {
    if (hostId.length < first.length + last.length || !hostId.startsWith(first) || !hostId.endsWith(last)) return false;
    const end = hostId.length - last.length;
    let at = first.length;
    for (const part of middle) {
      const found = hostId.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}
