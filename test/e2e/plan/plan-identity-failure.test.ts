import { describe, expect, it, vi } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { editFile, exampleWorkspace, useApi } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// Who these credentials are (GET /api/user) only sharpens the drift check: a marked save counts as dashsync's when
// they saved it. When Grafana will not say, the plan goes on with the marker alone, asks once per run, and says so once.
// A push's content note names its saver (/apis: its uid; /api: its name in the version list), which settles it without
// asking who these credentials are; a save without one (an earlier release's) still needs to ask.

const FILE = 'dashboards/platform-overview.json';
const driftLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('! drift:'));

describe.each([
  { api: 'legacy', noted: true },
  { api: 'legacy', noted: false },
  { api: 'k8s', noted: true },
] as const)('GET /api/user failing during a plan (api $api, last push noted: $noted)', ({ api, noted }) => {
  it('plans without an error, asks once, and says once that drift authorship was not checked', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    // A token is bound to its org; --org-id spares /apis the namespace lookup, which cannot go without GET /api/user.
    const env = { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_ORG_ID: '1' };
    expect((await workspace.cli(['apply'], env)).code).toBe(0);
    for (const description of ['pushed by dashsync', 'changed in the file']) {
      await editFile(workspace, FILE, (model) => {
        model.description = description;
      });
      if (description === 'pushed by dashsync' && noted) expect((await workspace.cli(['apply'], env)).code).toBe(0);
      if (description === 'pushed by dashsync' && !noted) {
        // Saved as an earlier release did: the marker, no note.
        const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/platform-overview')).body;
        const save = { dashboard: { ...live.dashboard, description }, folderUid: live.meta.folderUid, message: 'dashsync: 0123456789ab earlier release' };
        expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', save, bearerHeaders(env.GRAFANA_TOKEN))).status).toBe(200);
      }
    }
    sandbox.setFaults({ pathPrefix: '/api/user', errorRate: 1, errorStatus: 500 });
    sandbox.clearRequests();

    const plan = await workspace.cli(['plan'], env);

    expect(plan.code, plan.stderr).toBe(0);
    const notices = `${plan.stdout}${plan.stderr}`.split('\n').filter((line) => line.includes('drift authorship not checked'));
    if (!noted) {
      // Asked once (sent once more after its 500: reads are resent after a 500), not once per dashboard.
      expect(sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path === '/api/user')).toHaveLength(2);
      expect(notices).toEqual([expect.stringContaining("drift authorship not checked: GET /api/user failed (HTTP 500), so a save carrying dashsync's message counts as dashsync's")]);
    } else {
      expect(sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path === '/api/user')).toHaveLength(0);
      expect(notices).toEqual([]);
    }
    expect(driftLines(plan.stdout)).toEqual([]);
    expect(`${plan.stdout}${plan.stderr}`).not.toContain('Viewer');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update');
  });
});

// Without an org id, /apis names its namespace by the credentials' org, which only GET /api/user tells: its failure
// ends the run, in one line that says why and how to go without it (before: the failed request alone).
describe('GET /api/user failing on /apis without an org id', () => {
  const hint = '(on /apis the namespace is the org of these credentials, which GET /api/user names: pass --org-id <id>, or set GRAFANA_ORG_ID or "orgId" in dashsync.config.json, to go without it)';

  it.each([['plan'], ['pull'], ['apply']])('%s fails with one line naming --org-id, and passes with it', async (command) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    const env = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    sandbox.setFaults({ pathPrefix: '/api/user', errorRate: 1, errorStatus: 500 });

    const failed = await workspace.cli([command], env);

    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n').filter((line) => line !== '')).toEqual([`error: GET /api/user failed: HTTP 500: Internal Server Error ${hint}${command === 'apply' ? '; nothing was applied' : ''}`]);
    expect((await workspace.cli([command], { ...env, GRAFANA_ORG_ID: '1' })).code).toBe(0);
  });

  it("escapes the server's words", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    const env = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    sandbox.setFaults({ pathPrefix: '/api/user', script: [{ kind: 'status', status: 400, message: 'proxy \u001b[31msays\nno' }] });

    const failed = await workspace.cli(['plan'], env);

    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n').filter((line) => line !== '')).toEqual([expect.stringMatching(/^error: GET \/api\/user failed: HTTP 400: proxy \\x1b\[31msays\\nno \(on \/apis .* --org-id <id>/)]);
  });
});
