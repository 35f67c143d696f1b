import { Document, isCollection, isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';

/**
 * Edits of the alerts document's text that keep everything they do not touch: the
 * keys of an entry an edit does not name, other entries, comments. The result is
 * checked by parseAlertsFile before it is kept (alerts-document.ts).
 */

/** The two lists of the document whose entries an admin edits. */
export type EntryList = 'rules' | 'notifiers';

/** What a request asks that cannot be done: a 400 (bad entry) or a 404 (no such entry). */
export class EditError extends Error {
  constructor(
    message: string,
    readonly isMissing = false,
  ) {
    super(message);
  }
}

/** `text` with `entry` (JSON or YAML, one object) added at the end of `list`. */
export function addEntry(text: string, list: EntryList, entry: string): string {
  const doc = parseDocument(text);
  const node = entryNode(doc, entry, list);
  let seq = doc.get(list, true);
  if (seq === undefined) doc.set(list, (seq = new YAMLSeq()));
  if (!isSeq(seq)) throw new EditError(`${list} must be a list`);
  seq.items.push(node);
  return doc.toString();
}

/**
 * `text` with the keys of `patch` (JSON or YAML, one object) set on the entry of
 * `list` named `name`; a key given null is removed.
 */
export function changeEntry(text: string, list: EntryList, name: string, patch: string): string {
  const doc = parseDocument(text);
  const node = entryNode(doc, patch, list);
  const entry = findEntry(doc, list, name);
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (isScalar(pair.value) && pair.value.value === null) entry.delete(key);
    else entry.set(key, pair.value);
  }
  return doc.toString();
}

/** `text` without the entry of `list` named `name`. */
export function deleteEntry(text: string, list: EntryList, name: string): string {
  const doc = parseDocument(text);
  const seq = doc.get(list, true) as YAMLSeq;
  seq.items.splice(seq.items.indexOf(findEntry(doc, list, name)), 1);
  return doc.toString();
}

/**
 * The document as YAML with each notifier's secrets masked: its `secret` and the
 * secret parts of its URL (`urls[i]`, as the API shows them). A JSON document
 * comes back as block YAML.
 */
export function exportYaml(text: string, shownUrls: readonly string[]): string {
  const parsed = parseDocument(text);
  const doc = isCollection(parsed.contents) && parsed.contents.flow ? new Document(parsed.toJS()) : parsed;
  const notifiers = doc.get('notifiers', true);
  if (isSeq(notifiers)) {
    notifiers.items.forEach((item, i) => {
      if (!isMap(item)) return;
      if (item.has('secret')) item.set('secret', '********');
      if (shownUrls[i] !== undefined) item.set('url', shownUrls[i]);
    });
  }
  return doc.toString();
}

function entryNode(doc: Document, text: string, list: EntryList): YAMLMap {
  const what = list === 'rules' ? 'the rule' : 'the notifier';
  const entry = parseDocument(text);
  const syntax = entry.errors[0];
  if (syntax) throw new EditError(`${what}: ${syntax.message.split('\n')[0]}`);
  if (!isMap(entry.contents)) throw new EditError(`${what} must be an object, such as {"name": "cpu-high", "metric": "cpu.busyPct", ...}`);
  // Nodes move between documents as plain values, so no anchor or alias dangles.
  return doc.createNode(entry.contents.toJSON()) as YAMLMap;
}

function findEntry(doc: Document, list: EntryList, name: string): YAMLMap {
  const seq = doc.get(list, true);
  const found = isSeq(seq) ? seq.items.find((item): item is YAMLMap => isMap(item) && (item as YAMLMap).get('name') === name) : undefined;
  if (!found) throw new EditError(`no ${list === 'rules' ? 'rule' : 'notifier'} named "${name}"`, true);
  return found;
}
