import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const text = (model: unknown) => `${JSON.stringify(model, null, 2)}\n`;
const home = (title: string) => ({ uid: 'home', title, panels: [], schemaVersion: 39 });

describe('a dashboards root reached through a symlink (dashboards -> grafana-tree)', () => {
  it('plan, pull and check name files by the path the user gave, never the resolved one', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'grafana-tree'), { recursive: true });
    await symlink('grafana-tree', join(work, 'dashboards'));
    await writeFile(join(work, 'grafana-tree/home.json'), text(home('Home')));
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply'])).code).toBe(0);
    await saveDashboard(handle, home('Home, in the UI'));

    const plan = await dashsync(handle, work, ['plan']);
    await writeFile(join(work, 'grafana-tree/home.json'), text(home('Home, edited here')));
    const pulled = await dashsync(handle, work, ['pull', '--force']);
    const check = await dashsync(handle, work, ['check']);

    expect(lines(plan.stdout)).toContainEqual(expect.stringMatching(/^~ update +dashboards\/home\.json "Home" \(uid home, live version 2\) in General: 1 field$/));
    expect(lines(pulled.stdout)).toContainEqual(expect.stringMatching(/^updated +dashboards\/home\.json .*\.dashsync\/pull-backups\/[^/]+\/home\.json\)$/));
    expect(`${check.stdout}${check.stderr}`).toContain('check: 1 dashboard, 0 errors, 0 warnings');
    expect([plan, pulled, check].map((run) => `${run.stdout}${run.stderr}`).join('')).not.toContain('grafana-tree');
  });
});
