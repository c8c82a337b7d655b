import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editFile, exampleWorkspace, useApi } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// The same tree and the same Grafana plan alike whoever of the org runs the plan: a save whose message carries
// dashsync's marker and a content note naming the identity Grafana records as its saver is dashsync's push, also
// when another identity (basic auth, a second service account) reads it (audit-ux-4 F26). Grafana 12's default
// legacy SQL storage keeps no push record, so the note in the version history is the only evidence there.

const FILE = 'dashboards/platform-overview.json';
const OLD_SCHEMA = { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 36, title: 'Old', uid: 'old' };
const driftLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('! drift:'));

describe.each([
  { grafanaVersion: '12', storage: 'legacy' },
  { grafanaVersion: '13', storage: 'legacy' },
] as const)('pushed with an Editor token, planned with basic auth (Grafana $grafanaVersion, $storage storage, /apis)', ({ grafanaVersion, storage }) => {
  it("plans as the token does: no drift, and Grafana's migration of a push is no change", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    await writeFile(join(workspace.dir, 'dashboards/old.json'), `${JSON.stringify(OLD_SCHEMA, null, 2)}\n`);
    await commitAll(workspace.dir);
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    expect((await workspace.cli(['apply'], token)).code).toBe(0);
    await editFile(workspace, FILE, (model) => {
      model.description = 'pushed by dashsync';
    });
    await commitAll(workspace.dir);
    expect((await workspace.cli(['apply'], token)).code).toBe(0);

    const asToken = await workspace.cli(['plan'], token);
    const asAdmin = await workspace.cli(['plan']);

    expect(asToken.code, asToken.stderr).toBe(0);
    expect(asAdmin.code, asAdmin.stderr).toBe(0);
    expect(asAdmin.stdout).toContain('Plan: 0 to create, 0 to update');
    expect(asAdmin.stdout).not.toContain('schemaVersion');
    expect(driftLines(asAdmin.stdout)).toEqual([]);
    expect(asAdmin.stdout).toBe(asToken.stdout);

    await editFile(workspace, FILE, (model) => {
      model.description = 'changed in the file';
    });
    const fileEdit = await workspace.cli(['plan']);

    expect(fileEdit.code, fileEdit.stderr).toBe(0);
    expect(driftLines(fileEdit.stdout)).toEqual([]);
    expect(fileEdit.stdout).toContain('Plan: 0 to create, 1 to update');
  });

  it('a UI save by admin over the token\'s push, its message copied, is still drift', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    await commitAll(workspace.dir);
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    expect((await workspace.cli(['apply'], token)).code).toBe(0);
    const history = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?limit=1&labelSelector=grafana.app/get-history=true&fieldSelector=metadata.name=platform-overview');
    const message = history.body.items[0].metadata.annotations['grafana.app/message'];
    expect(message).toMatch(/^dashsync: .* \[content sha256:[0-9a-f]+ by [^\]]+\]$/);
    const edit = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: 'platform-overview', user: 'admin', spec: { description: 'edited in the UI' }, message });
    expect(edit.status, edit.text).toBe(200);

    const asToken = await workspace.cli(['plan'], token);
    const asAdmin = await workspace.cli(['plan']);

    expect(driftLines(asToken.stdout)).toEqual([expect.stringContaining('! drift: platform-overview')]);
    expect(driftLines(asAdmin.stdout)).toEqual([expect.stringContaining('! drift: platform-overview')]);
  });
});
