import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, makeWorkDir, saveDashboard } from '../../pull/pull-fixture.js';
import { lines, saveLive, writeJson } from './plan-fixture.js';

// env-60b: the plan takes Grafana's `current` of a datasource variable as the file's (a pick in the UI is no change); the
// search for an edit git already holds and the look-alike-creates check compared it raw, so a pick alone read as a difference.
const PANELS = [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }];
const dsVariable = (text: string, value: string) => ({ name: 'ds', type: 'datasource', query: 'prometheus', current: { text, value } });
const board = (uid: string, title: string, current: { text: string; value: string }) => ({
  uid,
  title,
  schemaVersion: 39,
  panels: PANELS,
  templating: { list: [dsVariable(current.text, current.value)] },
});

describe('a datasource variable picked in Grafana after a bootstrap pull, the file edited in git since (Grafana 12)', () => {
  it('no drift warning: the committed version holds Grafana\'s but for the pick, which the plan leaves as Grafana\'s', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const shop = await createFolder(handle, { uid: 'shop', title: 'Shop' });
    await saveDashboard(handle, board('classic', 'Classic, draft', { text: 'Prometheus', value: 'prom-a' }), shop);
    await saveDashboard(handle, board('classic', 'Classic', { text: 'Prometheus', value: 'prom-a' }), shop);
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    await commitAll(work, 'bootstrap pull');
    const file = join(work, 'dashboards/shop/classic.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"title": "Classic"', '"title": "Classic, renamed in git"'));
    // Someone picks another data source in the UI and saves: only `current` changes.
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/classic');
    await saveDashboard(handle, { ...live.body.dashboard, templating: { list: [dsVariable('Prometheus B', 'prom-b')] } }, shop);

    const planned = await dashsync(handle, work, ['plan']);

    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 0 unchanged.');
    expect(lines(planned.stdout).filter((line) => line.includes('drift'))).toEqual([]);
  });
});

describe('a create whose file equals a live dashboard no file holds but for its datasource variable\'s pick (Grafana 12)', () => {
  it('is planned with the look-alike warning naming that dashboard', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-look-alike-'));
    await saveLive(handle, board('tf-1', 'TF board', { text: 'Prometheus B', value: 'prom-b' }), '', 'terraform');
    await writeJson(dir, 'dashboards/ops/tf-board.json', board('tf-board-3a5b743a4e', 'TF board', { text: 'Prometheus', value: 'prom-a' }));

    const planned = await dashsync(handle, dir, ['plan']);

    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(planned.stdout).toContain(
      '  ! "TF board" (dashboards/ops/tf-board.json) is a new dashboard (uid tf-board-3a5b743a4e) here, yet Grafana holds one of that title and content that no file of the tree holds: tf-1 at the General level, last saved by admin.',
    );
  });
});
