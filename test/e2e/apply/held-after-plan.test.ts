import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { appliedLibraryTree, editJson } from '../../integration/library-panels/library-tree.js';
import { editFile, exampleWorkspace, type Workspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// conflict-57: another tool saves through /apis exactly what the plan writes, between `plan --out` and `apply plan.json`.
// mysql.json is a v1beta1 resource file labelled team: platform at schemaVersion 41, which `auto` writes through /apis;
// Grafana stores it migrated (42). Apply compares as the plan does: the migrated schemaVersion is no difference, a label is.

const MYSQL = 'dashboards/platform/databases/mysql.json';
const PATH = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/mysql-overview';
const JSON_HEADERS = { ...adminHeaders(), 'content-type': 'application/json' };

async function plannedEdit(grafanaVersion: '12' | '13', edit: (document: Record<string, any>) => void) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const workspace = await exampleWorkspace(sandbox, { resources: true });
  const applied = await workspace.cli(['apply']);
  expect(applied.code, applied.stderr).toBe(0);
  await editFile(workspace, MYSQL, edit);
  const planned = await workspace.cli(['plan', '--out', 'plan.json']);
  expect(planned.code, planned.stderr).toBe(0);
  expect(planned.stdout).toContain('Plan: 0 to create, 1 to update');
  return { sandbox, workspace };
}

/** Another tool's save through /apis (as the UI does: the object read, the file's spec put back), with `labels` when given. */
async function pushFileSpec(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, workspace: Workspace, labels?: Record<string, string>): Promise<string> {
  const file = JSON.parse(await readFile(join(workspace.dir, MYSQL), 'utf8'));
  const live = await apiRequest(sandbox, 'GET', PATH);
  const metadata = labels === undefined ? live.body.metadata : { ...live.body.metadata, labels };
  const put = await apiRequest(sandbox, 'PUT', PATH, { ...live.body, metadata, spec: file.spec }, JSON_HEADERS);
  expect(put.status, put.text).toBe(200);
  return put.body.metadata.resourceVersion;
}

describe.each(['12', '13'] as const)('Grafana %s: the file\'s content saved through /apis by another tool after the plan', (grafanaVersion) => {
  it('apply plan.json says Grafana already holds it, writes nothing and exits 0', async () => {
    const { sandbox, workspace } = await plannedEdit(grafanaVersion, (document) => (document.spec.description = 'from git'));
    const pushed = await pushFileSpec(sandbox, workspace);

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).not.toContain('conflict');
    expect(applied.stdout).toBe(
      `unchanged: mysql-overview "MySQL Overview" (${MYSQL}): Grafana already holds exactly this (saved since the plan, by another run or someone else)\n` +
        'Applied: 0 created, 0 updated, 0 moved, 0 deleted, 1 unchanged\n',
    );
    expect((await apiRequest(sandbox, 'GET', PATH)).body.metadata.resourceVersion).toBe(pushed);
  });

  it('apply --force plan.json says the same, not "updated (forced over …)", and adds no version', async () => {
    const { sandbox, workspace } = await plannedEdit(grafanaVersion, (document) => (document.spec.description = 'from git'));
    const pushed = await pushFileSpec(sandbox, workspace);

    const forced = await workspace.cli(['apply', 'plan.json', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).not.toMatch(/^updated/m);
    expect(forced.stdout).toContain(`unchanged: mysql-overview "MySQL Overview" (${MYSQL}): Grafana already holds exactly this`);
    expect((await apiRequest(sandbox, 'GET', PATH)).body.metadata.resourceVersion).toBe(pushed);
  });
});

describe('Grafana 13: the file\'s spec saved through /apis without the file\'s label after the plan', () => {
  it('is a conflict, not "already holds", and the save is left untouched', async () => {
    const { sandbox, workspace } = await plannedEdit('13', (document) => {
      document.spec.description = 'from git';
      document.spec.schemaVersion = 42;
    });
    const pushed = await pushFileSpec(sandbox, workspace, {});

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).not.toContain('already holds');
    expect(applied.stderr).toMatch(/^conflict: mysql-overview "MySQL Overview" \(dashboards\/platform\/databases\/mysql\.json\) changed in Grafana after the plan: planned version \d+, current version \d+/m);
    const live = await apiRequest(sandbox, 'GET', PATH);
    expect(live.body.metadata.resourceVersion).toBe(pushed);
    expect(live.body.metadata.labels?.team).toBeUndefined();
  });
});

// tidy-58: the plan takes a reference's stale library panel name as Grafana's where both name the same uid; apply's "already
// holds this" check now compares the same way (one comparison), so Grafana's editor writing the panel's name is no conflict.
describe('Grafana 12: a file whose library panel reference names the panel by an old name, saved by Grafana\'s editor after the plan', () => {
  it('apply plan.json, and apply --force plan.json, say Grafana already holds it and write nothing', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '12' });
    await editJson(join(ws.dir, 'dashboards/team-a/_library/cpu.json'), (panel) => (panel.name = 'CPU usage (node)'));
    expect((await ws.cli(['apply'])).code).toBe(0);
    await editJson(join(ws.dir, 'dashboards/team-a/a2.json'), (board) => (board.description = 'from git'));
    const planned = await ws.cli(['plan', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 1 to update');
    expect(planned.stdout).not.toContain('libraryPanel.name');
    // The editor saves the file's content, with the panel's current name in its reference (the file keeps the old one).
    const a2 = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/a2')).body;
    const [cpu, ...rest] = a2.dashboard.panels;
    const dashboard = { ...a2.dashboard, description: 'from git', panels: [{ ...cpu, libraryPanel: { uid: 'lp-cpu', name: 'CPU usage (node)' } }, ...rest] };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard, folderUid: 'team-a', overwrite: true })).status).toBe(200);
    const version = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/a2')).body.meta.version;

    for (const args of [['apply', 'plan.json'], ['apply', '--force', 'plan.json']]) {
      const applied = await ws.cli(args);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stderr).not.toContain('conflict');
      expect(applied.stdout).toContain('unchanged: a2 "A two" (dashboards/team-a/a2.json): Grafana already holds exactly this (saved since the plan, by another run or someone else)\n');
      expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 0 deleted, 1 unchanged');
      expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/a2')).body.meta.version).toBe(version);
    }
  });
});
