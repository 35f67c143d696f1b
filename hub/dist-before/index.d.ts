export { readHubCommand, type HubCommand, type HubConfig } from './config.js';
export { startHub, type RunningHub } from './server.js';
//# sourceMappingURL=index.d.ts.map