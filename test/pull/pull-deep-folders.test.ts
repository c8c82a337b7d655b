import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { createFolder, dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

async function createChain(sandbox: Parameters<typeof createFolder>[0], levels: number): Promise<void> {
  let parentUid: string | undefined;
  for (let level = 1; level <= levels; level++) {
    parentUid = await createFolder(sandbox, { uid: `l${level}`, title: `L${level}`, ...(parentUid ? { parentUid } : {}) });
  }
}

// Every release lets a folder have 4 ancestors by default, through /api/folders and folder.grafana.app alike
// (src/sandbox/README.md "Folder depth"), so a folder sits 5 levels deep. The tree held only 4: pull left the fifth
// level out with an error, and check refused a tree Grafana takes.
describe.each(['11.2', '12', '13'] as const)('pull of a folder 5 levels deep, against Grafana %s', (grafanaVersion) => {
  it('writes all five levels; the tree checks and plans clean', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await createChain(sandbox, 5);
    await saveDashboard(sandbox, { uid: 'deep', title: 'Deep', panels: [] }, 'l5');
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect((await walkFiles(join(dir, 'dashboards'))).map((file) => file.path)).toContain('l1/l2/l3/l4/l5/deep.json');
    const checked = await dashsync(sandbox, dir, ['check']);
    expect(checked.code, checked.stdout).toBe(0);
    const planned = await dashsync(sandbox, dir, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  });
});

// A Grafana 13 whose [folder] max_nested_folder_depth is raised (up to 7) holds deeper folders than the tree does.
describe('pull of a folder deeper than the tree holds, against a Grafana 13 with max_nested_folder_depth = 5', () => {
  it('writes the five levels, names the folder left out and its dashboards in one error line, exit 1; the tree checks and plans clean', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', maxNestedFolderDepth: 5 });
    await createChain(sandbox, 6);
    await saveDashboard(sandbox, { uid: 'd5', title: 'Five', panels: [] }, 'l5');
    await saveDashboard(sandbox, { uid: 'deep', title: 'Deep', panels: [] }, 'l6');
    await saveDashboard(sandbox, { uid: 'deeper', title: 'Deeper', panels: [] }, 'l6');
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain(
      'dashboards: error: folder l6 "L1 / L2 / L3 / L4 / L5 / L6" is 6 levels deep, and the tree holds at most 5 (Grafana\'s default limit; check and plan refuse a deeper directory): dashboards deep, deeper in it or below it not pulled. Move the folder up in Grafana (or those dashboards out of it), then pull again (pull-folder-too-deep)',
    );
    expect((await walkFiles(join(dir, 'dashboards'))).map((file) => file.path)).toEqual([
      'l1/_folder.json',
      'l1/l2/_folder.json',
      'l1/l2/l3/_folder.json',
      'l1/l2/l3/l4/_folder.json',
      'l1/l2/l3/l4/l5/_folder.json',
      'l1/l2/l3/l4/l5/five.json',
    ]);
    const checked = await dashsync(sandbox, dir, ['check']);
    expect(checked.code, checked.stdout).toBe(0);
    const planned = await dashsync(sandbox, dir, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  });
});
