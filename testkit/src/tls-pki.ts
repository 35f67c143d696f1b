import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the TLS tests expect Debian's tools; .ci/run installs them when missing. */
export const OPENSSL_PATH = '/usr/bin/openssl';

/** A throwaway CA and a server certificate it signed, as files in one directory. */
export interface TestPki {
  caPath: string;
  /** The CA certificate's text, for Node clients' `ca` option. */
  caPem: string;
  certPath: string;
  keyPath: string;
  /** base64 sha256 of the server key's SubjectPublicKeyInfo, for Chromium's --ignore-certificate-errors-spki-list. */
  serverSpkiSha256: string;
}

/** Throws a message that says how to get a tool the test needs, instead of skipping. */
export function requireTool(path: string, debianPackage: string): void {
  if (!existsSync(path)) {
    throw new Error(`${path} not found: the TLS tests need Debian's ${debianPackage} (apt-get install -y ${debianPackage}; .ci/run installs it)`);
  }
}

// One config for both certificates: a CA that may only sign, and a server
// certificate for the loopback names the test connects to.
const OPENSSL_CNF = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = hostpulse test
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function openssl(dir: string, args: string[], input?: Buffer): Buffer {
  try {
    return execFileSync(OPENSSL_PATH, args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr}`, { cause: err });
  }
}

/** Creates ca.pem, server.pem and server.key (P-256, valid for two days) in `dir` with openssl. */
export function createTestPki(dir: string): TestPki {
  requireTool(OPENSSL_PATH, 'openssl');
  writeFileSync(join(dir, 'openssl.cnf'), OPENSSL_CNF);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', '-config', 'openssl.cnf', '-extensions', 'ca', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=hostpulse test CA']);
  openssl(dir, ['req', '-new', '-config', 'openssl.cnf', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'openssl.cnf', '-extensions', 'server', '-out', 'server.pem']);
  for (const key of ['ca.key', 'server.key']) chmodSync(join(dir, key), 0o600);
  const publicKeyPem = openssl(dir, ['x509', '-in', 'server.pem', '-noout', '-pubkey']);
  const spkiDer = openssl(dir, ['pkey', '-pubin', '-outform', 'DER'], publicKeyPem);
  return {
    caPath: join(dir, 'ca.pem'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    certPath: join(dir, 'server.pem'),
    keyPath: join(dir, 'server.key'),
    serverSpkiSha256: createHash('sha256').update(spkiDer).digest('base64'),
  };
}

