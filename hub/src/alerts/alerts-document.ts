import { createHash } from 'node:crypto';
import { ConfigError } from '@hostpulse/common';
import type { StateStore } from '../store/state-store.js';
import type { Retention } from '../store/tiers.js';
import { DEFAULT_ALERTS, parseAlertsFile, type AlertsConfig } from './rules-file.js';

/** State key of the alerts document the hub runs. */
const DOCUMENT_KEY = 'alerts-config/document';
/** State key of the SHA-256 of the --alerts-file text last imported. */
const FILE_KEY = 'alerts-config/file-sha256';

/**
 * The rules file the hub runs without one (DEFAULT_ALERTS), as text: what an admin's
 * first edit starts from.
 */
export const DEFAULT_ALERTS_TEXT = `rules:
  - name: host-offline
    metric: host.offline
    for: 1m
    severity: critical
  - name: fs-full
    metric: fs.usedPct
    op: ">"
    threshold: 90
    clear: 85.5
    for: 5m
  - name: mem-high
    metric: mem.usedPct
    op: ">"
    threshold: 95
    clear: 90.25
    for: 5m
`;

/**
 * One version of the alerts document: its text in the rules file's own format, a
 * revision that each change raises by one, when it was made and where it came from
 * (the file's path, or "dashboard" for an admin's change).
 */
export interface AlertsDocumentState {
  text: string;
  revision: number;
  updatedMs: number;
  source: string;
}

/** Where a change came from: the --alerts-file, an admin through the API, or another hub. */
export type DocumentOrigin = 'file' | 'api' | 'bus';

/**
 * Whether `a` is newer than `b`: the higher revision, then the later change, then
 * (the same on every hub) the greater text, so hubs that compare the same two agree.
 */
export function isNewer(a: AlertsDocumentState, b: AlertsDocumentState): boolean {
  if (a.revision !== b.revision) return a.revision > b.revision;
  if (a.updatedMs !== b.updatedMs) return a.updatedMs > b.updatedMs;
  return a.text > b.text;
}

/** A saved or sent document, or null when the text is not one. */
export function parseDocumentState(text: string): AlertsDocumentState | null {
  try {
    const v = JSON.parse(text) as Partial<AlertsDocumentState>;
    const ok = typeof v.text === 'string' && Number.isSafeInteger(v.revision) && Number.isFinite(v.updatedMs) && typeof v.source === 'string';
    return ok ? (v as AlertsDocumentState) : null;
  } catch {
    return null;
  }
}

/** What the document is kept in and checked against. */
export interface AlertsDocumentOptions {
  store: StateStore;
  /** The hub's retention: no rule's duration may pass its longest tier. */
  retention: Retention;
  /** --alerts-file and its text now, or null without one. */
  file: { path: string; text: string } | null;
  nowMs?: () => number;
}

/**
 * The one source of truth for alert rules and notifiers: a document in the rules
 * file's format, kept in the hub's state with a revision. The --alerts-file seeds
 * it at first start and whenever its text differs from the text last imported
 * (at start or on SIGHUP), so a restart with the same file keeps an admin's
 * changes; every change is checked by parseAlertsFile before it is kept. Without a
 * file or a kept document the hub runs DEFAULT_ALERTS.
 */
export class AlertsDocument {
  readonly #store: StateStore;
  readonly #retention: Retention;
  readonly #nowMs: () => number;
  readonly #listeners: ((config: AlertsConfig, origin: DocumentOrigin) => void)[] = [];
  #state: AlertsDocumentState | null;
  #config: AlertsConfig;

  /** Restores the kept document, imports the file when it changed; throws a ConfigError when what would run does not parse. */
  constructor({ store, retention, file, nowMs = Date.now }: AlertsDocumentOptions) {
    this.#store = store;
    this.#retention = retention;
    this.#nowMs = nowMs;
    const saved = store.readState(DOCUMENT_KEY)[0];
    this.#state = saved ? parseDocumentState(saved[1]) : null;
    this.#config = DEFAULT_ALERTS;
    if (file && this.#fileChanged(file.text)) {
      this.importFile(file.path, file.text);
      return;
    }
    if (!this.#state) return;
    try {
      this.#config = this.#parse(this.#state.text, this.#state.source);
    } catch (err) {
      throw new ConfigError(`the alerts rules kept in the data dir no longer parse (${(err as Error).message}); change --alerts-file to replace them`, { cause: err });
    }
  }

  /** The rules and notifiers in force. */
  get config(): AlertsConfig {
    return this.#config;
  }

  /** The document in force, or null while the hub runs DEFAULT_ALERTS. */
  get state(): AlertsDocumentState | null {
    return this.#state;
  }

  /** The text in force: the document, or DEFAULT_ALERTS_TEXT. */
  get text(): string {
    return this.#state?.text ?? DEFAULT_ALERTS_TEXT;
  }

  /** Calls `listener` after each change put in force. */
  onChange(listener: (config: AlertsConfig, origin: DocumentOrigin) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * Imports the file's text when it differs from the text last imported (SIGHUP);
   * false when it did not. Throws the file's ConfigError when it does not parse,
   * and the rules in force stay.
   */
  reloadFile(path: string, text: string): boolean {
    if (!this.#fileChanged(text)) return false;
    this.importFile(path, text);
    return true;
  }

  /** Puts the file's text in force as the next revision. */
  importFile(path: string, text: string): void {
    this.#commit(text, path, 'file');
    this.#store.putState(FILE_KEY, sha256(text));
  }

  /**
   * Puts `edit` of the text in force as the next revision; throws the same
   * ConfigError as the file would give when the result does not parse.
   */
  change(edit: (text: string) => string): AlertsConfig {
    this.#commit(edit(this.text), 'dashboard', 'api');
    return this.#config;
  }

  /**
   * Takes another hub's document when it is newer than this one's (true); throws
   * when it does not parse here, and this one's stays.
   */
  adopt(state: AlertsDocumentState): boolean {
    if (this.#state && !isNewer(state, this.#state)) return false;
    this.#put(state, this.#parse(state.text, state.source), 'bus');
    return true;
  }

  #fileChanged(text: string): boolean {
    return this.#store.readState(FILE_KEY)[0]?.[1] !== sha256(text);
  }

  #parse(text: string, source: string): AlertsConfig {
    return parseAlertsFile(text, source, this.#retention);
  }

  #commit(text: string, source: string, origin: DocumentOrigin): void {
    const config = this.#parse(text, source);
    this.#put({ text, revision: (this.#state?.revision ?? 0) + 1, updatedMs: this.#nowMs(), source }, config, origin);
  }

  #put(state: AlertsDocumentState, config: AlertsConfig, origin: DocumentOrigin): void {
    this.#state = state;
    this.#config = config;
    this.#store.putState(DOCUMENT_KEY, JSON.stringify(state));
    for (const listener of this.#listeners) listener(config, origin);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
