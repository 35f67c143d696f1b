// @hostpulse/hub/hosts: what the hub saves of a host, for the bench's prefilled databases.
export type { SavedHost } from './host-record.js';
