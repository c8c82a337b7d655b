import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { createFolder, dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

// Grafana's legacy folder service lets a folder have 4 ancestors (validateParent: the parent's ancestors < 4), so a
// folder can sit 5 levels deep; the tree holds 4 (check's folder-too-deep, Grafana's current limit). pull wrote the
// fifth level all the same, and the tree it left failed check and every plan.
describe.each(['11.2', '13'] as const)('pull of a folder deeper than the tree holds, against Grafana %s', (grafanaVersion) => {
  it('writes the four levels, names the folder left out and its dashboards in one error line, exit 1; the tree checks and plans clean', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    let parentUid: string | undefined;
    for (const level of [1, 2, 3, 4, 5]) {
      parentUid = await createFolder(sandbox, { uid: `l${level}`, title: `L${level}`, ...(parentUid ? { parentUid } : {}) });
    }
    await saveDashboard(sandbox, { uid: 'd4', title: 'Four', panels: [] }, 'l4');
    await saveDashboard(sandbox, { uid: 'deep', title: 'Deep', panels: [] }, 'l5');
    await saveDashboard(sandbox, { uid: 'deeper', title: 'Deeper', panels: [] }, 'l5');
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain(
      'dashboards: error: folder l5 "L1 / L2 / L3 / L4 / L5" is 5 levels deep, and the tree holds at most 4 (Grafana\'s limit; check and plan refuse a deeper directory): dashboard(s) deep, deeper in it or below it not pulled. Move the folder up in Grafana (or those dashboards out of it), then pull again (pull-folder-too-deep)',
    );
    expect((await walkFiles(join(dir, 'dashboards'))).map((file) => file.path)).toEqual([
      'l1/_folder.json',
      'l1/l2/_folder.json',
      'l1/l2/l3/_folder.json',
      'l1/l2/l3/l4/_folder.json',
      'l1/l2/l3/l4/four.json',
    ]);
    const checked = await dashsync(sandbox, dir, ['check']);
    expect(checked.code, checked.stdout).toBe(0);
    const planned = await dashsync(sandbox, dir, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  });
});
