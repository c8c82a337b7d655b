import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/normalize/canonical-json.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, dashsync, madeFromCommitByAnotherTool, makeWorkDir } from '../../pull/pull-fixture.js';

// nl-58b, fix-58e: the plan's search for a committed version Grafana holds (findHeldInGit) compared the schemaVersion
// Grafana's migration stores on a write through /apis as a difference (find-unapplied-commit already left it out): a
// dashboard made in Grafana from a commit at schemaVersion 39, changed in git since, read as an edit made in Grafana.
describe('plan on Grafana 13 (/apis) of a file at schemaVersion 39, made in Grafana from its first commit by another tool, changed in git since', () => {
  it('no drift warning: git holds Grafana\'s version (the commit it was made from), no edit made in Grafana', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await makeWorkDir();
    const model = { uid: 'd', title: 'D', schemaVersion: 39, panels: [{ id: 1, title: 'CPU', type: 'stat', gridPos: { h: 4, w: 6, x: 0, y: 0 } }] };
    const file = await madeFromCommitByAnotherTool(handle, dir, model, 'v1');
    const { uid } = model;
    const stored = await apiRequest(handle, 'GET', `/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/${uid}`);
    expect(stored.body.spec.schemaVersion).toBeGreaterThan(39);
    await writeFile(file, canonicalJson({ ...model, title: 'D (PR)' }));
    await commitAll(dir, 'pr: title');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 1 to update');
    expect(planned.stdout).not.toContain('drift');
  });
});
