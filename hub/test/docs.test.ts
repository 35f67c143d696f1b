import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertsFile } from '../src/alerts/rules-file.js';
import { DEFAULT_RETENTION } from '../src/store/tiers.js';

// The docs against the code. docs/configuration.md documents every flag in a table
// written for people, and the programs' own option tables print --help: this reads
// both and fails when they disagree, so the page and --help cannot drift apart. The
// README's alerts file must be one the hub takes.

const DOC = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const PROGRAMS = {
  'hostpulse-hub': new URL('../dist/main.js', import.meta.url),
  'hostpulse-agent': new URL('../../agent/dist/main.js', import.meta.url),
} as const;

/** One flag as --help prints it. */
interface HelpFlag {
  flag: string;
  valueName: string | undefined;
  env: string | undefined;
  defaultText: string | undefined;
}

/** The option lines of a program's --help: `  --port PORT   text (env HOSTPULSE_PORT, default 8080)`. */
function helpFlags(program: URL): HelpFlag[] {
  const text = execFileSync(process.execPath, [program.pathname, '--help'], { encoding: 'utf8', env: {} });
  const options = text.slice(text.indexOf('\nOptions:\n'));
  return [...options.matchAll(/^ {2}(--[a-z-]+)(?: ([A-Z][A-Z=,.[\]|]*))?\s{2,}(.*)$/gm)].map(([, flag, valueName, rest]) => {
    const extra = /\(([^()]*)\)$/.exec(rest!)?.[1] ?? '';
    return {
      flag: flag!,
      valueName,
      env: /(?:^|, )env (HOSTPULSE_[A-Z_]+)/.exec(extra)?.[1],
      defaultText: /(?:^|, )default (.+)$/.exec(extra)?.[1],
    };
  });
}

/** One row of a program's flag table in the doc: its cells, the code marks kept. */
interface DocRow {
  flagCell: string;
  env: string;
  defaultCell: string;
}

/** The flag table under `## <program>` in docs/configuration.md. */
function docRows(program: string): DocRow[] {
  const start = DOC.indexOf(`\n## ${program}\n`);
  expect(start, `docs/configuration.md has a "## ${program}" section`).toBeGreaterThan(-1);
  const end = DOC.indexOf('\n## ', start + 1);
  const section = DOC.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `--'))
    .map((line) => {
      const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
      return { flagCell: cells[0]!, env: cells[1]!.replace(/`/g, ''), defaultCell: cells[2]! };
    });
}

const flagsOfCell = (cell: string): string[] => [...cell.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]!);

describe('docs/configuration.md against --help', () => {
  for (const [program, main] of Object.entries(PROGRAMS)) {
    it(`lists every flag of ${program} with its value name, variable and default, and no flag it lacks`, () => {
      const help = helpFlags(main);
      const rows = docRows(program);
      expect(help.length).toBeGreaterThan(5);
      const documented = rows.flatMap((row) => flagsOfCell(row.flagCell));
      expect([...documented].sort()).toEqual(help.map((h) => h.flag).sort());
      for (const h of help) {
        if (h.flag === '--help' || h.flag === '--version') continue;
        const row = rows.find((r) => flagsOfCell(r.flagCell).includes(h.flag))!;
        expect(row.flagCell, h.flag).toMatch(new RegExp('^`' + h.flag + (h.valueName ? ` ${h.valueName.replace(/[[\]|.]/g, '\\$&')}` : '') + '[`[,]'));
        expect(row.env, h.flag).toBe(h.env ?? '');
        if (h.defaultText === undefined) {
          // No default: the doc says none, or says in words what the program works out.
          expect(row.defaultCell, h.flag).not.toMatch(/^`[^`]*`$/);
        } else if (h.defaultText === 'false') {
          expect(row.defaultCell, h.flag).toBe('off');
        } else {
          const shown = /^`([^`]*)`$/.exec(row.defaultCell)?.[1];
          // A directory beside the build is shown relative to the repository.
          expect(shown !== undefined && (shown === h.defaultText || (shown.includes('/') && h.defaultText.endsWith(`/${shown}`))), `${h.flag}: doc "${row.defaultCell}", --help "${h.defaultText}"`).toBe(true);
        }
      }
    });
  }
});

describe("the README's alerts file", () => {
  it('is a rules file the hub takes: a rule per metric kind and a webhook', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml, 'README.md has a yaml block').toBeDefined();
    const config = parseAlertsFile(yaml!, 'README.md', DEFAULT_RETENTION);
    expect(config.rules.map((rule) => [rule.name, rule.metric, rule.forMs])).toEqual([
      ['cpu-hot', 'cpu.busyPct', 600_000],
      ['down', 'host.offline', 60_000],
    ]);
    expect(config.notifiers.map((n) => n.type)).toEqual(['webhook']);
  });
});
