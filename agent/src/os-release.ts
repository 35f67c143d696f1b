/** The distribution as /etc/os-release names it. */
export interface OsRelease {
  /** NAME, such as "Debian GNU/Linux". */
  distro: string;
  /** VERSION_ID ("12"), else BUILD_ID ("rolling" on Arch); empty when neither is given. */
  release: string;
}

/** Parses os-release(5) text: KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): OsRelease {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\`$])/g, '$1');
    }
    fields.set(match[1]!, value);
  }
  return { distro: fields.get('NAME') ?? 'Linux', release: fields.get('VERSION_ID') ?? fields.get('BUILD_ID') ?? '' };
}
