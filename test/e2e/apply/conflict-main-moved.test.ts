import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { editFile, exampleWorkspace, getDashboard, useApi } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// A branch's saved plan applied after main moved (audit-ux-4 F1): the version Grafana has now is dashsync's push of
// main's commit, not a live edit. The conflict says so and gives the git fix; it does not offer pull (main's content
// over the branch's files) or --force (undoing main's commit) as the way out.

const REDIS = 'dashboards/platform/databases/redis.json';

describe.each([
  // Through /apis the content note names the saver: main's CI token and the branch's basic auth are told apart from a UI edit.
  { grafanaVersion: '12', api: 'k8s', mainAs: 'token' },
  // Through /api the note names the saver as the version list shows it (a service account's name on 12).
  { grafanaVersion: '12', api: 'legacy', mainAs: 'token' },
  { grafanaVersion: '11.2', api: 'legacy', mainAs: 'admin' },
] as const)('a branch plan applied after main moved (Grafana $grafanaVersion, api $api, main applied with $mainAs)', ({ grafanaVersion, api, mainAs }) => {
  it('names the commit dashsync pushed since, and says to rebase and plan again', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    await commitAll(workspace.dir, 'base');
    const main = mainAs === 'token' ? { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined } : {};
    expect((await workspace.cli(['apply'], main)).code).toBe(0);

    await git(workspace.dir, 'checkout', '-q', '-b', 'feat-a');
    await editFile(workspace, REDIS, (model) => (model.title = 'Redis (cache)'));
    await commitAll(workspace.dir, 'A: rename redis');
    const planned = await workspace.cli(['plan', '--out', '../planA.json']);
    expect(planned.code, planned.stderr).toBe(0);

    await git(workspace.dir, 'checkout', '-q', 'main');
    await editFile(workspace, REDIS, (model) => (model.refresh = '1m'));
    await commitAll(workspace.dir, 'B: redis refresh');
    const mainSha = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    expect((await workspace.cli(['apply'], main)).code).toBe(0);
    const afterMain = await getDashboard(sandbox, 'redis-exporter');

    await git(workspace.dir, 'checkout', '-q', 'feat-a');
    const applied = await workspace.cli(['apply', '../planA.json']);

    expect(applied.code).toBe(1);
    const conflict = applied.stderr.split('\n').filter((line) => line.startsWith('conflict:'));
    expect(conflict).toEqual([expect.stringMatching(new RegExp(`^conflict: redis-exporter "Redis" \\(${REDIS}, titled "Redis \\(cache\\)" there\\) was saved by dashsync from commit ${mainSha} "B: redis refresh" as .+ at .+ after this plan was made \\(planned version \\d+, current version ${afterMain.meta.version}\\); left untouched\\. `))]);
    expect(conflict[0]).toContain('Another commit was applied since (main moved): rebase the branch on it (or merge it in) and run dashsync plan again; apply --force would undo that commit\'s changes in Grafana');
    expect(conflict[0]).not.toContain('dashsync pull');
    expect(conflict[0]).not.toContain('live edit');
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.refresh).toBe('1m');
  });
});

// audit-ux-10 F4: the branch merged main in after its plan was made: HEAD already holds main's commit, so the advice is a
// fresh plan, not a rebase on (or merge of) a commit that is already there.
describe('a saved plan applied after main moved, its commit already merged into HEAD', () => {
  it('says HEAD already contains it and to plan again; no rebase advice', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await commitAll(workspace.dir, 'base');
    expect((await workspace.cli(['apply'])).code).toBe(0);

    await git(workspace.dir, 'checkout', '-q', '-b', 'feat-a');
    await editFile(workspace, REDIS, (model) => (model.title = 'Redis (cache)'));
    await commitAll(workspace.dir, 'A: rename redis');
    expect((await workspace.cli(['plan', '--out', '../planA.json'])).code).toBe(0);

    await git(workspace.dir, 'checkout', '-q', 'main');
    await editFile(workspace, REDIS, (model) => (model.refresh = '1m'));
    await commitAll(workspace.dir, 'B: redis refresh');
    const mainSha = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    expect((await workspace.cli(['apply'])).code).toBe(0);

    await git(workspace.dir, 'checkout', '-q', 'feat-a');
    // The merge keeps the branch's redis.json (the clash resolved on purpose): the saved plan's files still verify.
    await git(workspace.dir, 'merge', '-q', '--no-edit', '-s', 'ours', 'main');
    const applied = await workspace.cli(['apply', '../planA.json']);

    expect(applied.code, applied.stderr).toBe(1);
    const conflict = applied.stderr.split('\n').filter((line) => line.startsWith('conflict:'));
    expect(conflict, applied.stderr).toHaveLength(1);
    expect(conflict[0]).toContain(`was saved by dashsync from commit ${mainSha} "B: redis refresh"`);
    expect(conflict[0]).toContain('Another commit was applied since (main moved), and HEAD already contains it: run dashsync plan again (this saved plan predates it); apply --force would undo');
    expect(conflict[0]).not.toContain('rebase');
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.refresh).toBe('1m');
  });
});
