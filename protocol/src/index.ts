// Runtime values here are browser-safe and free of the validator library, so the
// dashboard bundle stays small; validators live in '@hostpulse/protocol/validate'.
export * from './constants.js';
export * from './topics.js';
export * from './close-codes.js';
export * from './derived.js';
export * from './columns.js';
export * from './chart-lines.js';
export * from './rule-scope.js';
export { ALERT_METRICS, ALERT_OPS, ALERT_STATES, CHANNEL_SERVICES } from './alerts.js';
export type { AlertMetric, AlertOp, ChannelService, AlertState, AlertRule, Alert, DeliveryAttempt, NotifierInfo, WebhookPayload } from './alerts.js';
export { PROCESS_METRICS, WHO_DID_IT_METRICS } from './alerts.js';
export type { AlertProcess, AlertTopProcesses } from './alerts.js';
export type { Tier, SeriesLine, SeriesResponse } from './series.js';
export { ALERT_EVENT_KINDS, ALERT_HISTORY_DEFAULT_LIMIT, ALERT_HISTORY_MAX_LIMIT } from './alert-history.js';
export type { AlertEvent, AlertEventKind, AlertHistoryResponse } from './alert-history.js';
export type { AlertRuleChange, NotifierChange, RuleTestResult, AlertRuleTestResponse } from './alert-rules.js';
export { SILENCE_MAX_MATCHERS, WEEK_MS, silenceWindow } from './silences.js';
export type { Silence, SilenceRequest, SilencesResponse } from './silences.js';
export * from './websocket.js';
export type { LabSettings, LabRequest, LabFigures, LabStopReason, LabRun, LabState, LabCommand, LabReport } from './lab.js';
export type { AgentTokenRequest, AgentTokenResponse, MintedTokenInfo, AgentTokensResponse } from './agent-tokens.js';
export type { HubTokenRotation, HubTokenValue } from './hub-tokens.js';
export { AGENT_TOKEN_KINDS } from './hub-info.js';
export type { HubInfo } from './hub-info.js';
export type { HttpHead, Inspect, Handshake, PollExchange, InspectResponse } from './inspect.js';
export type { HubStats, TransportStats, TierStats, StorageStats } from './stats.js';
export * from './bus-subjects.js';
export type { BusStats, BusPeer } from './stats.js';
export type { BusSample, BusHello, BusStatus, BusHeartbeat, BusMessage, BusLease, BusHostName, BusSenderLease, BusTransition } from './bus-messages.js';
export type {
  OverviewResponse,
  HostsResponse,
  HostResponse,
  SamplesResponse,
  ProcessesResponse,
  TimeResponse,
  ErrorResponse,
  AlertsResponse,
  HealthResponse,
  ReadyResponse,
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
export type { SummaryMetrics, HostSummary, HostInfo, HostNameRequest } from './host.js';
export type { AgentHello, AgentSample, AgentProcesses, AgentMessage, HubWelcome, HubToAgentMessage } from './agent-messages.js';
export type { AgentUnderstands, AgentWatched, WatchedProcess, ProcessMatcher, WatchPattern, HubWatch } from './agent-messages.js';
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
  AlertsFrame,
  LiveError,
  LiveServerMessage,
} from './live-messages.js';
