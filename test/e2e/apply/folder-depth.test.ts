import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture, dashsync, lines, writeJson } from '../plan/plan-fixture.js';

const dashboard = (uid: string): string => `${JSON.stringify({ title: uid, uid }, null, 2)}\n`;

// Grafana takes a folder with 4 folders above it (5 levels) on every release (src/sandbox/README.md "Folder depth");
// check and plan refused the fifth level as too deep, so such a tree could not be applied at all.
describe('apply of nested directories', () => {
  it.each(['11.2', '12', '13'] as const)('Grafana %s: 5 levels are applied and plan clean', async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashboards/a/b/c/d/e/deep.json', dashboard('deep'));

    const applied = await dashsync(handle, dir, ['apply']);

    expect(applied.code, applied.stderr).toBe(0);
    const deep = await apiRequest(handle, 'GET', '/api/dashboards/uid/deep');
    expect(deep.status).toBe(200);
    const parents = (await apiRequest(handle, 'GET', `/api/folders/${deep.body.meta.folderUid}`)).body.parents;
    expect(parents.map((parent: { title: string }) => parent.title)).toEqual(['a', 'b', 'c', 'd']);
    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  });

  it.each(['11.2', '13'] as const)('Grafana %s: a 6th level is refused with one line naming the directory and the limit, nothing sent', async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashboards/a/b/c/d/e/f/deep.json', dashboard('deep'));

    const refused = await dashsync(handle, dir, ['apply']);

    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)[0]).toBe(
      'dashboards/a/b/c/d/e/f: error: folder nesting is 6 levels deep here; Grafana allows at most 5 levels of folders (4 above the deepest): move these dashboards up (folder-too-deep)',
    );
    expect(handle.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });
});
