import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A certificate and its key, as PEM text and as files (for --ca-cert, --tls-cert, NODE_EXTRA_CA_CERTS). */
export interface TestCertificate {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

/**
 * A private PKI made for one test file with openssl: nothing is committed, every key is new.
 * `ca` issued `server` (for 127.0.0.1 and localhost) and `wrongHost` (for grafana.test only);
 * `selfSigned` is its own issuer; `otherCa` is an unrelated CA.
 */
export interface TestPki {
  dir: string;
  ca: TestCertificate;
  otherCa: TestCertificate;
  server: TestCertificate;
  wrongHost: TestCertificate;
  selfSigned: TestCertificate;
  remove(): void;
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'dashsync-pki-'));
  const ca = selfSignedCertificate(dir, 'ca', '/CN=dashsync test CA', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']);
  const otherCa = selfSignedCertificate(dir, 'other-ca', '/CN=dashsync other test CA', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']);
  return {
    dir,
    ca,
    otherCa,
    server: issuedCertificate(dir, 'server', ca, 'subjectAltName=IP:127.0.0.1,DNS:localhost'),
    wrongHost: issuedCertificate(dir, 'wrong-host', ca, 'subjectAltName=DNS:grafana.test'),
    selfSigned: selfSignedCertificate(dir, 'self-signed', '/CN=127.0.0.1', ['subjectAltName=IP:127.0.0.1,DNS:localhost']),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The PKI of the enclosing describe block: made before its tests, removed after them. The object
 * is filled in by beforeAll, so read its fields inside the tests (or hooks), not at collection.
 */
export function useTestPki(): TestPki {
  const pki = {} as TestPki;
  beforeAll(() => {
    Object.assign(pki, createTestPki());
  });
  afterAll(() => pki.remove());
  return pki;
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function selfSignedCertificate(dir: string, name: string, subject: string, extensions: string[]): TestCertificate {
  const files = filesFor(dir, name);
  openssl(['req', '-x509', ...KEY, '-keyout', files.keyFile, '-out', files.certFile, '-days', '2', '-subj', subject, ...extensions.flatMap((e) => ['-addext', e])]);
  return read(files);
}

function issuedCertificate(dir: string, name: string, issuer: TestCertificate, subjectAltName: string): TestCertificate {
  const files = filesFor(dir, name);
  const request = join(dir, `${name}.csr`);
  const extensions = join(dir, `${name}.ext`);
  writeFileSync(extensions, `${subjectAltName}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(['req', ...KEY, '-keyout', files.keyFile, '-out', request, '-subj', `/CN=${name}`]);
  openssl([
    'x509', '-req', '-in', request, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-set_serial', String(Date.now()),
    '-days', '2', '-extfile', extensions, '-out', files.certFile,
  ]);
  return read(files);
}

function filesFor(dir: string, name: string): { certFile: string; keyFile: string } {
  return { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
}

function read(files: { certFile: string; keyFile: string }): TestCertificate {
  return { ...files, cert: readFileSync(files.certFile, 'utf8'), key: readFileSync(files.keyFile, 'utf8') };
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0]} failed (the TLS tests need openssl on PATH): ${stderr || (error as Error).message}`);
  }
}
