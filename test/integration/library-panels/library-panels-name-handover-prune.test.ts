import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runApply } from '../../../src/apply/run-apply.js';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../../src/plan/create-plan.js';
import { renderPlanText } from '../../../src/report/render-plan-text.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { dashboard, ref, writeFiles } from './library-tree.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const panelFile = (uid: string) => ({ uid, name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU', targets: [{ expr: `rate(${uid}[5m])` }] } });

/** Folder team with library panel lp-old "CPU usage" (used by dashboard `user` when `used`), applied with --prune all. */
async function appliedTree(used: boolean) {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-library-name-prune-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFiles(dir, {
    'dashboards/team/_folder.json': { uid: 'team', title: 'Team' },
    'dashboards/team/_library/cpu.json': panelFile('lp-old'),
    'dashboards/team/user.json': dashboard('user', 'User', used ? [ref(1, 'lp-old', 'CPU usage')] : []),
  });
  await commitAll(dir, 'first');
  const settings = await loadSettings({ flags: { api: 'legacy', prune: 'all' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  expect((await runApply({ settings, grafana, env: {}, force: false })).result?.failures).toEqual([]);
  return { sandbox, settings, grafana, dir };
}

describe('a library panel that takes the name of one the same plan prunes (names are unique per folder)', () => {
  it('applies: the pruned panel, which no dashboard holds, is deleted (backed up) before the save that takes its name', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(false);
    await writeFiles(dir, {
      'dashboards/team/_library/cpu.json': panelFile('lp-new'),
      'dashboards/team/user.json': dashboard('user', 'User', [ref(1, 'lp-new', 'CPU usage')]),
    });
    await commitAll(dir, 'the panel gets a new uid');

    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.libraryPanelsCreated, result?.libraryPanelsDeleted, result?.updated, result?.failures]).toEqual([['lp-new'], ['lp-old'], ['user'], []]);
    expect(result?.backups.some((path) => path.includes('lp-old'))).toBe(true);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new')).body).toMatchObject({ result: { name: 'CPU usage', folderUid: 'team' } });
  });

  it('warns when a dashboard without a file, which prune deletes too, holds the panel: that panel goes only after it, with the deletes', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(false);
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'outside', title: 'Outside', panels: [ref(1, 'lp-old', 'CPU usage')] }, folderUid: 'team', overwrite: true });
    expect(saved.status).toBe(200);
    await writeFiles(dir, { 'dashboards/team/_library/cpu.json': panelFile('lp-new') });
    await commitAll(dir, 'the panel gets a new uid');

    const text = renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false });
    expect(text.split('\n').filter((line) => line.includes('takes the name'))).toEqual([
      '  ! library panel file dashboards/team/_library/cpu.json takes the name "CPU usage" in folder "Team" from library panel lp-old, which this plan deletes only after ' +
        'dashboards outside let go of it, and Grafana allows a name once per folder: its save, and the dashboards that use it, will fail. ' +
        'Give it another name (or folder) for this apply, and take the name back in a later commit',
    ]);
  });

  it('warns when dashboards still hold the pruned panel: it cannot go first, and Grafana refuses the name while it stays', async () => {
    const { settings, grafana, dir } = await appliedTree(true);
    await writeFiles(dir, {
      'dashboards/team/_library/cpu.json': panelFile('lp-new'),
      'dashboards/team/user.json': dashboard('user', 'User', [ref(1, 'lp-new', 'CPU usage')]),
    });
    await commitAll(dir, 'the panel gets a new uid');

    const text = renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false });
    expect(text.split('\n').filter((line) => line.includes('takes the name'))).toEqual([
      '  ! library panel file dashboards/team/_library/cpu.json takes the name "CPU usage" in folder "Team" from library panel lp-old, which this plan deletes only after ' +
        'dashboards user let go of it, and Grafana allows a name once per folder: its save, and the dashboards that use it, will fail. ' +
        'Give it another name (or folder) for this apply, and take the name back in a later commit',
    ]);
  });
});
