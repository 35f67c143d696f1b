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
});
