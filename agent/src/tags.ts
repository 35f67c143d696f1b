import { MAX_TAGS, TAG_KEY_PATTERN, TAG_VALUE_PATTERN, type Tags } from '@hostpulse/protocol';
import { ConfigError, splitList } from '@hostpulse/common';

const KEY_RE = new RegExp(TAG_KEY_PATTERN);
const VALUE_RE = new RegExp(TAG_VALUE_PATTERN);

/**
 * Reads `--tags role=db,env=prod` into `{ role: 'db', env: 'prod' }`. Spaces around
 * items are ignored; anything the protocol would refuse (a bad key or value, a key
 * twice, more than MAX_TAGS) is a ConfigError naming `source`, so it fails at start-up
 * rather than at the hub.
 */
export function parseTags(text: string, source = '--tags'): Tags {
  const tags: Tags = {};
  const items = splitList(text);
  if (items.length > MAX_TAGS) throw new ConfigError(`${source} takes at most ${MAX_TAGS} tags, got ${items.length}`);
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) throw new ConfigError(`${source} items must be key=value, got "${item}"`);
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (!KEY_RE.test(key)) throw new ConfigError(`${source}: key "${key}" must be 1-32 letters, digits, '_', '.' or '-', starting with a letter`);
    if (!VALUE_RE.test(value)) throw new ConfigError(`${source}: value "${value}" of ${key} must be 1-64 letters, digits, '_', '.', ':', '/' or '-', starting with a letter or digit`);
    if (Object.hasOwn(tags, key)) throw new ConfigError(`${source} names the key "${key}" twice`);
    tags[key] = value;
  }
  return tags;
}
