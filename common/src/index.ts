export * from './cli.js';
export * from './errors.js';
export * from './log.js';
export * from './process-exists.js';
export * from './random-token.js';
