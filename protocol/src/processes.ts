import { Type, type Static } from '@sinclair/typebox';
import { MAX_COMMAND_CHARS, MAX_PROCESS_GROUPS, TOP_PROCESSES } from './constants.js';
import { HostIdSchema, RunIdSchema } from './sample.js';
import { STRICT } from './schema-options.js';

const Count = Type.Number({ minimum: 0 });
// A process may use many cores at once: 100 per core, up to the 1024 cores a sample allows.
const CpuPct = Type.Number({ minimum: 0, maximum: 102_400 });

/** What kind of thing a group of processes is, read from its cgroup path. */
export const ProcessGroupKindSchema = Type.Union([
  /** A systemd unit: nginx.service, session-3.scope. */
  Type.Literal('unit'),
  /** A container of docker, containerd, podman or CRI-O, on its own or in a Kubernetes pod. */
  Type.Literal('container'),
  /** Any other cgroup, named by its path. */
  Type.Literal('cgroup'),
  /** Kernel threads, which all sit in the root cgroup. */
  Type.Literal('kernel'),
]);

/** The runtime that made a container's cgroup. */
export const ContainerRuntimeSchema = Type.Union([Type.Literal('docker'), Type.Literal('containerd'), Type.Literal('podman'), Type.Literal('cri-o')]);

/** One process, as the top-processes table shows it. */
export const ProcessRowSchema = Type.Object(
  {
    pid: Type.Integer({ minimum: 1 }),
    /** The kernel's short name (comm, at most 15 bytes on Linux). */
    name: Type.String({ maxLength: 64 }),
    /** User name, or the numeric uid when the host has no name for it. */
    user: Type.String({ maxLength: 64 }),
    /** Command line, arguments joined by spaces, secrets masked, cut; empty for kernel threads and zombies. */
    command: Type.String({ maxLength: MAX_COMMAND_CHARS }),
    /** CPU used since the agent's previous reading, percent of one core (200 is two cores busy). */
    cpuPct: CpuPct,
    rssBytes: Count,
    threads: Type.Integer({ minimum: 0 }),
    /** State letter as ps shows it: R running, S sleeping, D disk wait, Z zombie, T stopped, I idle... */
    state: Type.String({ pattern: '^[A-Za-z]$' }),
    /** The id of its group in `groups`. */
    groupId: Type.String({ minLength: 1, maxLength: 300 }),
  },
  STRICT,
);

/** The processes of one cgroup together: a unit, a container or a plain cgroup. */
export const ProcessGroupSchema = Type.Object(
  {
    /** Stable key: "unit:nginx.service", "container:<id>", "cgroup:/path", "kernel". */
    id: Type.String({ minLength: 1, maxLength: 300 }),
    kind: ProcessGroupKindSchema,
    /** What a person calls it: the unit name, the container's short id, the cgroup path. */
    name: Type.String({ minLength: 1, maxLength: 256 }),
    /** The cgroup path the group was read from. */
    cgroup: Type.String({ maxLength: 256 }),
    runtime: Type.Optional(ContainerRuntimeSchema),
    /** Kubernetes pod uid, for a container under kubepods. */
    pod: Type.Optional(Type.String({ maxLength: 64 })),
    processCount: Type.Integer({ minimum: 0 }),
    cpuPct: CpuPct,
    rssBytes: Count,
  },
  STRICT,
);

/**
 * The top processes of a host at one moment: the union of the TOP_PROCESSES busiest
 * by CPU and the TOP_PROCESSES largest by resident memory, and the busiest groups
 * (every process counted in its group's totals, listed or not).
 */
export const ProcessTableSchema = Type.Object(
  {
    hostId: HostIdSchema,
    runId: RunIdSchema,
    tsMs: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    /** How often the agent sends a table. */
    intervalMs: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
    /** Every process the agent read, listed or not. */
    processCount: Type.Integer({ minimum: 0 }),
    /** Every group the agent found, listed or not. */
    groupCount: Type.Integer({ minimum: 0 }),
    processes: Type.Array(ProcessRowSchema, { maxItems: 2 * TOP_PROCESSES }),
    groups: Type.Array(ProcessGroupSchema, { maxItems: MAX_PROCESS_GROUPS }),
  },
  STRICT,
);

/** A process table as the hub keeps and serves it: the agent's table plus the hub's receive time. */
export const HostProcessTableSchema = Type.Composite([ProcessTableSchema, Type.Object({ hubRxMs: Type.Integer({ minimum: 0 }) })], STRICT);

export type ProcessGroupKind = Static<typeof ProcessGroupKindSchema>;
export type ContainerRuntime = Static<typeof ContainerRuntimeSchema>;
export type ProcessRow = Static<typeof ProcessRowSchema>;
export type ProcessGroup = Static<typeof ProcessGroupSchema>;
export type ProcessTable = Static<typeof ProcessTableSchema>;
export type HostProcessTable = Static<typeof HostProcessTableSchema>;
