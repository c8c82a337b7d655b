import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, git, libraryPanelRef, makeWorkDir, saveDashboard } from './pull-fixture.js';

// tree-58: a dashboard's file that pull moves keeps its own name where the new directory has it free (fix-57); a library
// panel's file took a name made of the panel's name instead, undoing a `git mv` that renamed it.

/** Someone moves library panel `uid` to folder `folderUid` in Grafana. */
async function moveInGrafana(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, uid: string, folderUid: string): Promise<void> {
  const live = await apiRequest(sandbox, 'GET', `/api/library-elements/${uid}`);
  expect(live.status, live.text).toBe(200);
  const moved = await apiRequest(sandbox, 'PATCH', `/api/library-elements/${uid}`, { kind: 1, version: live.body.result.version, folderUid });
  expect(moved.status, moved.text).toBe(200);
}

describe('pull of a library panel moved to another folder in Grafana', () => {
  it('moves its file into that folder\'s _library/ under the name git gave it, where that name is free there', async () => {
    const sandbox = await startTestSandbox();
    await createFolder(sandbox, { uid: 'ops', title: 'Ops' });
    await createFolder(sandbox, { uid: 'shared', title: 'Shared panels' });
    await createLibraryPanel(sandbox, 'lp-cpu', 'shared');
    await createLibraryPanel(sandbox, 'lp-mem', 'shared');
    await createLibraryPanel(sandbox, 'lp-ops', 'ops');
    await saveDashboard(sandbox, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-cpu'), libraryPanelRef(2, 'lp-mem')] }, 'ops');
    const dir = await makeWorkDir();
    const bootstrap = await dashsync(sandbox, dir, ['pull']);
    expect(bootstrap.code, bootstrap.stdout + bootstrap.stderr).toBe(0);
    await commitAll(dir, 'bootstrap');
    await git(dir, 'mv', 'dashboards/shared-panels/_library/panel-lp-cpu.json', 'dashboards/shared-panels/_library/cpu-usage.json');
    await git(dir, 'mv', 'dashboards/shared-panels/_library/panel-lp-mem.json', 'dashboards/shared-panels/_library/memory.json');
    await git(dir, 'mv', 'dashboards/ops/_library/panel-lp-ops.json', 'dashboards/ops/_library/memory.json');
    await commitAll(dir, 'names of our own');
    // lp-mem's name is another panel's file in ops' _library/: it gets the name its panel's name makes there.
    await moveInGrafana(sandbox, 'lp-cpu', 'ops');
    await moveInGrafana(sandbox, 'lp-mem', 'ops');

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain('moved  dashboards/shared-panels/_library/cpu-usage.json → dashboards/ops/_library/cpu-usage.json');
    expect(pulled.stdout).toContain('moved  dashboards/shared-panels/_library/memory.json → dashboards/ops/_library/panel-lp-mem.json');
    expect((await readdir(join(dir, 'dashboards/ops/_library'))).sort()).toEqual(['cpu-usage.json', 'memory.json', 'panel-lp-mem.json']);
    expect((await dashsync(sandbox, dir, ['check'])).code).toBe(0);
  });
});
