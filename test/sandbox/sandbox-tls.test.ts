import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, runCli } from '../helpers/run-cli.js';
import { useTestPki } from '../helpers/tls.js';

/** GET over HTTPS trusting only `ca`: status and body. */
function getTrusting(ca: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('dashsync sandbox --tls-cert --tls-key', () => {
  const pki = useTestPki();

  it('serves HTTPS with the given certificate and says so in its listening line', async () => {
    const child = spawn(process.execPath, [CLI_PATH, 'sandbox', '--port', '0', '--tls-cert', pki.server.certFile, '--tls-key', pki.server.keyFile]);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const url = /^dashsync sandbox listening on (https:\/\/127\.0\.0\.1:\d+) /.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const health = await getTrusting(pki.ca.cert, `${url}/api/health`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body).database).toBe('ok');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses half a pair, and a key that is not the certificate\'s, in one line', async () => {
    const half = await runCli(['sandbox', '--port', '0', '--tls-cert', pki.server.certFile]);
    expect(half.code).toBe(1);
    expect(half.stderr).toBe('error: --tls-cert and --tls-key go together: the certificate and its private key (PEM files)\n');

    const mismatched = await runCli(['sandbox', '--port', '0', '--tls-cert', pki.server.certFile, '--tls-key', pki.selfSigned.keyFile]);
    expect(mismatched.code).toBe(1);
    expect(mismatched.stderr).toMatch(/^error: --tls-cert and --tls-key cannot serve TLS \(ERR_OSSL_[A-Z0-9_]+\); pass a PEM certificate and its own private key\n$/);
  });
});
