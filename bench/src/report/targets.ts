import type { TargetCheck } from '../kit/target-check.js';
import { agentChecks } from '../scenarios/agent-footprint/targets.js';
import type { AgentFootprint } from '../scenarios/agent-footprint/run.js';
import { fanoutChecks } from '../scenarios/fanout/targets.js';
import type { FanoutResult } from '../scenarios/fanout/run.js';
import { freshnessChecks } from '../scenarios/push-vs-poll/freshness.js';
import { pushPollChecks } from '../scenarios/push-vs-poll/targets.js';
import type { TransportResult } from '../scenarios/push-vs-poll/transport-result.js';
import type { StorageResult } from '../scenarios/storage/storage-result.js';
import { storageChecks } from '../scenarios/storage/targets.js';

/** Every target the run has figures for. */
export function checkTargets(input: {
  pushPoll: readonly TransportResult[];
  freshness: readonly TransportResult[];
  fanout: readonly FanoutResult[];
  agent: readonly AgentFootprint[];
  storage: StorageResult | null;
}): TargetCheck[] {
  return [
    ...pushPollChecks(input.pushPoll, 'detail'),
    ...pushPollChecks(input.pushPoll, 'overview'),
    ...freshnessChecks(input.freshness),
    ...fanoutChecks(input.fanout),
    ...agentChecks(input.agent),
    ...(input.storage ? storageChecks(input.storage) : []),
  ];
}
