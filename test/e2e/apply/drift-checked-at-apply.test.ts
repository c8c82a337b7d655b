import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editFile, getDashboard, saveInGrafana } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';
const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const CHECKOUT_API = 'dashboards/applications/checkout/checkout-api.json';
const UI_EDIT = 'edited in Grafana';

// walk-68b M4: a Viewer's plan (its token may not read version history through /api) marked an update "drift not checked";
// the Editor's apply of that plan overwrote an edit made in Grafana and said only "updated … now version 4". The apply's token
// may read the history: it reads it for those updates, and holds an edit someone else saved as a conflict.
// (Through /apis, which any reader of the dashboard may list the history of, such a plan checks drift itself.)
describe('an apply of a plan whose drift was not checked (Viewer token through /api)', () => {
  it.each(['11.2', '12'] as const)('holds an edit saved in Grafana as a conflict, names pull and --force; --force says what it overwrote (Grafana %s)', async (grafanaVersion) => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, 'legacy');
    await commitAll(workspace.dir, 'tree');
    await saveInGrafana(sandbox, 'redis-exporter', { description: UI_EDIT });
    const edited = (await getDashboard(sandbox, 'redis-exporter')).dashboard.version as number;
    await editFile(workspace, REDIS, (model) => {
      model.tags = ['from-git'];
    });
    await commitAll(workspace.dir, 'redis tags');
    const viewer = { GRAFANA_TOKEN: await sandbox.createToken('Viewer'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const editor = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };

    const plan = await workspace.cli(['plan', '--out', 'plan.json'], viewer);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^  ! drift not checked for 1 dashboard \(redis-exporter\): /m);

    const applied = await workspace.cli(['apply', 'plan.json'], editor);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      `conflict: redis-exporter "Redis" (${REDIS}) was last saved in Grafana by admin, not by dashsync (version ${edited} at `,
    );
    expect(applied.stderr).toMatch(
      /which its plan could not check \(drift not checked: the plan's credentials could not read its history\); left untouched\. To keep the edit: dashsync pull redis-exporter.*; or dashsync apply --force plan\.json to overwrite it/,
    );
    expect(applied.stdout).not.toMatch(/^updated: redis-exporter/m);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe(UI_EDIT);

    // JSON says the same: the conflict, marked as found at apply.
    const json = await workspace.cli(['apply', 'plan.json', '--format', 'json'], editor);
    const result = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.type === 'result');
    expect(result.conflicts).toEqual([expect.objectContaining({ uid: 'redis-exporter', driftCheckedAtApply: true, currentVersion: edited, changedBy: 'admin' })]);

    const forced = await workspace.cli(['apply', 'plan.json', '--force'], editor);
    expect([forced.code, forced.stderr]).toEqual([0, '']);
    expect(forced.stdout).toMatch(new RegExp(`^updated \\(forced over version ${edited}, saved by admin at [^)]+\\): redis-exporter "Redis"`, 'm'));
    const live = (await getDashboard(sandbox, 'redis-exporter')).dashboard;
    expect(live.tags).toEqual(['from-git']);
  });

  it('an edit pulled and committed since (git holds the live version): no conflict, the update is made (11.2)', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' }, 'legacy');
    await commitAll(workspace.dir, 'tree');
    await saveInGrafana(sandbox, 'redis-exporter', { description: UI_EDIT });
    expect((await workspace.cli(['pull', 'redis-exporter'])).code).toBe(0);
    await commitAll(workspace.dir, 'pull the edit');
    await editFile(workspace, REDIS, (model) => {
      model.tags = ['from-git'];
    });
    await commitAll(workspace.dir, 'redis tags');
    const viewer = { GRAFANA_TOKEN: await sandbox.createToken('Viewer'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const plan = await workspace.cli(['plan', '--out', 'plan.json'], viewer);
    expect(plan.stdout).toMatch(/^  ! drift not checked for 1 dashboard \(redis-exporter\): /m);

    const applied = await workspace.cli(['apply', 'plan.json'], { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toMatch(/^updated: redis-exporter "Redis"/m);
    const live = (await getDashboard(sandbox, 'redis-exporter')).dashboard;
    expect([live.description, live.tags]).toEqual([UI_EDIT, ['from-git']]);
  });

  // perf-69a: each such dashboard someone else saved asked git on its own (the config's history, then its file's: eight git
  // processes or more, each walk of the history), and each one held two more (status, ls-files). Now one read per batch of them.
  it('holds three edits with the git processes of one: their files read together, an edit pulled and committed among them still made (12)', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' }, 'legacy');
    await commitAll(workspace.dir, 'tree');
    const viewer = { GRAFANA_TOKEN: await sandbox.createToken('Viewer'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const editor = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const tagInGit = async (files: string[]) => {
      for (const file of files) {
        await editFile(workspace, file, (model) => {
          model.tags = ['from-git'];
        });
      }
      await commitAll(workspace.dir, 'tags');
    };
    // The plan (a Viewer's: drift not checked) and its apply (an Editor's), the apply's git processes by command.
    const planAndApply = async (unchecked: number) => {
      const plan = await workspace.cli(['plan', '--out', 'plan.json'], viewer);
      expect(plan.stdout).toMatch(new RegExp(`^  ! drift not checked for ${unchecked} dashboards?`, 'm'));
      const { result, calls } = await countGitCalls(() => workspace.cli(['apply', 'plan.json', '--format', 'json'], editor));
      const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      const outcome = { ...lines.find((line) => line.type === 'result'), updated: lines.filter((line) => line.type === 'updated').map((line) => line.uid) };
      const byCommand = Object.fromEntries([...new Set(calls.map(gitCommandOf))].sort().map((command) => [command, calls.filter((call) => gitCommandOf(call) === command).length]));
      return { outcome, byCommand };
    };

    await saveInGrafana(sandbox, 'redis-exporter', { description: UI_EDIT });
    await tagInGit([REDIS]);
    const one = await planAndApply(1);
    expect(one.outcome.conflicts.map((conflict: { uid: string }) => conflict.uid)).toEqual(['redis-exporter']);

    // Two more saved in Grafana: one left there (held), one pulled and committed (git holds it: the update is made).
    await saveInGrafana(sandbox, 'checkout-api-red', { description: UI_EDIT });
    await saveInGrafana(sandbox, 'postgresql-overview', { description: UI_EDIT });
    expect((await workspace.cli(['pull', 'postgresql-overview'])).code).toBe(0);
    await commitAll(workspace.dir, 'pull the postgresql edit');
    await tagInGit([POSTGRES, CHECKOUT_API]);
    const three = await planAndApply(3);
    expect(three.outcome.conflicts.map((conflict: { uid: string }) => conflict.uid).sort()).toEqual(['checkout-api-red', 'redis-exporter']);
    expect(three.outcome.conflicts.every((conflict: { driftCheckedAtApply?: boolean; fileCommitted?: boolean }) => conflict.driftCheckedAtApply && conflict.fileCommitted)).toBe(true);
    expect(three.outcome.updated).toEqual(['postgresql-overview']);
    expect((await getDashboard(sandbox, 'postgresql-overview')).dashboard.description).toBe(UI_EDIT);

    // The history walks and committed-version reads of three held edits are those of one; so are the files' status checks.
    for (const command of ['log', 'cat-file', 'status', 'ls-files']) expect([command, three.byCommand[command]]).toEqual([command, one.byCommand[command]]);
  });

  it('where the apply cannot read the history either (Grafana 12 cannot convert it): the save goes on, and a line says so of that dashboard', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' }, 'legacy');
    await commitAll(workspace.dir, 'tree');
    // A save whose message looks like a restore's: 12+ then answer its versions list 404 (no converting it), for any credentials.
    const live = await getDashboard(sandbox, 'redis-exporter');
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: UI_EDIT }, folderUid: live.meta.folderUid, message: 'Restored from version 1 (by hand)' });
    expect(saved.status, saved.text).toBe(200);
    await editFile(workspace, REDIS, (model) => {
      model.tags = ['from-git'];
    });
    await commitAll(workspace.dir, 'redis tags');
    const plan = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(plan.stdout).toMatch(/^  ! drift not checked for 1 dashboard \(redis-exporter\): Grafana could not read/m);

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(`${applied.stdout}${applied.stderr}`).toContain(
      "drift not checked for redis-exporter at apply either: Grafana could not convert its version history, so whether it overwrote an edit made in Grafana is not known (Grafana's history keeps any such version)",
    );
    expect(applied.stdout).toMatch(/^updated: redis-exporter "Redis"/m);
  });

  it('a plan whose drift was checked: no history read at apply for its updates (12)', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' }, 'legacy');
    await commitAll(workspace.dir, 'tree');
    await editFile(workspace, REDIS, (model) => {
      model.tags = ['from-git'];
    });
    await commitAll(workspace.dir, 'redis tags');
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(sandbox.requests().filter((entry) => entry.path.includes('/versions'))).toEqual([]);
  });
});
