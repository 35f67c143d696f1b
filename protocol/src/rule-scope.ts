import type { AlertOp, AlertRule } from './alerts.js';

// Which hosts an alert rule covers and when a value passes its threshold: the hub's
// alert engine and the dashboard's colours decide both the same way.

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

const hostMatchers = new WeakMap<readonly string[], HostMatcher>();

/** The matcher of a rule's host id patterns, compiled the first time the rule is used. */
function hostMatcherOf(patterns: readonly string[]): HostMatcher {
  let matcher = hostMatchers.get(patterns);
  if (!matcher) hostMatchers.set(patterns, (matcher = compileHostPatterns(patterns)));
  return matcher;
}

/** Whether a rule covers a host: its id matches one of the rule's patterns, and it carries every one of the rule's tags. */
export function ruleCovers(rule: AlertRule, hostId: string, tags: Readonly<Record<string, string>>): boolean {
  if (rule.hostIds !== undefined && !hostMatcherOf(rule.hostIds)(hostId)) return false;
  return rule.hostTags === undefined || Object.entries(rule.hostTags).every(([key, value]) => tags[key] === value);
}

/** Whether a value passes a threshold by a rule's comparison. */
export function passesThreshold(op: AlertOp, value: number, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    default: {
      const never: never = op;
      return never;
    }
  }
}
