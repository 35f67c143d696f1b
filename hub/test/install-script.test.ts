import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_DIST, startAgentProcess } from '@hostpulse/testkit/agent-process';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';

// The one-liner as a person runs it, `curl -fsSL <hub>/install.sh | sh -s -- ...`, by
// Debian's sh (dash) against real hubs, with --prefix and --no-systemd so nothing
// outside a temporary directory is touched.
const TOKEN = 'install-token';
const X64 = 'hostpulse-agent-linux-x64';

const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `hostpulse-${name}-`));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every file under `dir`, relative. */
function filesUnder(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(base, e.name)) : [join(base, e.name)]));
}

/** Pipes the hub's install.sh into `sh -s -- ...args`, as the one-liner does. */
function runInstaller(hubUrl: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  return new Promise((resolve) => {
    const proc = spawn('sh', ['-c', `curl -fsSL ${hubUrl}/install.sh | sh -s -- ${quoted}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': the process may exit before its last output is read.
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('install.sh against a real hub', () => {
  let hub: HubProcess;
  beforeAll(async () => {
    hub = await startHubProcess(['--agent-token', TOKEN]);
  });
  afterAll(() => hub?.stop());

  it('installs with --prefix and --no-systemd an agent that streams, its settings readable by the owner only', { timeout: 60_000 }, async () => {
    const prefix = tempDir('prefix');
    const result = await runInstaller(hub.url, ['--token', TOKEN, '--host-id', 'installed-1', '--prefix', prefix, '--no-systemd']);
    expect(result.stderr).toContain(`installed hostpulse-agent 0.1.0 as ${prefix}/usr/local/bin/hostpulse-agent`);
    expect(result.code).toBe(0);
    expect(filesUnder(prefix).sort()).toEqual(['etc/hostpulse/agent.env', 'usr/local/bin/hostpulse-agent']);
    const envFile = join(prefix, 'etc/hostpulse/agent.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, 'utf8')).toBe(`HOSTPULSE_HUB=ws://127.0.0.1:${hub.port}\nHOSTPULSE_TOKEN=${TOKEN}\nHOSTPULSE_HOST_ID=installed-1\n`);
    const installed = readFileSync(join(prefix, 'usr/local/bin/hostpulse-agent'));
    expect(installed.equals(readFileSync(join(AGENT_DIST, X64)))).toBe(true);

    // The command it prints, run as printed, with nothing else in the environment. The
    // --hub the helper appends lands in the outer shell's unused arguments: the agent
    // reads its hub from agent.env. exec keeps one pid, so stopping it stops the agent.
    const command = result.stdout.trim();
    expect(command).toBe(`sh -c 'set -a && . ${envFile} && exec ${prefix}/usr/local/bin/hostpulse-agent'`);
    const agent = startAgentProcess(hub.url, [], { command: ['/bin/sh', '-c', `exec ${command}`, 'sh'], env: {} });
    try {
      const host = await waitForHost(hub.url, 'installed-1', { timeout: 15_000, explain: agent.output });
      expect(host.online).toBe(true);
    } finally {
      await agent.stop('SIGTERM');
    }
  });

  it('sends the executable gzipped to a client that accepts gzip, unpacking to the bytes SHA256SUMS names', async () => {
    const sums = await (await fetch(`${hub.url}/download/agent/SHA256SUMS`)).text();
    const expected = new RegExp(`^([0-9a-f]{64})  ${X64}$`, 'm').exec(sums)?.[1];
    const { headers, body } = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http.get(`${hub.url}/download/agent/linux-x64`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers['vary']).toBe('Accept-Encoding');
    const executable = gunzipSync(body);
    expect(body.length).toBeLessThan(executable.length / 2);
    expect(createHash('sha256').update(executable).digest('hex')).toBe(expected);
  });

  it('keeps the earlier token when run again without --token to update', { timeout: 60_000 }, async () => {
    const prefix = tempDir('again');
    expect((await runInstaller(hub.url, ['--token', TOKEN, '--prefix', prefix, '--no-systemd'])).code).toBe(0);
    expect((await runInstaller(hub.url, ['--prefix', prefix, '--no-systemd'])).code).toBe(0);
    expect(readFileSync(join(prefix, 'etc/hostpulse/agent.env'), 'utf8')).toContain(`HOSTPULSE_TOKEN=${TOKEN}\n`);
  });

  it('where systemd runs, writes a unit that systemd-analyze accepts; with --prefix it starts nothing', { timeout: 60_000 }, async () => {
    // systemd is "running" inside a mount namespace this test makes: /run/systemd/system
    // on a private tmpfs. A stand-in systemctl first on PATH records any call.
    const prefix = tempDir('systemd');
    const bin = tempDir('fake-bin');
    writeFileSync(join(bin, 'systemctl'), `#!/bin/sh\necho "$@" >> ${bin}/calls\n`, { mode: 0o755 });
    const script = `mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system && PATH=${bin}:$PATH; curl -fsSL ${hub.url}/install.sh | sh -s -- --token ${TOKEN} --prefix ${prefix}`;
    const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8' });
    expect(result.stderr).toContain(`wrote ${prefix}/etc/systemd/system/hostpulse-agent.service; not started`);
    expect(result.status).toBe(0);
    expect(existsSync(join(bin, 'calls'))).toBe(false);
    const unitPath = join(prefix, 'etc/systemd/system/hostpulse-agent.service');
    const unit = readFileSync(unitPath, 'utf8');
    for (const line of [`EnvironmentFile=${prefix}/etc/hostpulse/agent.env`, `ExecStart=${prefix}/usr/local/bin/hostpulse-agent`, 'DynamicUser=yes', 'ProtectSystem=strict', 'NoNewPrivileges=yes']) {
      expect(unit).toContain(`${line}\n`);
    }
    const verify = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
  });

  it('refuses plain http:// to a hub on another host unless --insecure, before downloading anything', async () => {
    const prefix = tempDir('insecure');
    const result = await runInstaller(hub.url, ['--hub', 'http://192.0.2.10:8080', '--token', TOKEN, '--prefix', prefix, '--no-systemd']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refusing plain http:\/\/ to 192\.0\.2\.10: .*--insecure/);
    expect(result.stderr).not.toContain('downloading');
    expect(filesUnder(prefix)).toEqual([]);
  });

  it('run by a user who cannot write /usr/local/bin, says to run it as root', { timeout: 60_000 }, async () => {
    const asNobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', `curl -fsSL ${hub.url}/install.sh | sh -s -- --token ${TOKEN}`], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    expect(asNobody.stderr).toContain('cannot write to /usr/local/bin and /etc/hostpulse: run as root (sudo sh), or give --prefix; nothing was installed');
    expect(asNobody.status).toBe(1);
  });

  it('runs nothing from a download cut short', async () => {
    const prefix = tempDir('cut');
    const script = await (await fetch(`${hub.url}/install.sh`)).text();
    const cut = script.slice(0, Math.floor(script.length * 0.9));
    const result = spawnSync('sh', ['-s', '--', '--token', TOKEN, '--prefix', prefix, '--no-systemd'], { input: cut, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).not.toContain('downloading');
    expect(filesUnder(prefix)).toEqual([]);
  });

  it('names a wrong flag and a token it cannot write safely', async () => {
    const bad = await runInstaller(hub.url, ['--tokn', 'x']);
    expect([bad.code, bad.stderr]).toEqual([1, "hostpulse install: unknown option '--tokn' (see --help)\n"]);
    const quote = await runInstaller(hub.url, ['--token', 'a"b']);
    expect(quote.code).toBe(1);
    expect(quote.stderr).toContain('--token may hold only');
  });
});

describe('install.sh with a download that does not match SHA256SUMS', () => {
  it('stops with a clear message and installs nothing', { timeout: 60_000 }, async () => {
    // A hub serving the real executable beside a SHA256SUMS that lists another checksum.
    const agentDir = tempDir('tampered');
    symlinkSync(join(AGENT_DIST, X64), join(agentDir, X64));
    const wrong = createHash('sha256').update('not the agent').digest('hex');
    writeFileSync(join(agentDir, 'SHA256SUMS'), `${wrong}  ${X64}\n`);
    const hub = await startHubProcess(['--agent-token', TOKEN, '--agent-dir', agentDir]);
    try {
      const prefix = tempDir('untouched');
      const result = await runInstaller(hub.url, ['--token', TOKEN, '--prefix', prefix, '--no-systemd']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`checksum mismatch for ${X64}: SHA256SUMS says ${wrong}, the download is [0-9a-f]{64}; nothing was installed`));
      expect(filesUnder(prefix)).toEqual([]);
    } finally {
      await hub.stop();
    }
  });

  it('says the hub has no executables when they are not built', async () => {
    const hub = await startHubProcess(['--agent-token', TOKEN, '--agent-dir', tempDir('unbuilt')]);
    try {
      const prefix = tempDir('nothing');
      const result = await runInstaller(hub.url, ['--prefix', prefix, '--no-systemd']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('could not download');
      expect(result.stderr).toContain('npm run build:sea');
      expect(filesUnder(prefix)).toEqual([]);
    } finally {
      await hub.stop();
    }
  });
});

describe('agent downloads to a slow client', () => {
  let hub: HubProcess;
  let file: Buffer;
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    // 16 MiB, more than loopback's socket buffers hold, so the hub must wait for the reader.
    const agentDir = tempDir('slow');
    file = randomBytes(16 * 1024 * 1024);
    writeFileSync(join(agentDir, X64), file);
    hub = await startHubProcess(['--agent-token', TOKEN, '--agent-dir', agentDir]);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.destroy()));
  afterAll(() => hub?.stop());

  it('sends every byte in order to a reader that pauses, and keeps answering others meanwhile', { timeout: 60_000 }, async () => {
    const socket = net.connect(hub.port, '127.0.0.1');
    sockets.push(socket);
    socket.write('GET /download/agent/linux-x64 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const chunks: Buffer[] = [];
    let received = 0;
    let headBytes = -1;
    let answeredWhileSlow = 0;
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (headBytes < 0) {
          const end = Buffer.concat(chunks).indexOf('\r\n\r\n');
          if (end >= 0) headBytes = end + 4;
        }
        if (headBytes >= 0 && received - headBytes >= file.length) return resolve();
        // Read about 1 MiB, then stop reading for 100 ms: about 10 MiB/s.
        if (received % (1024 * 1024) < chunk.length) {
          socket.pause();
          void fetch(`${hub.url}/api/time`).then((r) => {
            if (r.ok) answeredWhileSlow++;
            setTimeout(() => socket.resume(), 100);
          }, reject);
        }
      });
    });
    const whole = Buffer.concat(chunks);
    const head = whole.subarray(0, headBytes).toString();
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(head).toMatch(new RegExp(`content-length: ${file.length}`, 'i'));
    expect(head).toContain('Content-Type: application/octet-stream');
    const body = whole.subarray(headBytes);
    expect(body.length).toBe(file.length);
    expect(body.equals(file)).toBe(true);
    expect(answeredWhileSlow).toBeGreaterThanOrEqual(10);
  });

  it('answers 404 naming what it serves for any other name', async () => {
    const res = await fetch(`${hub.url}/download/agent/..%2Fhub`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('linux-x64, linux-arm64, SHA256SUMS');
  });
});
