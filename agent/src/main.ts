#!/usr/bin/env node
import v8 from 'node:v8';
import { createLogger, formatHelp, runMain } from '@hostpulse/common';
import { runAgent } from './agent.js';
import { AGENT_OPTIONS, loadConfig } from './config.js';
import { AGENT_VERSION } from './version.js';

const USAGE = `usage: hostpulse-agent [--hub URL] [--token TOKEN] [options]

Samples this host every interval (CPU, load, memory, swap, network, disk I/O,
processes, uptime; filesystems every 30 s, temperatures every 10 s) and pushes
the samples to a hostpulse hub over WebSocket; on Linux it also sends the top
processes by CPU and memory, grouped by cgroup, every --processes-every. LOG_LEVEL sets the log level
(debug, info, warn, error; default info).`;

// The agent runs well under a millisecond of JavaScript a second. V8's optimising compiler
// would save microseconds of that and costs about 4 MiB of resident memory (its own code
// pages of the node binary, and the code it writes): measured with `npm run bench --
// --scenario agent`, at the same CPU. Ignition and Sparkplug's baseline code still run it.
v8.setFlagsFromString('--no-opt');

// No top-level await: the executable's build bundles this file as CommonJS, which has none.
void runMain('hostpulse-agent', async () => {
  const command = loadConfig(process.argv.slice(2), process.env);
  if (command.action === 'help') {
    process.stdout.write(formatHelp(USAGE, AGENT_OPTIONS));
    return;
  }
  if (command.action === 'version') {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return;
  }
  const log = createLogger('agent', command.config.logLevel);
  await runAgent(command.config, AGENT_VERSION, log);
}).then(() => {
  // Everything is closed by now; a child process of systeminformation stuck on a dead
  // mount must not hold the agent open, so exit after a short wait regardless.
  setTimeout(() => process.exit(), 1000).unref();
});
