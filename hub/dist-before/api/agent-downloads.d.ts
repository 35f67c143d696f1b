import type { TemplatedApp } from 'uWebSockets.js';
import type { Logger } from '@hostpulse/common';
import type { Access } from '../auth/access.js';
import type { InFlight } from '../http/in-flight.js';
/**
 * What /download/agent/<name> serves: the file in the agent directory, its Content-Type,
 * and whether a gzip copy (`<file>.gz`, from npm run build:sea) may go to a client that
 * accepts gzip: 87 MB become 32 MB on the wire.
 */
export declare const AGENT_DOWNLOADS: Readonly<Record<string, {
    file: string;
    contentType: string;
    hasGzip: boolean;
}>>;
/** What the downloads work with: the agent executables' folder and the hub's public URLs. */
export interface AgentDownloadsDeps {
    access: Access;
    inFlight: InFlight;
    log: Logger;
    dir: string;
    publicUrls: readonly string[];
}
/**
 * GET /install.sh (the installer, naming this hub as the client reached it, or the
 * --public-url it reached) and /download/agent/{linux-x64,linux-arm64,SHA256SUMS} from `dir`. Like the dashboard's
 * files they hold no data, so they need no viewer token; the agent token travels only
 * in the command a person runs.
 */
export declare function registerAgentDownloads(app: TemplatedApp, deps: AgentDownloadsDeps): void;
//# sourceMappingURL=agent-downloads.d.ts.map