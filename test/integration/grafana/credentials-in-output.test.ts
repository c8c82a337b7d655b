import { describe, expect, it } from 'vitest';
import { copyFixture } from '../../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

/** Every run of `length` characters of `secret`: a piece this long in the output gives part of it away. */
function pieces(secret: string, length = 8): string[] {
  return Array.from({ length: secret.length - length + 1 }, (_, at) => secret.slice(at, at + length));
}

/** The pieces of `secrets` that `output` shows. */
function shown(output: string, secrets: string[]): string[] {
  return secrets.flatMap((secret) => pieces(secret)).filter((piece) => output.includes(piece));
}

describe('a server at the Grafana URL that echoes the request (credentials included) in its error', () => {
  // The echo is longer than the part of a body an error quotes, and the credential sits across the cut.
  it('the error quotes the body without the token, whole or in part', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const dir = await copyFixture('basic');
    sandbox.setFaults({ script: [{ kind: 'echo', status: 400 }] });

    const run = await runCliInProcess(['plan', '--verbose'], { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: GET /api/health failed: HTTP 400: {"method":"GET","url":"/api/health","headers":{"accept":"application/json","authorization":"Bearer [redacted]"');
    expect(shown(`${run.stdout}${run.stderr}`, [token.replace(/^glsa_/, '')])).toEqual([]);
  });

  it('the error quotes the body without the basic credentials, whole or in part', async () => {
    const sandbox = await startTestSandbox();
    // The echo answers before any sign-in: these credentials need not exist.
    const password = 'correct-horse-battery';
    const dir = await copyFixture('basic');
    sandbox.setFaults({ script: [{ kind: 'echo', status: 404 }] });

    const run = await runCliInProcess(['plan'], { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'deployer', GRAFANA_PASSWORD: password } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"authorization":"Basic [redacted]"');
    expect(shown(`${run.stdout}${run.stderr}`, [password, Buffer.from(`deployer:${password}`).toString('base64')])).toEqual([]);
  });

  // Base64 with "/" and "+" in it: a PHP echo writes "\/", a query-string echo "%2F" and "%2B", neither the string sent.
  for (const [form, quoted] of [
    ['escaped-json', '"authorization":"Basic [redacted]'],
    ['urlencoded', 'authorization=Basic%20[redacted]'],
  ] as const) {
    it(`the error quotes a ${form} echo without the basic credentials, whole or in part`, async () => {
      const sandbox = await startTestSandbox();
      const password = 'p>?s/s~w+rd, or so the saying goes';
      const dir = await copyFixture('basic');
      sandbox.setFaults({ script: [{ kind: 'echo', status: 400, form }] });

      const run = await runCliInProcess(['plan'], { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'deployer', GRAFANA_PASSWORD: password } });

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(quoted);
      expect(shown(`${run.stdout}${run.stderr}`, [password, Buffer.from(`deployer:${password}`).toString('base64')])).toEqual([]);
    });
  }

  // A gateway's HTML page shows the password decoded, `&`, `<` and `"` in it as entities: not the string that was sent.
  for (const password of ['Tr0ub4dor&3<horse>', 'correct"horse"battery\'s']) {
    it(`the error quotes an html echo without the basic password ${JSON.stringify(password)}, entities and all`, async () => {
      const sandbox = await startTestSandbox();
      const dir = await copyFixture('basic');
      sandbox.setFaults({ script: [{ kind: 'echo', status: 400, form: 'html' }] });

      const run = await runCliInProcess(['plan'], { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'ops', GRAFANA_PASSWORD: password } });

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('credentials: ops:[redacted]');
      const entities = password.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      expect(shown(`${run.stdout}${run.stderr}`, [password, entities, Buffer.from(`ops:${password}`).toString('base64')])).toEqual([]);
    });
  }
});
