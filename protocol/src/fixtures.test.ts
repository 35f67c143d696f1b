import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValid, schemas, type SchemaName } from './validate.js';

const fixturesDir = new URL('../fixtures/', import.meta.url);

function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixturesDir), 'utf8'));
}

describe('golden fixtures', () => {
  const names = Object.keys(schemas) as SchemaName[];

  it('has exactly one fixture per protocol schema', () => {
    const files = readdirSync(fixturesDir).map((file) => file.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...names].sort());
  });

  it.each(names)('%s fixture is valid', (name) => {
    expect(isValid(name, loadFixture(name))).toBe(true);
  });

  it.each(names)('%s fixture is rejected once a required field is removed', (name) => {
    const fixture = loadFixture(name) as Record<string, unknown>;
    const schema = schemas[name] as { required?: string[] };
    const field = schema.required?.[0];
    expect(field, `${name} has required fields`).toBeDefined();
    delete fixture[field!];
    expect(isValid(name, fixture)).toBe(false);
  });

  // The hub's welcome is read by agents installed long before the hub they meet (see HubWelcomeSchema).
  const OPEN_FOR_OLDER_READERS: SchemaName[] = ['HubWelcome', 'HubWatch'];

  it.each(names.filter((name) => !OPEN_FOR_OLDER_READERS.includes(name)))('%s fixture is rejected once an unknown field is added', (name) => {
    const fixture = loadFixture(name) as Record<string, unknown>;
    expect(isValid(name, { ...fixture, extra: 'x'.repeat(50_000) })).toBe(false);
  });

  it.each(names.filter((name) => !OPEN_FOR_OLDER_READERS.includes(name)))('%s rejects unknown properties at every depth', (name) => {
    expect(looseObjectPaths(schemas[name], name)).toEqual([]);
  });

  it('lets an agent take a newer hub\'s welcome with a field it does not know', () => {
    const welcome = { ...(loadFixture('HubWelcome') as Record<string, unknown>), clusterEpoch: 3 };
    expect(isValid('HubWelcome', welcome)).toBe(true);
    expect(looseObjectPaths(schemas['HubWelcome'], 'HubWelcome')).toEqual(['HubWelcome']);
  });
});

/** Paths of object schemas under `schema` that would accept a property they do not list. */
function looseObjectPaths(schema: unknown, path: string): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => looseObjectPaths(item, `${path}[${i}]`));
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const own = node['type'] === 'object' && node['properties'] !== undefined && node['additionalProperties'] !== false ? [path] : [];
  return [...own, ...Object.entries(node).flatMap(([key, value]) => looseObjectPaths(value, `${path}.${key}`))];
}
