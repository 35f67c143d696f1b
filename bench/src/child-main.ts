import { createPollClientsRole, createPushClientsRole, type ChildRole } from '@hostpulse/loadgen';
import type { ChildReply, ChildRequest } from './kit/child-link.js';
import { createAgentsRole } from './roles/sim-agents.js';
import { createUwsBaselineRole } from './scenarios/fanout/uws-baseline.js';
import { createWsBaselineRole } from './scenarios/fanout/ws-baseline.js';
import { createSoakAgentsRole } from './scenarios/soak/soak-agents.js';
import { createReplayAgentsRole } from './scenarios/storage/replay-agents.js';
import { createStormAgentsRole } from './scenarios/reconnect-storm/storm-agents.js';

// Entry of every bench child process: argv[2] names its role; commands arrive over IPC.
const factories: Record<string, () => ChildRole> = {
  agents: createAgentsRole,
  push: createPushClientsRole,
  poll: createPollClientsRole,
  'uws-baseline': createUwsBaselineRole,
  'ws-baseline': createWsBaselineRole,
  'soak-agents': createSoakAgentsRole,
  'replay-agents': createReplayAgentsRole,
  'storm-agents': createStormAgentsRole,
};

const roleName = process.argv[2] ?? '';
const factory = factories[roleName];
if (!factory || !process.send) {
  process.stderr.write(`bench child: unknown role "${roleName}" or no IPC channel\n`);
  process.exit(2);
}
const role = factory();
const reply = (msg: ChildReply): void => {
  process.send!(msg);
};

process.on('message', (req: ChildRequest) => {
  void (async () => {
    try {
      const result = await role.handle(req.cmd, req.args);
      reply({ id: req.id, ok: true, result: result ?? null });
      if (req.cmd === 'stop') setTimeout(() => process.exit(0), 50);
    } catch (err) {
      reply({ id: req.id, ok: false, error: (err as Error).message });
    }
  })();
});
// A parent that dies must not leave load running.
process.on('disconnect', () => process.exit(0));
