import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { requestHeld } from '../helpers/sandbox.js';
import { commitAll, dashsync, editInUi, git, servicesOn13 } from './pull-fixture.js';

vi.setConfig({ testTimeout: 60_000 });

// A pull through /apis takes its dashboards from the list pages and pulls each as it is given, while the next ones are
// still being read (a v2-stored one at its own version, with one more request). A Grafana error in one dashboard's own
// requests stops the pull: it must end with that error's one line, after the dashboards under way have settled, and
// nothing may be written after it — not end the process as an unhandled rejection with a stack trace.

const COUNT = 30;
const DASHBOARDS = '/apis/dashboard.grafana.app/';
const isDashboardGet = (entry: { method: string; path: string }) => entry.method === 'GET' && entry.path.startsWith(DASHBOARDS);

describe('pull through /apis when one dashboard\'s request fails while the next are still being read', () => {
  it('ends with the one error line (exit 1, no stack trace) and writes nothing after it', async () => {
    const { sandbox, dir } = await servicesOn13(COUNT);
    expect((await dashsync(sandbox, dir, ['pull'])).code).toBe(0);
    await commitAll(dir, 'pulled');
    // svc-7, saved in the v2 editor, is read again at its stored version after the list pages; svc-3, edited in the UI,
    // makes its own request (who saved it) once its file is compared.
    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'svc-7' }) })).status).toBe(200);
    await editInUi(sandbox, 'svc-3', 'edited in the UI');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    // More slots than dashboards: every pulled dashboard is under way while svc-7 is still being read.
    const args = ['pull', '--concurrency', '64'];

    // The dashboard GETs a pull makes before svc-7's read at its stored version (the access check, the list pages).
    const from = sandbox.requests().length;
    expect((await runCli([...args, '--dry-run'], { cwd: dir, env })).code).toBe(0);
    const dryGets = sandbox.requests().slice(from).filter(isDashboardGet);
    const before = dryGets.findIndex((entry) => /\/v2[^/]*\/namespaces\/[^/]+\/dashboards\/svc-7$/.test(entry.path));
    expect(before).toBeGreaterThan(0);

    // svc-7's read waits; svc-3's request meanwhile gets a sign-in page (an SSO proxy whose session ran out).
    sandbox.setFaults({ pathPrefix: DASHBOARDS, methods: ['GET'], script: [...Array.from({ length: before }, () => ({ kind: 'delay' as const, ms: 0 })), { kind: 'hold' }, { kind: 'login-page' }] });
    const pulling = runCli(args, { cwd: dir, env });
    const held = await requestHeld(sandbox);
    expect(held.path).toMatch(/\/dashboards\/svc-7$/);
    while (!sandbox.requests().some((entry) => entry.fault === 'login-page' && entry.status !== 0)) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    sandbox.releaseHeld();
    const result = await pulling;

    expect(result.stderr).not.toContain('    at ');
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^error: GET \/apis\/dashboard\.grafana\.app\/\S+ failed: HTTP 200: the answer is not JSON \("Sign in/)]);
    expect(result.code).toBe(1);
    // Neither svc-3 (its request failed) nor svc-7 (read after the error) was written: the tree is as committed.
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect(JSON.parse(await readFile(join(dir, 'dashboards/service-7.json'), 'utf8'))).not.toHaveProperty('apiVersion');
  });
});
