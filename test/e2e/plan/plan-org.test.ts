import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture, dashsync, editJson, GRAFANA_VERSIONS } from './plan-fixture.js';

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe.each(GRAFANA_VERSIONS)('plan --org-id (Grafana %s)', (grafanaVersion) => {
  it('refuses an org the basic-auth user is not a member of, instead of planning against an org it cannot see', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');

    const result = await dashsync(handle, dir, ['plan', '--org-id', '7']);

    expect(lines(result.stderr)).toEqual([
      'error: org 7 (--org-id): this user is not a member of it or it does not exist; the user belongs to org 1',
    ]);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    expect(handle.requests().filter((r) => r.method !== 'GET' || !r.path.startsWith('/api/user'))).toEqual([]);
  });

  it('plans against an org the user belongs to', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const created = await apiRequest(handle, 'POST', '/api/orgs', { name: 'Team B' });
    const dir = await copyFixture('basic');

    const result = await dashsync(handle, dir, ['plan', '--org-id', String(created.body.orgId)]);

    expect(result.code).toBe(0);
    expect(lines(result.stdout).at(-1)).toMatch(/^Plan: 3 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged\./);
    expect(handle.requests().some((r) => r.orgId === created.body.orgId && r.path.startsWith('/api/dashboards/uid/'))).toBe(true);
  });
});

describe.each(GRAFANA_VERSIONS)('an org the credentials cannot use is named with where its id came from (Grafana %s)', (grafanaVersion) => {
  it('an environment\'s orgId in the config file is named as such, not as --org-id / GRAFANA_ORG_ID', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await editJson(dir, 'dashsync.config.json', (config) => (config.environments = { production: { url: handle.url, orgId: 7 } }));

    const result = await runCliInProcess(['plan', '--env', 'production'], { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [line, ...rest] = lines(result.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatch(/^error: org 7 \("orgId" of environment "production" in dashsync\.config\.json\): /);
    expect(line).not.toContain('GRAFANA_ORG_ID');
  });

  it('GRAFANA_ORG_ID is named when it set the org', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');

    const result = await runCliInProcess(['plan'], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', GRAFANA_ORG_ID: '7' } });

    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^error: org 7 \(GRAFANA_ORG_ID\): /)]);
  });
});

// audit-ux-4 F8: a token sent with another org's id gets Grafana's 401, which names no org: the line names the org asked
// for, where its id came from, and the variable the token came from.
describe.each(GRAFANA_VERSIONS)("a token of org 1 sent with another org's id (Grafana %s)", (grafanaVersion) => {
  it.each([
    { how: 'GRAFANA_ORG_ID', args: ['plan'], env: { GRAFANA_ORG_ID: '2' }, from: 'GRAFANA_ORG_ID', token: 'GRAFANA_TOKEN' },
    { how: "an environment's orgId", args: ['plan', '--env', 'prod'], env: {}, from: '"orgId" of environment "prod" in dashsync.config.json', token: 'GRAFANA_TOKEN_PROD' },
  ])('$how: the 401 line names org 2 and where its id came from', async ({ args, env, from, token }) => {
    const handle = await startTestSandbox({ grafanaVersion });
    await apiRequest(handle, 'POST', '/api/orgs', { name: 'Second' });
    const dir = await copyFixture('basic');
    if (args.includes('--env')) await editJson(dir, 'dashsync.config.json', (config) => (config.environments = { prod: { url: handle.url, orgId: 2 } }));
    const secret = await handle.createToken('Editor');

    const result = await runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, [token]: secret, ...env } });

    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: GET \\S+ failed: HTTP 401: API key does not belong to the requested organization \\(org 2, from ${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, is not the org of the token in ${token}: a service account token belongs to one org; give ${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} the token's org id, or use a token of org 2\\)$`,
        ),
      ),
    ]);
    expect(result.stderr).not.toContain(secret);
  });
});
