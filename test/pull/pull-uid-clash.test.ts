import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { createFolder, dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

// Grafana 12 and 13 keep folders and dashboards apart, so a dashboard may have a folder's uid; the tree needs each
// uid once (11.2 keeps one uid space; check refuses uid-collides-with-folder). pull wrote both, exited 0, and left a
// tree that failed check and every plan.
describe.each(['12', '13'] as const)('pull of a dashboard whose uid a folder has, against Grafana %s', (grafanaVersion) => {
  it('one error line naming both, the dashboard not written, exit 1; the rest is pulled and checks and plans clean', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await createFolder(sandbox, { uid: 'ops', title: 'Ops' });
    await saveDashboard(sandbox, { uid: 'ops', title: 'Ops overview', panels: [] });
    await saveDashboard(sandbox, { uid: 'svc', title: 'Service', panels: [] }, 'ops');
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain(
      'dashboards: error: dashboard ops "Ops overview" and folder ops "Ops" share the uid ops: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space; check and plan refuse uid-collides-with-folder), so the dashboard is not pulled. Give it another uid in Grafana (save it under a new uid, delete this one), then pull again (pull-uid-clash)',
    );
    expect((await walkFiles(join(dir, 'dashboards'))).map((file) => file.path)).toEqual(['ops/_folder.json', 'ops/service.json']);
    expect((await dashsync(sandbox, dir, ['check'])).code).toBe(0);
    const planned = await dashsync(sandbox, dir, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  });
});
