// @hostpulse/hub: a hub started in this process, as the tests' in-process hub starts it.
export { readHubCommand } from './config.js';
export { startHub } from './server.js';
//# sourceMappingURL=index.js.map