import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { spawnChild } from '@hostpulse/testkit/child';
import { LISTENING_LINE } from '@hostpulse/testkit/hub-process';
import { waitForSeq } from '@hostpulse/testkit/hub-reads';
import { freePort } from '@hostpulse/testkit/ports';
import { waitFor } from '@hostpulse/testkit/waits';
import { agentTokenIn, artifact, expectServesDashboard, RELEASE, removeTempDirs, runOk, tempDir, VERSION } from './release-kit.js';
import { BASE_IMAGE, ensureBaseImage, podman, runAsync } from './podman.js';

// release/install-hub.sh as an operator runs it: with --prefix on this machine (the tarball,
// on this machine's Node 20; the executable, with systemd "running" in a mount namespace the
// test makes, and the unit checked by systemd-analyze), and for real, as root, in a Debian 13
// container: the system user, the data dir, the unit, systemctl's calls, then the hub
// started as the unit would start it and an agent streaming to it.
const SCRIPT = join(RELEASE, 'install-hub.sh');
const TARBALL = `hostpulse-hub-${VERSION}-linux-x64.tar.gz`;
const CONTAINER = `hostpulse-test-install-${process.pid}`;

afterAll(async () => {
  removeTempDirs();
  await podman(['rm', '-f', '-t', '0', CONTAINER], { check: false });
});

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(base, e.name)) : [join(base, e.name)]))
    .sort();
}

