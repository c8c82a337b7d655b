import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { ConfigError } from '../../errors.js';
import { describeReadReason } from '../../files/file-error-reasons.js';
import type { Environment } from './resolve-proxy.js';

export interface TlsSettings {
  /** PEM file of CAs trusted in addition to the system's (and NODE_EXTRA_CA_CERTS). */
  caCert?: string;
  /** Skip verification of Grafana's certificate. */
  insecure?: boolean;
}

/** What undici's connector passes to tls.connect: nothing at all unless --ca-cert or --insecure asks. */
export interface TlsConnectOptions {
  ca?: string[];
  rejectUnauthorized?: false;
}

type ReadCertificates = (kind: 'default') => string[];

/**
 * The TLS options for connections to Grafana (and to an https:// proxy). Without --ca-cert, Node's
 * own store applies, which already holds NODE_EXTRA_CA_CERTS. With it, `ca` replaces that store, so
 * it must list everything the store held: the bundled roots, NODE_EXTRA_CA_CERTS, then the file.
 */
export function tlsConnectOptions(settings: TlsSettings, env: Environment): TlsConnectOptions {
  return {
    ...(settings.caCert ? { ca: [...defaultCertificates(env), readCaCert(settings.caCert)] } : {}),
    ...(settings.insecure ? { rejectUnauthorized: false as const } : {}),
  };
}

function defaultCertificates(env: Environment): string[] {
  // Node 22.15+ and 24 say what their default store holds; Node 20 only lists the bundled roots.
  const getCACertificates = (tls as { getCACertificates?: ReadCertificates }).getCACertificates;
  if (getCACertificates) return getCACertificates('default');
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (!extra) return [...tls.rootCertificates];
  try {
    return [...tls.rootCertificates, readFileSync(extra, 'utf8')];
  } catch {
    // Node itself warned about the unreadable file at start-up and ignores it; so do we.
    return [...tls.rootCertificates];
  }
}

function readCaCert(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A usual reason says what to do with the file; another (ENOENT among them) is the path's to check.
    const reason = describeReadReason(code);
    throw new ConfigError([`cannot read the CA certificate file ${file} (${code ?? 'unreadable'})${reason === undefined ? '; check --ca-cert' : `: ${reason}`}`]);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(
      [`the CA certificate file ${file} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`],
      'Convert a DER file with: openssl x509 -inform der -in ca.cer -out ca.pem',
    );
  }
  return text;
}
