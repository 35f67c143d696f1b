#!/usr/bin/env node
// `npm start`: build what is missing or stale, start the hub on 127.0.0.1:8080 (history in
// data/, with the hub's own agent and admin tokens) and one agent for this machine with that
// agent token, print the dashboard URL, an admin link and the tokens; Ctrl-C stops both.
// Arguments after `npm start --` go to the hub (e.g. `npm start -- --port 9000`). On a
// loopback address the hub gets --lab, so the Compare page can run the load lab.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const hubArgs = process.argv.slice(2);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`hostpulse: \`${command} ${args.join(' ')}\` failed; see the output above\n`);
    process.exit(1);
  }
}

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether `output` is missing or older than a file under one of `sourceDirs`. */
function isStale(output, sourceDirs) {
  const file = join(root, output);
  if (!existsSync(file)) return true;
  const built = statSync(file).mtimeMs;
  return sourceDirs.some((dir) => newestMtimeMs(join(root, dir)) > built);
}

process.stderr.write('hostpulse: compiling protocol, agent and hub (tsc -b, incremental)\n');
run('npx', ['tsc', '-b']);
if (isStale('dashboard/dist/index.html', ['dashboard/src', 'protocol/src'])) {
  process.stderr.write('hostpulse: building the dashboard\n');
  run('npm', ['run', 'build', '-w', 'dashboard']);
}
if (isStale('agent/dist/sea/hostpulse-agent.cjs', ['agent/src', 'common/src', 'protocol/src'])) {
  process.stderr.write('hostpulse: bundling the agent\n');
  run('npm', ['run', 'bundle', '-w', 'agent']);
}

/** The value of a hub flag given after `npm start --` (`--flag VALUE` or `--flag=VALUE`), else of its variable, else undefined. */
function hubSetting(flag, variable) {
  const at = hubArgs.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
  if (at < 0) return process.env[variable] || undefined;
  return hubArgs[at].includes('=') ? hubArgs[at].slice(flag.length + 1) : hubArgs[at + 1];
}

// The load lab only where nobody else can reach it, unless the user said otherwise.
const { isLoopback } = await import(new URL('../hub/dist/config.js', import.meta.url).href);
const hubHost = hubSetting('--host', 'HOSTPULSE_HOST') ?? '127.0.0.1';
const labGiven = hubArgs.includes('--lab') || Boolean(process.env.HOSTPULSE_LAB);
if (!labGiven && isLoopback(hubHost)) hubArgs.push('--lab');

// History and the hub's own agent and admin tokens are kept in data/ beside the repository,
// so a restart shows the graphs from before it and agents keep their token.
const dataDirGiven = hubSetting('--data-dir', 'HOSTPULSE_DATA_DIR');
const dataDirArgs = dataDirGiven === undefined ? ['--data-dir', join(root, 'data')] : [];
const dataDir = dataDirGiven ?? dataDirArgs[1];
const children = [];
let stopping = false;

function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  process.exitCode = exitCode;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

// The hub's stdout only shows tokens it made at this start; the summary below shows them at every start.
const hub = spawn(process.execPath, [join(root, 'hub/dist/main.js'), ...dataDirArgs, ...hubArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
children.push(hub);

/**
 * The tokens the hub uses, as `hostpulse-hub --print-tokens` with the same flags and
 * variables tells them: the kept ones, or those the user gave (undefined for none), and
 * `lines` saying where each is. Null, said on stderr, when it fails.
 */
function hubTokens() {
  const result = spawnSync(process.execPath, [join(root, 'hub/dist/main.js'), '--print-tokens', ...dataDirArgs, ...hubArgs], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`hostpulse: the hub's --print-tokens failed: ${result.stderr.trim()}\n`);
    return null;
  }
  const token = (name) => {
    const value = new RegExp(`^${name} token: (\\S+)  \\(`, 'm').exec(result.stdout)?.[1];
    return value === 'none' ? undefined : value;
  };
  return { agent: token('agent'), admin: token('admin'), lines: result.stdout.trimEnd().split('\n') };
}

let agentStarted = false;
createInterface({ input: hub.stderr }).on('line', (line) => {
  process.stderr.write(line + '\n');
  const match = /listening url=(\S+)(?: alsoAt=(\S+))?/.exec(line);
  if (!match || agentStarted) return;
  agentStarted = true;
  // The hub names this machine's addresses in place of 0.0.0.0 or ::, loopback first.
  const [, url, alsoAt] = match;
  const tokens = hubTokens();
  if (tokens === null) return stopAll(1);
  const agent = spawn(process.execPath, [join(root, 'agent/dist/main.js'), '--hub', url.replace(/^http/, 'ws')], {
    env: { ...process.env, ...(tokens.agent !== undefined && { HOSTPULSE_TOKEN: tokens.agent }) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(agent);
  agent.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`hostpulse: the agent exited (code ${code}); stopping the hub\n`);
      stopAll(1);
    }
  });
  // The admin link carries the token in the fragment, which the browser keeps to itself: the page
  // takes it into that tab's storage and drops it from the address (dashboard/src/state/admin-link.ts).
  process.stdout.write(
    `\n  hostpulse is running: open ${url}/ in a browser\n` +
      (alsoAt !== undefined
        ? `  from other machines: ${alsoAt.split(',').map((other) => `${other}/`).join('  ')}\n`
        : isLoopback(hubHost)
          ? `  it listens on ${hubHost} only, so other machines cannot reach it: \`npm start -- --host 0.0.0.0\` opens it to them\n`
          : '') +
      (tokens.admin !== undefined ? `  as the admin (delete and name hosts, Add host, Hub tokens, the load lab), open ${url}/#admin=${encodeURIComponent(tokens.admin)}\n` : '') +
      tokens.lines.map((line) => `  ${line}\n`).join('') +
      (tokens.admin !== undefined
        ? '  the admin token is for deleting and naming a host, a token for one host in Add host, new tokens in Hub tokens, and the load lab\n'
        : '  no admin token: give the hub a data dir (it then keeps one) or set HOSTPULSE_ADMIN_TOKEN to delete hosts and mint per-host agent tokens\n') +
      (dataDir === 'none'
        ? '  --data-dir none: history is in memory only, lost at exit, and tokens are per run (none is kept)\n'
        : `  history and tokens are kept in ${dataDir}\n`) +
      `  Ctrl-C stops the hub and the agent.\n\n`,
  );
  buildExecutables(url);
});

// Add host's one-liner downloads the agent executables. Making them takes about half a
// minute the first time (and a download of Node binaries from npm), so it runs after the
// hub is up, at low priority; the hub serves them as soon as they are written.
function buildExecutables(url) {
  const build = spawn('nice', [process.execPath, join(root, 'agent/build-sea.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(build);
  build.on('exit', (code) => {
    if (stopping) return;
    if (code === 0) process.stderr.write(`hostpulse: agent executables ready for Add host (${url}/download/agent/SHA256SUMS)\n`);
    else process.stderr.write('hostpulse: the agent executables were not built (see above); Add host\'s command fails until `npm run build:sea` succeeds\n');
  });
}

hub.on('exit', (code) => {
  // Once stopping, the exit code is already set and the agent already signalled.
  if (stopping) return;
  process.stderr.write(`hostpulse: the hub exited (code ${code})\n`);
  stopAll(code ?? 1);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));
