export type { SavedHost } from './host-record.js';
//# sourceMappingURL=index.d.ts.map