describe('install-hub.sh with --prefix on this machine', () => {
  it('installs the tarball, checked against SHA256SUMS, with settings and a data dir, and prints a command that runs the hub', { timeout: 90_000 }, async () => {
    const prefix = tempDir('hub-prefix');
    const port = await freePort();
    const result = spawnSync('sh', [SCRIPT, '--from', artifact(TARBALL), '--prefix', prefix, '--listen', '127.0.0.1', '--port', String(port), '--no-systemd'], { encoding: 'utf8' });
    expect(result.stderr).toContain(`installed hostpulse-hub ${VERSION} from ${TARBALL}`);
    expect(result.status).toBe(0);
    expect(existsSync(join(prefix, 'opt/hostpulse-hub/hostpulse-hub.mjs'))).toBe(true);
    const envFile = join(prefix, 'etc/hostpulse/hub.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o640);
    expect(readFileSync(envFile, 'utf8')).toBe(`HOSTPULSE_HOST=127.0.0.1\nHOSTPULSE_PORT=${port}\nHOSTPULSE_DATA_DIR=${prefix}/var/lib/hostpulse-hub\n`);
    expect(statSync(join(prefix, 'var/lib/hostpulse-hub')).mode & 0o777).toBe(0o750);
    expect(result.stdout).toContain(`hostpulse hub: open http://127.0.0.1:${port}/`);
    expect(result.stdout).toContain(`curl -fsSL http://127.0.0.1:${port}/install.sh | sudo sh -s -- --token AGENT_TOKEN`);

    // The command it prints, run as printed with nothing else in the environment.
    const command = /^ {2}(sh -c .*)$/m.exec(result.stdout)?.[1];
    expect(command).toBe(`sh -c 'set -a && . ${envFile} && exec ${process.execPath} ${prefix}/opt/hostpulse-hub/hostpulse-hub.mjs'`);
    const hub = spawnChild('/bin/sh', ['-c', `exec ${command}`], {});
    try {
      await hub.waitForOutput(LISTENING_LINE, 20_000);
      const url = `http://127.0.0.1:${port}`;
      await expectServesDashboard(url);
      // The tokens the hub made at its first start, by the command the script printed.
      const tokensCommand = /^ {4}(sh -c .*--print-tokens')$/m.exec(result.stdout)?.[1];
      expect(tokensCommand).toBe(`sh -c 'set -a && . ${envFile} && exec ${process.execPath} ${prefix}/opt/hostpulse-hub/hostpulse-hub.mjs --print-tokens'`);
      const token = agentTokenIn(runOk('/bin/sh', ['-c', tokensCommand!], {}));
      const agent = startAgentProcess(url, ['--token', token, '--interval', '500', '--host-id', 'installed-hub']);
      try {
        await waitForSeq(url, 'installed-hub', 3);
      } finally {
        await agent.stop('SIGTERM');
      }
    } finally {
      await hub.stop('SIGTERM');
    }
    expect(filesUnder(join(prefix, 'var/lib/hostpulse-hub'))).toEqual(expect.arrayContaining(['hostpulse.db', 'hostpulse-tokens.json']));
  });

  it('where systemd runs, writes for the executable a unit that systemd-analyze accepts, with the agent unit\'s hardening; with --prefix it starts nothing', { timeout: 90_000 }, async () => {
    // systemd is "running" inside a mount namespace: /run/systemd/system on a private tmpfs.
    // A stand-in systemctl first on PATH records any call.
    const prefix = tempDir('hub-systemd');
    const bin = tempDir('fake-bin');
    writeFileSync(join(bin, 'systemctl'), `#!/bin/sh\necho "$@" >> ${bin}/calls\n`, { mode: 0o755 });
    const script = `mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system && PATH=${bin}:$PATH; sh ${SCRIPT} --prefix ${prefix}`;
    const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8' });
    expect(result.stderr).toContain(`wrote ${prefix}/etc/systemd/system/hostpulse-hub.service; not started`);
    expect(result.status).toBe(0);
    expect(existsSync(join(bin, 'calls'))).toBe(false);
    // The executable unpacked its files where the service will look, so its first start is quick.
    expect(readdirSync(join(prefix, 'var/cache/hostpulse-hub'))).toEqual([expect.stringMatching(/^hostpulse-hub-/)]);
    const unitPath = join(prefix, 'etc/systemd/system/hostpulse-hub.service');
    const unit = readFileSync(unitPath, 'utf8');
    for (const line of [
      `EnvironmentFile=${prefix}/etc/hostpulse/hub.env`,
      `ExecStart=${prefix}/usr/local/bin/hostpulse-hub`,
      `ReadWritePaths=${prefix}/var/lib/hostpulse-hub ${prefix}/var/cache/hostpulse-hub`,
      'NoNewPrivileges=yes',
      'LimitNOFILE=65536',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'PrivateTmp=yes',
    ]) {
      expect(unit).toContain(`${line}\n`);
    }
    const verify = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
  });

  it('refuses a file that does not match SHA256SUMS, and one for another architecture, installing nothing', () => {
    const dir = tempDir('hub-tampered');
    writeFileSync(join(dir, 'hostpulse-hub-linux-x64'), 'not the hub');
    writeFileSync(join(dir, 'SHA256SUMS'), readFileSync(join(RELEASE, 'SHA256SUMS')));
    const prefix = tempDir('hub-untouched');
    const tampered = spawnSync('sh', [SCRIPT, '--from', join(dir, 'hostpulse-hub-linux-x64'), '--prefix', prefix], { encoding: 'utf8' });
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(/checksum mismatch for hostpulse-hub-linux-x64: SHA256SUMS says [0-9a-f]{64}, the file is [0-9a-f]{64}; nothing was installed/);
    const other = spawnSync('sh', [SCRIPT, '--from', artifact('hostpulse-hub-linux-arm64'), '--prefix', prefix], { encoding: 'utf8' });
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('is not for this machine (linux-x64)');
    expect(filesUnder(prefix)).toEqual([]);
  });
});

describe('install-hub.sh as root in a Debian 13 container', () => {
  it('creates the system user, the data dir and the unit, calls systemctl, and installs a hub that serves and takes an agent', { timeout: 300_000 }, async () => {
    artifact('hostpulse-hub-linux-x64');
    await ensureBaseImage();
    const port = await freePort();
    // A stand-in systemctl records the calls; then the hub starts as the unit would start it.
    const script = [
      'set -e',
      'mkdir -p /run/systemd/system',
      `printf '#!/bin/sh\\necho "$*" >> /run/systemctl-calls\\n' > /usr/local/sbin/systemctl && chmod 0755 /usr/local/sbin/systemctl`,
      'sh /release/install-hub.sh',
      "exec setpriv --reuid=hostpulse-hub --regid=hostpulse-hub --init-groups sh -c 'set -a && . /etc/hostpulse/hub.env && exec /usr/local/bin/hostpulse-hub'",
    ].join('\n');
    await podman(['run', '-d', '--name', CONTAINER, '-p', `127.0.0.1:${port}:8080`, '-v', `${RELEASE}:/release:ro`, BASE_IMAGE, 'sh', '-c', script]);
    const url = `http://127.0.0.1:${port}`;
    const logs = async () => {
      const ran = await podman(['logs', CONTAINER], { check: false });
      return ran.stdout + ran.stderr;
    };
    await waitFor(() => runAsync('curl', ['-fsS', '--max-time', '2', `${url}/healthz`]), (ran) => ran.code === 0, { timeout: 60_000, message: `${url}/healthz` }).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await logs()}`);
    });
    const output = await logs();
    expect(output).toContain('created system user hostpulse-hub');
    expect(output).toContain(`installed hostpulse-hub ${VERSION} from hostpulse-hub-linux-x64`);
    expect(output).toMatch(/hostpulse hub: open http:\/\/\d+\.\d+\.\d+\.\d+:8080\//);
    expect(output).toContain('Add the first host');

    const inside = async (command: string) => (await podman(['exec', CONTAINER, 'sh', '-c', command])).stdout;
    expect(await inside('getent passwd hostpulse-hub | cut -d : -f 6,7')).toBe('/nonexistent:/usr/sbin/nologin\n');
    expect(Number(await inside('id -u hostpulse-hub'))).toBeLessThan(1000);
    expect(await inside('stat -c "%n %U:%G %a" /var/lib/hostpulse-hub /var/cache/hostpulse-hub /etc/hostpulse/hub.env')).toBe(
      '/var/lib/hostpulse-hub hostpulse-hub:hostpulse-hub 750\n/var/cache/hostpulse-hub hostpulse-hub:hostpulse-hub 750\n/etc/hostpulse/hub.env root:hostpulse-hub 640\n',
    );
    expect(await inside('cat /run/systemctl-calls')).toBe('daemon-reload\nenable --quiet hostpulse-hub\nrestart hostpulse-hub\n');
    const unit = await inside('cat /etc/systemd/system/hostpulse-hub.service');
    for (const line of ['User=hostpulse-hub', 'ExecStart=/usr/local/bin/hostpulse-hub', 'ReadWritePaths=/var/lib/hostpulse-hub /var/cache/hostpulse-hub']) expect(unit).toContain(`${line}\n`);
    // The hub runs as the user the script made, as the unit runs it.
    expect(await inside("awk '/^Uid:/ { print $2 }' /proc/1/status")).toBe(await inside('id -u hostpulse-hub'));

    await expectServesDashboard(url);
    // The command the script printed for the tokens, run as root (who ran the script with sudo).
    const tokensCommand = /^ {4}sudo (runuser -u hostpulse-hub -- sh -c .*--print-tokens')$/m.exec(output)?.[1];
    expect(tokensCommand).toBe("runuser -u hostpulse-hub -- sh -c 'set -a && . /etc/hostpulse/hub.env && exec /usr/local/bin/hostpulse-hub --print-tokens'");
    const token = agentTokenIn(await inside(tokensCommand!));
    const agent = startAgentProcess(url, ['--token', token, '--interval', '500', '--host-id', 'installed-in-debian13']);
    try {
      await waitForSeq(url, 'installed-in-debian13', 3);
    } finally {
      await agent.stop('SIGTERM');
    }

    // Run again, as to update: the hub is replaced and restarted, the settings kept.
    const again = await podman(['exec', CONTAINER, 'sh', '/release/install-hub.sh']);
    expect(again.stderr).toContain('kept the settings in /etc/hostpulse/hub.env');
    expect(await inside('tail -n 1 /run/systemctl-calls')).toBe('restart hostpulse-hub\n');
  });
});
