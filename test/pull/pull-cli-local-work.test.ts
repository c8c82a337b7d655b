import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const text = (model: unknown) => `${JSON.stringify(model, null, 2)}\n`;
const home = (title: string) => ({ uid: 'home', title, panels: [], schemaVersion: 39 });
const ops = (title: string) => ({ uid: 'ops', title, panels: [], schemaVersion: 39 });

/** dashboards/home.json and dashboards/ops.json, committed and applied. */
async function appliedTree() {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  await writeFile(join(work, 'dashboards/home.json'), text(home('Home')));
  await writeFile(join(work, 'dashboards/ops.json'), text(ops('Ops')));
  await commitAll(work);
  const apply = await dashsync(handle, work, ['apply']);
  expect(apply.code, apply.stderr).toBe(0);
  return { handle, work };
}

describe('dashsync pull and the work in the tree (the shell)', () => {
  it('the issue\'s repro: a title edited in dashboards/home.json survives dashsync pull (kept, exit 0)', async () => {
    const { handle, work } = await appliedTree();
    await writeFile(join(work, 'dashboards/home.json'), text(home('Home, edited')));

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.stderr).toBe('');
    expect(lines(pulled.stdout)).toEqual([
      "kept  dashboards/home.json: your edit, not committed; Grafana still has dashsync's version 1",
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 kept.',
    ]);
    expect(pulled.code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'dashboards/home.json'), 'utf8')).title).toBe('Home, edited');
  });

  it('a file changed on both sides is refused and listed (exit 1); pull --force <uid> takes Grafana\'s', async () => {
    const { handle, work } = await appliedTree();
    await writeFile(join(work, 'dashboards/home.json'), text(home('Home, edited here')));
    await saveDashboard(handle, home('Home, edited in the UI'));

    const refused = await dashsync(handle, work, ['pull']);

    expect(refused.code).toBe(1);
    expect(lines(refused.stdout)).toEqual([
      expect.stringMatching(/^refused {2}dashboards\/home\.json: changed here \(not committed\) and in Grafana \(version 2 by (admin|user:\S+) at \S+\)$/),
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 refused.',
    ]);
    expect(refused.stderr).toBe(
      'error: 1 file was not written: it may hold work of yours, and Grafana changed too (refused, above). ' +
        "To take Grafana's version: commit or stash any uncommitted edit (a committed one stays in its commit), then run dashsync pull --force home (--force copies a file git does not hold to .dashsync/pull-backups/ first); " +
        'to merge the two instead, run the commands after "To merge by hand, run:" on its line above, where it says so. ' +
        'To keep yours: dashsync plan shows what apply would overwrite in Grafana\n',
    );
    expect(JSON.parse(await readFile(join(work, 'dashboards/home.json'), 'utf8')).title).toBe('Home, edited here');

    const forced = await dashsync(handle, work, ['pull', '--force', 'home']);

    expect(forced.code, forced.stderr).toBe(0);
    expect(lines(forced.stdout)).toEqual([expect.stringMatching(/^updated {2}dashboards\/home\.json \(your uncommitted edit saved to \.dashsync\/pull-backups\/[0-9T-]+Z\/home\.json\)$/), 'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.']);
    expect(JSON.parse(await readFile(join(work, 'dashboards/home.json'), 'utf8')).title).toBe('Home, edited in the UI');
  });

  it('dashsync pull <uid> pulls just that dashboard, as the drift warning says', async () => {
    const { handle, work } = await appliedTree();
    await saveDashboard(handle, home('Home, edited in the UI'));
    await saveDashboard(handle, ops('Ops, edited in the UI'));

    const plan = await dashsync(handle, work, ['plan']);
    expect(lines(plan.stdout).filter((line) => line.includes('drift: home'))).toEqual([
      expect.stringMatching(/^ {2}! drift: home "Home, edited in the UI" was last saved in Grafana by admin at .*\(to bring it in, run dashsync pull home first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two\)$/),
    ]);

    const pulled = await dashsync(handle, work, ['pull', 'home']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual(['updated  dashboards/home.json', 'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.']);
    expect(JSON.parse(await readFile(join(work, 'dashboards/ops.json'), 'utf8')).title).toBe('Ops');

    const unknown = await dashsync(handle, work, ['pull', 'no-such-uid']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("error: no-such-uid: no dashboard with this uid in Grafana or in the tree (the uid is in the dashboard's URL: /d/<uid>/), and no folder or library panel in Grafana\n");
  });
});
