import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ConfigError } from '@hostpulse/common';

const PEM_CERT_RE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Reads the PEM certificates of `--ca FILE`, each checked to parse. A file that
 * cannot be read, holds no certificate or holds a broken one is a ConfigError
 * naming --ca, so a typo fails at start-up rather than as a handshake error later.
 */
export function readCaCerts(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`--ca ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  const pems = text.match(PEM_CERT_RE) ?? [];
  if (pems.length === 0) throw new ConfigError(`--ca ${path}: the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  pems.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw new ConfigError(`--ca ${path}: certificate ${i + 1} of ${pems.length} does not parse`, { cause: err });
    }
  });
  return pems;
}
