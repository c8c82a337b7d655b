import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions } from '../../src/plan/types.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { commitAll } from '../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

describe('prune and a dashboard whose file went to YAML (audit-ux-9 F4)', () => {
  it('the dashboard a YAML resource names is kept, counted and named; the one with no file at all is pruned', async () => {
    const { sandbox, dir, write, settings, grafana } = await appliedTree('yaml-prune', {
      'team/redis.json': { panels: [], title: 'Redis', uid: 'redis-exporter' },
      'team/gone.json': { panels: [], title: 'Gone', uid: 'gone' },
      'team/stays.json': { panels: [], title: 'Stays', uid: 'stays' },
    });

    // redis.json rewritten as the same dashboard in YAML (as Git Sync or kubectl writes it); gone.json removed.
    await rm(join(dir, 'dashboards', 'team', 'redis.json'));
    await rm(join(dir, 'dashboards', 'team', 'gone.json'));
    await write('team/redis.yaml', 'apiVersion: dashboard.grafana.app/v1beta1\nkind: Dashboard\nmetadata:\n  name: redis-exporter\nspec:\n  title: Redis\n  panels: []\n');
    await commitAll(dir, 'redis to YAML');

    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(dashboardActions(plan).filter((d) => d.action === 'delete').map((d) => d.uid)).toEqual(['gone']);
    const text = renderPlanText(plan, { color: false });
    expect(text.split('\n').filter((line) => line.includes('YAML'))).toEqual([
      '  ! prune keeps 1 dashboard without a .json file because a YAML file of the tree names it: redis-exporter (dashboards/team/redis.yaml); dashsync reads only .json: convert the file to manage the dashboard, or delete it to let prune delete the dashboard',
      '  ! dashboards/team/redis.yaml: not read: a YAML Dashboard resource (uid "redis-exporter"); dashsync reads only .json: convert it (for example `yq -o json`) or it is not in the tree; meanwhile prune leaves the dashboards it names alone (yaml-resource)',
    ]);

    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect(result?.deleted).toEqual(['gone']);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter')).status).toBe(200);
  });

  it("a folder whose _folder.json went to a YAML Folder resource is kept, with what prune would take in it, and said once", async () => {
    const { dir, write, plannedWithoutDeletes, expectApplyKeepsOps } = await appliedOpsFolder('yaml-folder');

    // The folder rewritten as a Folder resource (grafana-operator, kubectl); its dashboard's file removed.
    await rm(join(dir, 'dashboards', 'ops'), { recursive: true });
    await mkdir(join(dir, 'dashboards', 'ops'));
    await write('ops/folder.yaml', 'apiVersion: folder.grafana.app/v1beta1\nkind: Folder\nmetadata:\n  name: ops-uid\nspec:\n  title: Ops\n');
    await commitAll(dir, 'ops folder to YAML');

    expect((await plannedWithoutDeletes()).split('\n').filter((line) => line.includes('YAML'))).toEqual([
      '  ! dashboards/ops/folder.yaml: not read: a YAML Folder resource (uid "ops-uid"); dashsync reads only .json: give its directory a _folder.json {"uid":"ops-uid","title":"Ops"} instead; meanwhile prune leaves the folders (with what they hold) it names alone (yaml-resource)',
      '  ! folder "Ops" (ops-uid) not pruned, nor what prune would take in it: a YAML file of the tree names it (dashboards/ops/folder.yaml); dashsync reads only .json: give its directory a _folder.json {"uid":"ops-uid","title":…} to manage it, or delete the YAML file to let prune take it',
    ]);
    await expectApplyKeepsOps();
  });

  // stop-53 §11.5: a directory moved out to a shared checkout and linked back in; its _folder.json now behind the link.
  it('a folder a _folder.json behind a directory link names is kept, with what prune would take in it, and said once', async () => {
    const { dir, plannedWithoutDeletes, expectApplyKeepsOps } = await appliedOpsFolder('linked-folder');

    // ops/ moved to a shared checkout beside the repository, which now holds only its _folder.json, and linked back in.
    const shared = await mkdtemp(join(tmpdir(), 'dashsync-shared-ops-'));
    onTestFinished(() => rm(shared, { recursive: true, force: true }));
    await writeFile(join(shared, '_folder.json'), `${JSON.stringify({ uid: 'ops-uid', title: 'Ops' })}\n`);
    await rm(join(dir, 'dashboards', 'ops'), { recursive: true });
    await symlink(shared, join(dir, 'dashboards', 'ops'));
    await commitAll(dir, 'ops moved to the shared checkout');

    expect((await plannedWithoutDeletes()).split('\n').filter((line) => line.includes('(ops-uid)'))).toEqual([
      '  ! folder "Ops" (ops-uid) not pruned, nor what prune would take in it: a _folder.json behind a directory link of the tree names it (dashboards/ops/_folder.json); dashsync does not follow directory links: copy the files in to manage it, or remove the link to let prune take it',
    ]);
    await expectApplyKeepsOps();
  });
});

/** Writes `files` (JSON, below dashboards/), commits them and applies them with prune of folders, on a Grafana 12 sandbox. */
async function appliedTree(name: string, files: Record<string, object>) {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await mkdtemp(join(tmpdir(), `dashsync-${name}-`));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const write = (path: string, content: string) => writeFile(join(dir, 'dashboards', path), content);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, 'dashboards', path)), { recursive: true });
    await write(path, path.endsWith('_folder.json') ? `${JSON.stringify(content)}\n` : `${JSON.stringify(content, null, 2)}\n`);
  }
  await commitAll(dir, 'first');
  const settings = await loadSettings({ flags: { api: 'legacy', prune: 'folders' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  await runApply({ settings, grafana, env: {}, force: false });
  return { sandbox, dir, write, settings, grafana };
}

/** appliedTree of folder ops (ops-uid, its _folder.json and dashboard o) and team/stays.json. */
async function appliedOpsFolder(name: string) {
  const { sandbox, dir, write, settings, grafana } = await appliedTree(name, {
    'ops/_folder.json': { uid: 'ops-uid', title: 'Ops' },
    'ops/o.json': { panels: [], title: 'O', uid: 'o' },
    'team/stays.json': { panels: [], title: 'Stays', uid: 'stays' },
  });
  /** The plan's text, once it is checked to delete nothing. */
  const plannedWithoutDeletes = async () => {
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.actions.filter((action) => action.action === 'delete').map((action) => action.uid)).toEqual([]);
    return renderPlanText(plan, { color: false });
  };
  /** Apply has nothing to do, and folder ops-uid and its dashboard o are still in Grafana. */
  const expectApplyKeepsOps = async () => {
    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect(result).toBeNull();
    expect((await apiRequest(sandbox, 'GET', '/api/folders/ops-uid')).status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/o')).status).toBe(200);
  };
  return { dir, write, plannedWithoutDeletes, expectApplyKeepsOps };
}
