import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/**
 * hub/src's floors, top to bottom: a folder imports only folders on floors below
 * its own. The domain's folders are floors of their own, in the order they use
 * each other. A new folder must be placed here before it can hold code.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['.'], // composition root: main, server, app, config
  ['ingest', 'live', 'api', 'lab'], // edges: the routes and sockets
  ['auth'], // policy
  ['cluster'], // domain ...
  ['core'],
  ['alerts'],
  ['telemetry'],
  ['hosts'],
  ['http', 'store', 'uws'], // plumbing
  ['native', 'files'], // the native addons' loader; where the run-time files are, in a checkout or a release
];

interface Import {
  file: string;
  /** A path under src for a relative import, else the package's name. */
  target: string;
  isLocal: boolean;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every import and re-export of each source file: relative ones resolved to a path under src, packages by name. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'|import\('([^']+)'\)/gm)) {
    const spec = match[3] ?? match[4]!;
    const isLocal = spec.startsWith('.');
    const target = isLocal ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
    found.push({ file: relative(SRC, file), target, isLocal, typeOnly: match[2] !== undefined });
  }
  return found;
}

const folderOf = (path: string): string => (path.includes('/') ? path.split('/')[0]! : '.');
const floorOf = (folder: string): number => FLOORS.findIndex((floor) => floor.includes(folder));
const files = sourceFiles(SRC);
const imports = files.flatMap(importsOf);
const local = imports.filter((i) => i.isLocal);

describe("hub/src's layout", () => {
  it('places every folder on a floor', () => {
    const unplaced = [...new Set(files.map((file) => folderOf(relative(SRC, file))))].filter((folder) => floorOf(folder) < 0);
    expect(unplaced).toEqual([]);
  });

  it('has no import running up a floor, or across one between folders', () => {
    const wrong = local
      .filter((i) => folderOf(i.file) !== folderOf(i.target) && floorOf(folderOf(i.target)) <= floorOf(folderOf(i.file)))
      .map((i) => `${i.file} -> ${i.target}`);
    expect(wrong).toEqual([]);
  });

  it('keeps at most 8 source files at the root', () => {
    expect(files.filter((file) => folderOf(relative(SRC, file)) === '.').length).toBeLessThanOrEqual(8);
  });

  it('loads uWebSockets.js and SQLite in native/ only; elsewhere they are imported for their types', () => {
    const natives = ['uWebSockets.js', 'uWebSockets.js-v20.30', 'better-sqlite3', '@hostpulse/sqlite-node20'];
    expect(imports.filter((i) => natives.includes(i.target) && !i.typeOnly).map((i) => i.file)).toEqual([]);
    const naming = files.filter((file) => /'(uWebSockets\.js(-v20\.30)?|better-sqlite3|@hostpulse\/sqlite-node20)'/.test(readFileSync(file, 'utf8').replace(/^(import|export) type .*$/gm, '')));
    expect(naming.map((file) => relative(SRC, file))).toEqual(['native/runtime.ts']);
  });

  it('lets nothing outside core/ and app.ts reach the hub core', () => {
    const users = local.filter((i) => i.target === 'core/hub-core.ts' && folderOf(i.file) !== 'core' && i.file !== 'app.ts');
    const reaching = users.filter((i) => /\bHubCore\b/.test(readFileSync(join(SRC, i.file), 'utf8'))).map((i) => i.file);
    expect(reaching).toEqual([]);
  });
});
