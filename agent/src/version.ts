import { readFileSync } from 'node:fs';

/**
 * The agent's version, from agent/package.json beside dist/. The single-file
 * bundle has no package.json beside it: its build puts the constant in this
 * module's place (agent/rolldown.config.mjs).
 */
export const AGENT_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
