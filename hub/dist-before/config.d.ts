import { type LogLevel } from '@hostpulse/common';
import type { HostToken } from './auth/agent-auth.js';
import { type AlertsConfig } from './alerts/rules-file.js';
import { type BusConfig } from './cluster/bus-config.js';
import { type Retention } from './store/tiers.js';
/** The built dashboard: dashboard/dist in a checkout, beside the bundle in a release. */
export declare const DEFAULT_DASHBOARD_DIR: string;
/** The agent executables: agent/dist in a checkout, beside the bundle in a release. */
export declare const DEFAULT_AGENT_DIR: string;
/** The load lab's program (readHubCommand checks it is built). */
export declare const DEFAULT_LAB_PROGRAM: string;
/** The hub's flags and their HOSTPULSE_* variables. */
export declare const HUB_OPTIONS: {
    readonly port: {
        readonly kind: "integer";
        readonly env: "HOSTPULSE_PORT";
        readonly default: 8080;
        readonly min: 0;
        readonly max: 65535;
        readonly valueName: "PORT";
        readonly help: "port to listen on; 0 picks a free one";
    };
    readonly host: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_HOST";
        readonly default: "127.0.0.1";
        readonly valueName: "ADDRESS";
        readonly help: "address to listen on";
    };
    readonly agentToken: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_AGENT_TOKEN";
        readonly valueName: "TOKEN";
        readonly help: "token any agent may send as \"Authorization: Bearer TOKEN\"; unset, a hub with --data-dir makes one once and keeps it there (see --print-tokens), and one without needs this or --agent-tokens-file unless listening on loopback";
    };
    readonly agentTokensFile: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_AGENT_TOKENS_FILE";
        readonly valueName: "FILE";
        readonly help: "file of per-host agent tokens, one \"host-id token\" a line (# comments); each token is valid only for its host id, and no token is minted through the API for a host id listed here; with it and no --agent-token, agents need a per-host token and the hub keeps no shared one";
    };
    readonly viewerToken: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_VIEWER_TOKEN";
        readonly valueName: "TOKEN";
        readonly help: "token dashboards and API clients need (Authorization: Bearer TOKEN, or open /?token=TOKEN once in a browser); unset, anyone who reaches the hub may watch";
    };
    readonly adminToken: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_ADMIN_TOKEN";
        readonly valueName: "TOKEN";
        readonly help: "token for changes through the API (Authorization: Bearer TOKEN), such as deleting a host or minting a per-host agent token (POST /api/agent-tokens); unset, a hub with --data-dir makes one once and keeps it there, and one without refuses such changes";
    };
    readonly allowedOrigins: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_ALLOWED_ORIGINS";
        readonly valueName: "ORIGINS";
        readonly help: "origins besides the hub's own whose pages may open /live, comma-separated or repeated, such as https://ops.example.com";
    };
    readonly publicUrl: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_PUBLIC_URL";
        readonly valueName: "URL";
        readonly help: "address users open the hub at, such as https://hostpulse.example.com (comma-separated or repeated); the API, /live and /metrics answer only requests naming localhost, an IP address or one of these hosts, and pages of these origins may open /live";
    };
    readonly corsOrigin: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_CORS_ORIGIN";
        readonly valueName: "ORIGIN";
        readonly help: "origin whose pages may call the API and /metrics (CORS), comma-separated or repeated; unset, no CORS headers are sent";
    };
    readonly maxSocketsPerAddress: {
        readonly kind: "integer";
        readonly env: "HOSTPULSE_MAX_SOCKETS_PER_ADDRESS";
        readonly default: 2000;
        readonly min: 1;
        readonly max: 1000000;
        readonly valueName: "N";
        readonly help: "most WebSockets (/agent and /live together) open from one client address; an upgrade past it gets HTTP 429 and counts as a tooManySockets fault (the load lab opens up to 1000 from loopback)";
    };
    readonly trustedProxy: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_TRUSTED_PROXY";
        readonly valueName: "ADDRESSES";
        readonly help: "IP addresses of TLS proxies in front of the hub, comma-separated or repeated, such as 127.0.0.1: for requests from them the client address is the last of X-Forwarded-For, so --max-sockets-per-address counts each client behind the proxy; from any other address X-Forwarded-For is ignored";
    };
    readonly maxHosts: {
        readonly kind: "integer";
        readonly env: "HOSTPULSE_MAX_HOSTS";
        readonly default: 10000;
        readonly min: 1;
        readonly max: 1000000;
        readonly valueName: "N";
        readonly help: "most hosts the hub holds; a hello for a new host id past it is closed with 4507 (tooManyHosts)";
    };
    readonly history: {
        readonly kind: "duration";
        readonly env: "HOSTPULSE_HISTORY";
        readonly default: 3600000;
        readonly min: 10000;
        readonly max: number;
        readonly valueName: "DURATION";
        readonly help: "raw samples kept in memory per host, such as 15m or 1h (ms when bare); with --data-dir, older ones are read from disk";
    };
    readonly dataDir: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_DATA_DIR";
        readonly default: "none";
        readonly valueName: "DIR";
        readonly help: "directory for the history database and the hub's own agent and admin tokens (created when missing; it must hold only the hub's files); \"none\" keeps history in memory only, lost at exit, and no tokens";
    };
    readonly retention: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_RETENTION";
        readonly default: "raw=48h,1m=90d,1h=2y";
        readonly valueName: "TIERS";
        readonly help: "how long each tier on disk keeps its data: raw samples, 1-minute and 1-hour min/avg/max; any subset, such as raw=24h";
    };
    readonly maxDisk: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_MAX_DISK";
        readonly valueName: "SIZE";
        readonly help: "cap on the database on disk, such as 500MB or 20GiB; over it the oldest data goes first (raw, then 1m, then 1h); unset, no cap";
    };
    readonly alertsFile: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_ALERTS_FILE";
        readonly valueName: "FILE";
        readonly help: "alert rules and notifiers (JSON or YAML); SIGHUP reloads it, keeping the old rules when the new file is invalid; unset, default rules show on the dashboard only";
    };
    readonly nats: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_NATS";
        readonly valueName: "URLS";
        readonly help: "NATS servers (JetStream on), comma-separated, such as nats://10.0.0.5:4222: hubs on the same NATS share every host (see docs/cluster.md); nats://user:pass@host or nats://token@host for credentials, never logged; unset, the hub runs alone";
    };
    readonly natsCreds: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_NATS_CREDS";
        readonly valueName: "FILE";
        readonly help: "NATS credentials file (JWT and nkey seed) for --nats";
    };
    readonly natsMaxAge: {
        readonly kind: "duration";
        readonly env: "HOSTPULSE_NATS_MAX_AGE";
        readonly default: 3600000;
        readonly min: 60000;
        readonly max: number;
        readonly valueName: "DURATION";
        readonly help: "how long the NATS stream keeps samples, so a hub that was away back-fills what it missed, such as 1h or 30m";
    };
    readonly dashboardDir: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_DASHBOARD_DIR";
        readonly default: string;
        readonly valueName: "DIR";
        readonly help: "directory of the built dashboard";
    };
    readonly agentDir: {
        readonly kind: "string";
        readonly env: "HOSTPULSE_AGENT_DIR";
        readonly default: string;
        readonly valueName: "DIR";
        readonly help: "directory of the agent executables and SHA256SUMS served at /download/agent/ for /install.sh (npm run build:sea writes them)";
    };
    readonly lab: {
        readonly kind: "boolean";
        readonly env: "HOSTPULSE_LAB";
        readonly default: false;
        readonly help: "offer the load lab (POST /api/lab): up to 1000 simulated viewers, in a process of their own, for the Compare page; needs an admin token (--admin-token, or the one kept with --data-dir) unless listening on loopback";
    };
    readonly labTimeLimit: {
        readonly kind: "duration";
        readonly env: "HOSTPULSE_LAB_TIME_LIMIT";
        readonly default: number;
        readonly min: 1000;
        readonly max: number;
        readonly valueName: "DURATION";
        readonly help: "a lab stops by itself this long after it started";
    };
    readonly printTokens: {
        readonly kind: "boolean";
        readonly default: false;
        readonly help: "print the agent and admin tokens a hub with these flags uses and where each comes from (the data dir's tokens file, a flag or a variable), then exit; it makes and changes nothing";
    };
};
/** Usage line of --help. */
export declare const USAGE: string;
/** The hub's configuration, parsed and frozen. */
export interface HubConfig {
    readonly port: number;
    readonly host: string;
    /** Token valid for any host id, as given by flag or variable; with a data dir and none given, the hub keeps its own (auth/hub-tokens.ts). */
    readonly agentToken: string | undefined;
    /** Tokens each valid for one host id (--agent-tokens-file). */
    readonly agentHostTokens: readonly HostToken[];
    readonly viewerToken: string | undefined;
    /** Token for changes through the API, as given; with a data dir and none given, the hub keeps its own. */
    readonly adminToken: string | undefined;
    /** Origins, besides the hub's own, whose pages may open /live. */
    readonly allowedOrigins: readonly string[];
    /** Addresses users open the hub at (--public-url); their host names and origins are the hub's own. */
    readonly publicUrls: readonly string[];
    /** Origins that get CORS headers on the API and /metrics. */
    readonly corsOrigins: readonly string[];
    /** Most WebSockets open from one client address. */
    readonly maxSocketsPerAddress: number;
    /** Addresses of proxies whose X-Forwarded-For names the client (canonical spelling). */
    readonly trustedProxies: readonly string[];
    /** Most hosts the hub holds; new host ids past it are refused. */
    readonly maxHosts: number;
    /** Raw samples kept in memory per host. */
    readonly historyMs: number;
    /** Where the history database lives; null keeps memory only. */
    readonly dataDir: string | null;
    readonly retention: Retention;
    /** Cap on the database's size in bytes; null for none. */
    readonly maxDiskBytes: number | null;
    /** The rules file (null for the default rules) and what it held at start. */
    readonly alertsFile: string | null;
    readonly alerts: AlertsConfig;
    readonly dashboardDir: string;
    /** Where the agent executables served at /download/agent/ are. */
    readonly agentDir: string;
    /** The NATS bus joining several hubs; null runs alone. */
    readonly bus: BusConfig | null;
    /** The load lab when --lab is given: its program and how long one may run. */
    readonly lab: {
        readonly program: string;
        readonly timeLimitMs: number;
    } | null;
    readonly logLevel: LogLevel;
}
/** What the command line asks for. */
export type HubCommand = {
    action: 'help';
    text: string;
} | {
    action: 'version';
    text: string;
} | {
    action: 'run';
    config: HubConfig;
}
/** --print-tokens: show the tokens a hub with this config uses, then exit. */
 | {
    action: 'printTokens';
    config: HubConfig;
};
/** Whether an address only accepts connections from this machine. */
export declare function isLoopback(host: string): boolean;
/** Joins repeated `--flag value` / `--flag=value` of REPEATABLE_FLAGS into one comma-separated value. */
export declare function joinRepeatedFlags(argv: string[]): string[];
/** Reads `raw=48h,1m=90d,1h=2y` (any subset; the rest keep their defaults); `source` names the flag. */
export declare function parseRetention(text: string, source: string): Retention;
/** Reads a size such as 500MB, 20GiB or 1073741824 (bytes); `source` names the flag. */
export declare function parseSize(text: string, source: string): number;
/** Reads flags, HOSTPULSE_* variables and LOG_LEVEL; throws a ConfigError naming what is wrong. */
export declare function readHubCommand(argv: string[], env: NodeJS.ProcessEnv): HubCommand;
//# sourceMappingURL=config.d.ts.map