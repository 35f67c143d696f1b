// Runtime values here are browser-safe and free of the validator library, so the
// dashboard bundle stays small; validators live in '@hostpulse/protocol/validate'.
export * from './constants.js';
export * from './topics.js';
export * from './close-codes.js';
export * from './derived.js';
export type { HubStats, TransportStats } from './stats.js';
export type {
  OverviewResponse,
  HostsResponse,
  HostResponse,
  SamplesResponse,
  ProcessesResponse,
  TimeResponse,
  ErrorResponse,
} from './http-api.js';
export type {
  CpuTimes,
  NetInterface,
  DiskDevice,
  Filesystem,
  Temperature,
  Sample,
  Inventory,
  Tags,
  HostSample,
} from './sample.js';
export type {
  ProcessGroupKind,
  ContainerRuntime,
  ProcessRow,
  ProcessGroup,
  ProcessTable,
  HostProcessTable,
} from './processes.js';
export type { SummaryMetrics, HostSummary, HostInfo } from './host.js';
export type { AgentHello, AgentSample, AgentProcesses, AgentMessage, HubWelcome, HubToAgentMessage } from './agent-messages.js';
export type {
  Subscribe,
  Unsubscribe,
  LiveClientMessage,
  LiveWelcome,
  Snapshot,
  LiveSample,
  LiveProcesses,
  HostStatus,
  OverviewFrame,
  StatsFrame,
  LiveError,
  LiveServerMessage,
} from './live-messages.js';
