#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { createLogger, formatHelp, runMain } from '@hostpulse/common';
import { runAgent } from './agent.js';
import { AGENT_OPTIONS, loadConfig } from './config.js';

const USAGE = `usage: hostpulse-agent [--hub URL] [--token TOKEN] [options]

Samples this host every interval (CPU, load, memory, swap, network, disk I/O,
processes, uptime; filesystems every 30 s, temperatures every 10 s) and pushes
the samples to a hostpulse hub over WebSocket; on Linux it also sends the top
processes by CPU and memory, grouped by cgroup, every --processes-every. LOG_LEVEL sets the log level
(debug, info, warn, error; default info).`;

function agentVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

await runMain('hostpulse-agent', async () => {
  const command = loadConfig(process.argv.slice(2), process.env);
  if (command.action === 'help') {
    process.stdout.write(formatHelp(USAGE, AGENT_OPTIONS));
    return;
  }
  if (command.action === 'version') {
    process.stdout.write(`${agentVersion()}\n`);
    return;
  }
  const log = createLogger('agent', command.config.logLevel);
  await runAgent(command.config, agentVersion(), log);
});

// Everything is closed by now; a child process of systeminformation stuck on a dead
// mount must not hold the agent open, so exit after a short wait regardless.
setTimeout(() => process.exit(), 1000).unref();
