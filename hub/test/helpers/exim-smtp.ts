import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnChild } from '@hostpulse/testkit/child';
import { freePort, waitForPort } from '@hostpulse/testkit/ports';
import { createTestPki, requireTool } from '@hostpulse/testkit/tls-pki';

/** Debian's Exim (package exim4-daemon-light). */
export const EXIM_BIN = '/usr/sbin/exim4';

/** An Exim started for a test: STARTTLS on one loopback port, TLS from the first byte on another. */
export interface RunningExim {
  starttlsPort: number;
  tlsPort: number;
  /** The CA that signed the server's certificate (for NODE_EXTRA_CA_CERTS). */
  caPath: string;
  /** The raw messages delivered so far. */
  messages(): Promise<string[]>;
  /** Exim's main log: one `<=` line per message taken, with `X=` naming its TLS cipher. */
  mainLog(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts Exim in the foreground with a config of its own in a temporary directory:
 * it listens on 127.0.0.1 only, takes mail for any address from anyone, and writes
 * each message to a maildir there. Its certificate is for 127.0.0.1, signed by a
 * throwaway CA.
 */
export async function startExim(): Promise<RunningExim> {
  requireTool(EXIM_BIN, 'exim4-daemon-light');
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-exim-'));
  const pki = createTestPki(dir);
  // Exim drops root for a config given with -C, so its user must read what it writes and serves.
  for (const sub of ['spool', 'mail', 'log']) {
    await mkdir(path.join(dir, sub));
    await chmod(path.join(dir, sub), 0o777);
  }
  await chmod(dir, 0o755);
  await chmod(pki.keyPath, 0o644);
  const starttlsPort = await freePort();
  let tlsPort = await freePort();
  while (tlsPort === starttlsPort) tlsPort = await freePort();
  const config = [
    'primary_hostname = hostpulse.test',
    'keep_environment =',
    `spool_directory = ${dir}/spool`,
    `log_file_path = ${dir}/log/%slog`,
    `pid_file_path = ${dir}/exim.pid`,
    'local_interfaces = 127.0.0.1',
    `daemon_smtp_ports = ${starttlsPort} : ${tlsPort}`,
    `tls_on_connect_ports = ${tlsPort}`,
    `tls_certificate = ${pki.certPath}`,
    `tls_privatekey = ${pki.keyPath}`,
    'tls_advertise_hosts = *',
    'exim_user = nobody',
    'exim_group = nogroup',
    'never_users =',
    'acl_smtp_rcpt = accept_all',
    'begin acl',
    'accept_all:',
    '  accept',
    'begin routers',
    'to_maildir:',
    '  driver = accept',
    '  transport = to_maildir',
    'begin transports',
    'to_maildir:',
    '  driver = appendfile',
    `  directory = ${dir}/mail`,
    '  maildir_format',
    '  user = nobody',
    '  group = nogroup',
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'exim.conf'), config);
  const child = spawnChild(EXIM_BIN, ['-C', path.join(dir, 'exim.conf'), '-bdf', '-odi'], process.env);
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(starttlsPort, 15_000, 'exim');
    await waitForPort(tlsPort, 15_000, 'exim');
  } catch (err) {
    const log = await readFile(path.join(dir, 'log', 'mainlog'), 'utf8').catch(() => '');
    await stop();
    throw new Error(`exim did not listen:\n${child.output()}\n${log}`, { cause: err });
  }
  const newDir = path.join(dir, 'mail', 'new');
  return {
    starttlsPort,
    tlsPort,
    caPath: pki.caPath,
    messages: async () => Promise.all((await readdir(newDir).catch(() => [])).sort().map((f) => readFile(path.join(newDir, f), 'utf8'))),
    mainLog: () => readFile(path.join(dir, 'log', 'mainlog'), 'utf8').catch(() => ''),
    stop,
  };
}
