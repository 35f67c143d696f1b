// @hostpulse/hub: a hub started in this process, as the tests' in-process hub starts it.
export { readHubCommand, type HubCommand, type HubConfig } from './config.js';
export { startHub, type RunningHub } from './server.js';
