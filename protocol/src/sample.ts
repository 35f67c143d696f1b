import { Type, type Static } from '@sinclair/typebox';
import { STRICT } from './schema-options.js';
import { HOST_ID_PATTERN, MAX_TAGS, RUN_ID_PATTERN, TAG_KEY_PATTERN, TAG_VALUE_PATTERN } from './constants.js';

const Count = Type.Number({ minimum: 0 });
const Pct = Type.Number({ minimum: 0, maximum: 100 });
const Name = Type.String({ minLength: 1, maxLength: 256 });

/** Host id: stable across agent restarts, safe in topics, URLs and labels. */
export const HostIdSchema = Type.String({ pattern: HOST_ID_PATTERN });

/** Run id: a new one each time an agent process starts. */
export const RunIdSchema = Type.String({ pattern: RUN_ID_PATTERN });

/** Share of CPU time in each state over the last interval, in percent. */
export const CpuTimesSchema = Type.Object({
  userPct: Pct,
  systemPct: Pct,
  iowaitPct: Pct,
  stealPct: Pct,
  idlePct: Pct,
}, STRICT);

/** One network interface's rates over the last interval. */
export const NetInterfaceSchema = Type.Object({
  name: Name,
  rxBytesPerSec: Count,
  txBytesPerSec: Count,
  rxPacketsPerSec: Count,
  txPacketsPerSec: Count,
  rxErrorsPerSec: Count,
  txErrorsPerSec: Count,
  /** Packets the host dropped (/proc/net/dev `drop`). Optional: older agents leave them out. */
  rxDroppedPerSec: Type.Optional(Count),
  txDroppedPerSec: Type.Optional(Count),
  /**
   * Whether the interface counts toward the host's network totals: false for a
   * virtual one (bridge, veth, bond, VLAN, tunnel) unless the agent's --net-include
   * or --net-exclude say otherwise. Absent (older agents): it counts.
   */
  inTotal: Type.Optional(Type.Boolean()),
}, STRICT);

/** One block device's I/O over the last interval. */
export const DiskDeviceSchema = Type.Object({
  name: Name,
  readBytesPerSec: Count,
  writeBytesPerSec: Count,
  readOpsPerSec: Count,
  writeOpsPerSec: Count,
  busyPct: Pct,
  /**
   * Whether the device counts toward the host's disk totals: false for one stacked
   * on others or virtual (dm-*, md*, zram*) unless the agent's --disk-include or
   * --disk-exclude say otherwise. Absent (older agents): it counts.
   */
  inTotal: Type.Optional(Type.Boolean()),
}, STRICT);

/** Usage of one mounted filesystem. */
export const FilesystemSchema = Type.Object({
  mount: Name,
  fsType: Type.String({ maxLength: 64 }),
  sizeBytes: Count,
  usedBytes: Count,
  /**
   * Bytes an unprivileged user may still write (statfs `bavail`): less than
   * size - used by the blocks reserved for root. Optional: older agents leave it out.
   */
  availableBytes: Type.Optional(Count),
}, STRICT);

/** One temperature sensor. */
export const TemperatureSchema = Type.Object({
  label: Name,
  celsius: Type.Number({ minimum: -273.15, maximum: 1000 }),
}, STRICT);

/**
 * One sample of a host, taken by its agent. Rates are computed at the agent, so
 * the hub keeps no counter state. `fs` comes every 30 s and `temps` every 10 s
 * (where the host has sensors); other samples leave them out.
 */
export const SampleSchema = Type.Object({
  hostId: HostIdSchema,
  runId: RunIdSchema,
  seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  tsMs: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  intervalMs: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
  uptimeSec: Count,
  processCount: Type.Integer({ minimum: 0 }),
  cpu: Type.Object({
    total: CpuTimesSchema,
    cores: Type.Array(CpuTimesSchema, { maxItems: 1024 }),
  }, STRICT),
  load: Type.Object({ one: Count, five: Count, fifteen: Count }, STRICT),
  mem: Type.Object({
    totalBytes: Count,
    usedBytes: Count,
    availableBytes: Count,
    cachedBytes: Count,
    buffersBytes: Count,
  }, STRICT),
  swap: Type.Object({ totalBytes: Count, usedBytes: Count }, STRICT),
  net: Type.Array(NetInterfaceSchema, { maxItems: 256 }),
  disk: Type.Array(DiskDeviceSchema, { maxItems: 256 }),
  fs: Type.Optional(Type.Array(FilesystemSchema, { maxItems: 256 })),
  temps: Type.Optional(Type.Array(TemperatureSchema, { maxItems: 256 })),
}, STRICT);

/** A host's tags, `{ role: 'db', env: 'prod' }` from the agent's `--tags role=db,env=prod`. */
export const TagsSchema = Type.Record(Type.String({ pattern: TAG_KEY_PATTERN }), Type.String({ pattern: TAG_VALUE_PATTERN }), {
  ...STRICT,
  maxProperties: MAX_TAGS,
});

/** What a host is, sent once per connection in the agent's hello. */
export const InventorySchema = Type.Object({
  hostname: Name,
  platform: Type.String({ maxLength: 64 }),
  distro: Type.String({ maxLength: 256 }),
  release: Type.String({ maxLength: 256 }),
  kernel: Type.String({ maxLength: 256 }),
  arch: Type.String({ maxLength: 64 }),
  cpuModel: Type.String({ maxLength: 256 }),
  cpuCores: Type.Integer({ minimum: 0 }),
  cpuPhysicalCores: Type.Integer({ minimum: 0 }),
  memTotalBytes: Count,
  agentVersion: Type.String({ maxLength: 64 }),
  /** Left out by agents started without --tags (and by agents older than tags). */
  tags: Type.Optional(TagsSchema),
}, STRICT);

/** A sample as the hub stores and serves it: the agent's sample plus the hub's receive time. */
export const HostSampleSchema = Type.Composite([
  SampleSchema,
  Type.Object({ hubRxMs: Type.Integer({ minimum: 0 }) }),
], STRICT);

export type CpuTimes = Static<typeof CpuTimesSchema>;
export type NetInterface = Static<typeof NetInterfaceSchema>;
export type DiskDevice = Static<typeof DiskDeviceSchema>;
export type Filesystem = Static<typeof FilesystemSchema>;
export type Temperature = Static<typeof TemperatureSchema>;
export type Sample = Static<typeof SampleSchema>;
export type Inventory = Static<typeof InventorySchema>;
export type Tags = Static<typeof TagsSchema>;
export type HostSample = Static<typeof HostSampleSchema>;
