// What the bench uses of the load generators: the viewer roles, the child-role contract and the meter's figures.
export type { ChildRole } from './viewers/role.js';
export { unknownCommand } from './viewers/role.js';
export { createPushClientsRole, type PushMode, type PushStartArgs } from './viewers/push-clients.js';
export { createPollClientsRole, type PollClientSpec, type PollStartArgs } from './viewers/poll-clients.js';
export type { ClientReport } from './meter/client-meter.js';
export { mergeHistogram, percentile, percentileOf } from './meter/histogram.js';
