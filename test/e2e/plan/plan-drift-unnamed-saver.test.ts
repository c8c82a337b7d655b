import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle, SandboxOptions } from '../../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editFile, exampleWorkspace, useApi, type Workspace } from '../apply/workspace.js';
import { libraryWorkspace } from '../../integration/library-panels/library-tree.js';

vi.setConfig({ testTimeout: 120_000 });

// provisioning-52: a drift line names who saved the edit as Grafana records it; where Grafana names nobody (a service
// account on 12.0–12.2, an account deleted since), the line says what Grafana's word stands for instead of printing
// `provisioning:` (read as file provisioning) or `unknown` bare. src/sandbox/README.md "Who saved, per release".

const UID = 'platform-overview';
const FILE = 'dashboards/platform-overview.json';
const driftLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('! drift:'));

/** The example tree applied by admin and committed; then another tool's service account saves an edit through `/api`. */
async function editedByServiceAccount(options: SandboxOptions, api: 'legacy' | 'k8s'): Promise<{ sandbox: SandboxHandle; workspace: Workspace; accountId: number; accountUid: string }> {
  const sandbox = await startTestSandbox(options);
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, api);
  await commitAll(workspace.dir);
  expect((await workspace.cli(['apply'])).code).toBe(0);
  const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'terraform', role: 'Editor' });
  const token = await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'tf' });
  const live = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`);
  const saved = await apiRequest(
    sandbox,
    'POST',
    '/api/dashboards/db',
    { dashboard: { ...live.body.dashboard, description: 'edited by terraform' }, folderUid: live.body.meta.folderUid, message: 'terraform apply' },
    bearerHeaders(token.body.key),
  );
  expect(saved.status, saved.text).toBe(200);
  return { sandbox, workspace, accountId: account.body.id, accountUid: account.body.uid };
}

describe('a drift line whose saver Grafana does not name', () => {
  it('Grafana 12.2 through /apis: "provisioning:" is said to be file provisioning or a service account', async () => {
    const { workspace } = await editedByServiceAccount({ grafanaVersion: '12', release: '12.2.0' }, 'k8s');

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^ {2}! drift: ${UID} ".*" was last saved in Grafana by "provisioning:" \\(file provisioning, or a service account on Grafana 12\\.0–12\\.2\\) at \\S+ \\(version 2, "terraform apply"\\), not by dashsync;`)),
    ]);
  });

  it('Grafana 12.2 through /api: Anonymous is said to be a saver Grafana cannot name', async () => {
    const { workspace } = await editedByServiceAccount({ grafanaVersion: '12', release: '12.2.0' }, 'legacy');

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([
      expect.stringContaining(
        `was last saved in Grafana by Anonymous (a saver Grafana cannot name: file provisioning, an account deleted since, or a service account on Grafana 11.2–11.5 or 12.0–12.2) at `,
      ),
    ]);
  });

  it('Grafana 12 through /apis, the service account deleted since: the line says Grafana names no saver', async () => {
    const { sandbox, workspace, accountId } = await editedByServiceAccount({ grafanaVersion: '12' }, 'k8s');
    const before = await workspace.cli(['plan']);
    expect(driftLines(before.stdout)).toEqual([expect.stringContaining('was last saved in Grafana by terraform at ')]);
    expect((await apiRequest(sandbox, 'DELETE', `/api/serviceaccounts/${accountId}`)).status).toBe(200);

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([
      expect.stringContaining(`was last saved in Grafana by a saver Grafana's history does not name (an account deleted since, say) at `),
    ]);
    expect(plan.stdout).toContain('~ description: "edited by terraform" → ');
  });

  // pull-check-53: on unified storage (13) the save keeps `service-account:<uid>`, which the display list no longer names
  // once the account is gone: main printed the typed id bare, as if it named someone.
  it('Grafana 13 through /apis, the service account deleted since: its typed id is said to be one Grafana does not name', async () => {
    const { sandbox, workspace, accountId, accountUid } = await editedByServiceAccount({ grafanaVersion: '13' }, 'k8s');
    expect((await apiRequest(sandbox, 'DELETE', `/api/serviceaccounts/${accountId}`)).status).toBe(200);

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([
      expect.stringContaining(`was last saved in Grafana by service-account:${accountUid} (a service account Grafana's display list did not name: deleted since, or the list could not be read) at `),
    ]);
  });

  // pull-check-53: a library panel's meta.updatedBy keeps the saver's id but no name once its account is gone (the login is
  // joined from the user table: libraryelements/database.go), which the login rule took for "cannot tell": main warned nothing.
  it('a library panel last changed by a service account deleted since: drift, said so (main planned the update without a word)', async () => {
    const sandbox = await startTestSandbox();
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'terraform', role: 'Editor' });
    const token = await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'tf' });
    const live = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result;
    const edit = await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.version, name: live.name, model: { ...live.model, title: 'CPU by terraform' } }, bearerHeaders(token.body.key));
    expect(edit.status, edit.text).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', `/api/serviceaccounts/${account.body.id}`)).status).toBe(200);

    const plan = await ws.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([
      expect.stringMatching(/^ {2}! drift: library panel lp-cpu "CPU usage" was last changed in Grafana by a saver Grafana no longer names \(an account deleted since, say\) at \S+ \(version 2\), not by dashsync;/),
    ]);
  });
});

describe("dashsync's own pushes with a service account token on Grafana 12.2 (saved as \"provisioning:\")", () => {
  it.each(['k8s', 'legacy'] as const)('through api %s: the marker decides, so a change made in the file is no drift, and a second plan after apply is empty', async (api) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', release: '12.2.0' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    expect((await workspace.cli(['apply'], token)).code).toBe(0);
    await editFile(workspace, FILE, (model) => {
      model.description = 'pushed by dashsync';
    });
    expect((await workspace.cli(['apply'], token)).code).toBe(0);
    const settled = await workspace.cli(['plan'], token);
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete');
    await editFile(workspace, FILE, (model) => {
      model.description = 'changed again in the file';
    });

    const plan = await workspace.cli(['plan'], token);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([]);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update');
  });
});

describe('an apply conflict whose saver Grafana does not name', () => {
  it('Grafana 12.2 through /apis: a service account\'s save after the plan is "changed by \\"provisioning:\\" (…)"', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', release: '12.2.0' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await editFile(workspace, FILE, (model) => {
      model.description = 'from git';
    });
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const live = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`);
    const edit = await apiRequest(
      sandbox,
      'POST',
      '/api/dashboards/db',
      { dashboard: { ...live.body.dashboard, description: 'edited by a bot' }, folderUid: live.body.meta.folderUid },
      bearerHeaders(await sandbox.createToken('Editor')),
    );
    expect(edit.status, edit.text).toBe(200);

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(
      new RegExp(`^conflict: ${UID} ".*" \\(${FILE}\\) changed in Grafana after the plan: .*, changed by "provisioning:" \\(file provisioning, or a service account on Grafana 12\\.0–12\\.2\\) at \\S+; left untouched\\.`, 'm'),
    );
  });
});
