#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';
import { formatHelp, parseCli, runMain, UserError } from '@hostpulse/common';
import { AGENT_PATH, PROTOCOL_VERSION, type AgentHello, type HubWelcome } from '@hostpulse/protocol';
import { parseAgentMessage } from '@hostpulse/protocol/validate';
import { RECORDED_AGENT_FILE } from './scenarios/storage/recorded-samples.js';
import { ROOT_DIR } from './kit/hub-process.js';

const specs = {
  samples: { kind: 'integer', default: 600, min: 10, max: 86_400, help: 'samples to record, one a second' },
  out: { kind: 'string', default: RECORDED_AGENT_FILE, valueName: 'FILE', help: 'gzipped JSON lines to write (relative to the repository root): the hello, then every sample frame as sent' },
} as const;

const USAGE = `usage: node bench/dist/record-agent.js [--samples N] [--out FILE]

Runs the real agent (agent/dist/main.js --interval 1000) against a small
recording server on loopback that welcomes it like a hub, and writes the hello
and every sample frame it sends, checked by the hub's own validator, to FILE. The
storage bench replays these samples to measure bytes per value on disk.`;

// The hostname says nothing about storage and need not be published with the fixture.
const RECORDED_HOSTNAME = 'recorded-host';

await runMain('hostpulse-record-agent', async () => {
  const cli = parseCli(specs, process.argv.slice(2), process.env);
  if (cli.action === 'help') return void process.stdout.write(formatHelp(USAGE, specs));
  if (cli.action === 'version') return void process.stdout.write('hostpulse-record-agent\n');
  const { samples: wanted, out } = cli.options;
  const agentMain = resolve(ROOT_DIR, 'agent/dist/main.js');
  if (!existsSync(agentMain)) throw new UserError(`agent is not built (${agentMain} missing): run npm run build`);

  let hello: AgentHello | undefined;
  /** Sample frames as the agent sent them. */
  const samples: string[] = [];
  let refused: string | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolveDone) => (finish = resolveDone));
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: AGENT_PATH });
  server.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      const parsed = parseAgentMessage(data.toString('utf8'));
      if (!parsed.ok) {
        refused = parsed.detail;
        return finish();
      }
      const msg = parsed.message;
      if (msg.type === 'hello') {
        hello = { ...msg, inventory: { ...msg.inventory, hostname: RECORDED_HOSTNAME } };
        const welcome: HubWelcome = { type: 'welcome', protocolVersion: PROTOCOL_VERSION, hostId: msg.hostId, runId: msg.runId, lastSeq: 0, hubTimeMs: Date.now() };
        ws.send(JSON.stringify(welcome));
        return;
      }
      // The welcome lists no other message type, so only samples follow; a process table would not be one.
      if (msg.type !== 'sample') return;
      samples.push(data.toString('utf8'));
      if (samples.length % 60 === 0) process.stderr.write(`recorded ${samples.length} of ${wanted} samples\n`);
      if (samples.length >= wanted) finish();
    });
  });
  await new Promise<void>((ready) => server.once('listening', () => ready()));
  const port = (server.address() as AddressInfo).port;
  const agent = spawn(process.execPath, [agentMain, '--hub', `ws://127.0.0.1:${port}`, '--token', 'record', '--interval', '1000', '--host-id', 'recorded-agent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  agent.once('exit', () => finish());
  await done;
  agent.kill('SIGTERM');
  server.close();
  if (refused !== undefined) throw new UserError(`the agent sent a frame the hub would refuse: ${refused}`);
  if (!hello || samples.length < wanted) throw new UserError(`the agent exited after ${samples.length} of ${wanted} samples`);
  const file = resolve(ROOT_DIR, out);
  mkdirSync(dirname(file), { recursive: true });
  const lines = [JSON.stringify(hello), ...samples.slice(0, wanted)].join('\n') + '\n';
  writeFileSync(file, gzipSync(lines, { level: 9 }));
  process.stdout.write(`wrote ${wanted} samples to ${file}\n`);
});
