import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { countGitCalls } from '../../helpers/count-git-calls.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (uid: string, description = '') => ({ uid, title: uid, description, schemaVersion: 39, panels: [] });

// audit-ux-12 U7: a saved plan applied after HEAD moved said nothing of a file committed since that it does not push, so
// "applied" read as "Grafana holds HEAD".
describe('a saved plan applied after HEAD moved', () => {
  it('names, in one note, the files changed since that it does not push; none when HEAD is the plan\'s commit', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const write = (uid: string, description = '') => writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    await write('pushed');
    await write('latency');
    await commitAll(dir, 'two dashboards');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);

    await write('pushed', 'changed in the plan');
    await commitAll(dir, 'pushed: description');
    expect((await cli(['plan', '--out', 'p.json'])).code).toBe(0);
    const same = await cli(['apply', 'p.json']);
    expect([same.code, same.stderr]).toEqual([0, '']);

    await write('pushed', 'changed again, in the plan');
    await commitAll(dir, 'pushed: again');
    expect((await cli(['plan', '--out', 'p2.json'])).code).toBe(0);
    await write('latency', 'changed after the plan');
    await commitAll(dir, 'latency: description');
    const behind = await cli(['apply', 'p2.json']);
    expect(behind.code, behind.stderr).toBe(0);
    expect(behind.stderr).toBe('note: 1 file changed since this plan was made that it does not push (dashboards/latency.json): dashsync plan again to deploy it\n');
  });

  // action-53: with `"root": "."` git names every JSON and YAML file changed since the plan's commit, the config file,
  // package.json, a workflow's YAML, a file the config excludes: none is a file a plan reads or deploys.
  it('with `"root": "."`, git names only files of the tree a plan reads: not the config, package.json, a workflow, an excluded file', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await mkdir(join(dir, 'scratch'));
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    const write = (path: string, value: unknown) => writeFile(join(dir, path), `${JSON.stringify(value, null, 2)}\n`);
    await write('dashsync.config.json', { root: '.', exclude: ['scratch/**'] });
    await write('package.json', { name: 'dashboards', private: true, version: '1.0.0' });
    await writeFile(join(dir, '.github/workflows/dashboards.yml'), 'on: push\n');
    await write('dashboards/pushed.json', model('pushed'));
    await write('dashboards/latency.json', model('latency'));
    await write('scratch/draft.json', model('draft'));
    await commitAll(dir, 'a tree in the root');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    const first = await cli(['apply', '--auto-approve']);
    expect(first.code, first.stderr).toBe(0);

    await write('dashboards/pushed.json', model('pushed', 'in the plan'));
    await commitAll(dir, 'pushed: description');
    // Saved outside the tree here (one in the root is read as no dashboard: action-not-covered, action-plan-root-dot).
    const planFile = join(await makeWorkDir(), 'plan.json');
    const planned = await cli(['plan', '--out', planFile]);
    expect(planned.code, planned.stderr).toBe(0);
    // Since the plan: every other tool's file changed, and a file the config excludes, with one dashboard.
    await write('dashsync.config.json', { root: '.', exclude: ['scratch/**'], concurrency: 4 });
    await write('package.json', { name: 'dashboards', private: true, version: '1.0.1' });
    await writeFile(join(dir, '.github/workflows/dashboards.yml'), 'on: [push, pull_request]\n');
    await write('scratch/draft.json', model('draft', 'not deployed'));
    await write('dashboards/latency.json', model('latency', 'changed after the plan'));
    await commitAll(dir, 'after the plan');
    const behind = await cli(['apply', planFile]);
    expect(behind.code, behind.stderr).toBe(0);
    expect(behind.stderr).toBe('note: 1 file changed since this plan was made that it does not push (dashboards/latency.json): dashsync plan again to deploy it\n');
  });

  // followup-53: `apply p.json` takes no --root, so this run's root was the config's (here the default, dashboards/), and git
  // compared that directory instead of the plan's tree: a file of the plan's tree changed since went unnamed.
  it("a plan of another root than this run's (plan --root tree): git compares the plan's tree", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await mkdir(join(dir, 'tree'));
    const write = (path: string, uid: string, description = '') => writeFile(join(dir, path), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    await write('dashboards/other.json', 'other');
    await write('tree/pushed.json', 'pushed');
    await write('tree/latency.json', 'latency');
    await commitAll(dir, 'two trees');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect((await cli(['apply', '--root', 'tree', '--auto-approve'])).code).toBe(0);
    await write('tree/pushed.json', 'pushed', 'in the plan');
    await commitAll(dir, 'pushed: description');
    expect((await cli(['plan', '--root', 'tree', '--out', 'p.json'])).code).toBe(0);
    await write('tree/latency.json', 'latency', 'changed after the plan');
    await commitAll(dir, 'latency: description');

    const behind = await cli(['apply', 'p.json']);

    expect(behind.code, behind.stderr).toBe(0);
    expect(behind.stderr).toBe('note: 1 file changed since this plan was made that it does not push (tree/latency.json): dashsync plan --root tree again to deploy it\n');
  });

  // action-53: where git cannot compare (the plan's commit is not in this clone), a `_folder.json` is compared with the
  // folder the plan records for its directory (its uid and title; the plan keeps no digest of it); git names it by its bytes.
  it("a `_folder.json` changed since the plan: git names it; without the plan's commit, when it names another folder than the plan's", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/team'), { recursive: true });
    const write = (path: string, value: unknown, indent = 2) => writeFile(join(dir, path), `${JSON.stringify(value, null, indent)}\n`);
    await write('dashboards/team/_folder.json', { uid: 'team', title: 'Team' });
    await write('dashboards/team/cpu.json', model('cpu'));
    await write('dashboards/pushed.json', model('pushed'));
    await commitAll(dir, 'a folder');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const NOTE = 'note: 1 file changed since this plan was made that it does not push (dashboards/team/_folder.json): dashsync plan again to deploy it\n';
    /** A saved plan of a change to `pushed`; `unknownCommit`: as if made at a commit this clone does not have (a pull request's merge ref). */
    const plan = async (description: string, unknownCommit: boolean) => {
      await write('dashboards/pushed.json', model('pushed', description));
      await commitAll(dir, description);
      expect((await cli(['plan', '--out', 'p.json'])).code).toBe(0);
      if (!unknownCommit) return;
      const saved = JSON.parse(await readFile(join(dir, 'p.json'), 'utf8'));
      await writeFile(join(dir, 'p.json'), JSON.stringify({ ...saved, git: { ...saved.git, sha: 'e'.repeat(40) } }));
    };
    const applyAfter = async (folderFile: { uid: string; title: string }, indent = 2) => {
      await write('dashboards/team/_folder.json', folderFile, indent);
      await commitAll(dir, 'folder file changed after the plan');
      const applied = await cli(['apply', 'p.json']);
      expect(applied.code, applied.stderr).toBe(0);
      return applied.stderr;
    };

    await plan('git compares', false);
    expect(await applyAfter({ uid: 'team', title: 'Team (renamed)' })).toBe(NOTE);
    // Not this apply's to deploy: the next plan renames the folder.
    expect((await cli(['plan', '--out', 'p.json'])).code).toBe(0);
    expect((await cli(['apply', 'p.json'])).code).toBe(0);

    await plan('digests compare: renamed', true);
    expect(await applyAfter({ uid: 'team', title: 'Team (renamed again)' })).toBe(NOTE);
    await plan('digests compare: new uid', true);
    expect(await applyAfter({ uid: 'team-b', title: 'Team B' })).toBe(NOTE);
    // Only its layout changed: the same folder, nothing to deploy.
    await plan('digests compare: layout only', true);
    expect(await applyAfter({ uid: 'team-b', title: 'Team B' }, 4)).toBe('');
  });

  // pull-48: a push's content note names the commit it was made from (pull asks git whether a `_library/` file's commit is
  // it or older), only where what is pushed is what that commit holds.
  it("names the commit applying in the pushes' notes where the plan pushes what it holds, and none where it cannot tell", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
    const write = (uid: string, description = '') => writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    const panel = (title: string) => writeFile(join(dir, 'dashboards/_library/cpu.json'), `${JSON.stringify({ uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'stat', title } }, null, 2)}\n`);
    await write('pushed');
    await write('latency');
    await panel('cpu');
    await commitAll(dir, 'two dashboards and a panel');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    const apply = async (args: string[]) => {
      const applied = await cli(args);
      expect(applied.code, applied.stderr).toBe(0);
      // The newest version read on its own: the list shows a first version's message as "Initial save".
      const versions = await apiRequest(handle, 'GET', '/api/dashboards/uid/pushed/versions?limit=1');
      const newest = (Array.isArray(versions.body) ? versions.body : versions.body.versions)[0];
      return (await apiRequest(handle, 'GET', `/api/dashboards/uid/pushed/versions/${newest.version}`)).body.message as string;
    };
    const head = async () => (await git(dir, 'rev-parse', 'HEAD')).trim();
    /** A saved plan of the change to `pushed`, as if made at a commit this clone does not have (a pull request's merge ref). */
    const planAtUnknownCommit = async (description: string) => {
      await write('pushed', description);
      await commitAll(dir, description);
      expect((await cli(['plan', '--out', 'p.json'])).code).toBe(0);
      const saved = JSON.parse(await readFile(join(dir, 'p.json'), 'utf8'));
      await writeFile(join(dir, 'p.json'), JSON.stringify({ ...saved, git: { ...saved.git, sha: 'e'.repeat(40) } }));
    };

    await write('pushed', 'made now');
    await commitAll(dir, 'made now');
    expect(await apply(['apply', '--auto-approve'])).toContain(`[commit ${await head()}] [content sha256:`);

    // Planned before the change was committed: every file changed since the plan's commit is one it pushes.
    await write('pushed', 'planned, then committed');
    expect((await cli(['plan', '--out', 'p.json'])).code).toBe(0);
    await commitAll(dir, 'planned, then committed');
    expect(await apply(['apply', 'p.json'])).toContain(`[commit ${await head()}] [content sha256:`);

    // A file committed since that the plan does not push: no commit named.
    await write('pushed', 'planned');
    await commitAll(dir, 'planned');
    expect((await cli(['plan', '--out', 'p.json'])).code).toBe(0);
    await write('latency', 'changed after the plan');
    await commitAll(dir, 'latency: description');
    expect(await apply(['apply', 'p.json'])).not.toContain('[commit ');

    // git cannot compare the plan's commit with HEAD: the plan's `_library/` files decide.
    await planAtUnknownCommit('plan of an unknown commit');
    expect(await apply(['apply', 'p.json'])).toContain(`[commit ${await head()}] [content sha256:`);
    await planAtUnknownCommit('plan of an unknown commit, panel changed after it');
    await panel('cpu (after the plan)');
    await commitAll(dir, 'panel changed after the plan');
    expect(await apply(['apply', 'p.json'])).not.toContain('[commit ');

    // A plan made now from a panel's file edited and not committed: the edit is pushed, not the commit's text.
    await write('pushed', 'with a panel edit not committed');
    await commitAll(dir, 'with a panel edit not committed');
    await panel('cpu (not committed)');
    expect(await apply(['apply', '--auto-approve'])).not.toContain('[commit ');
  });

  // perf-55b: a saved plan with its own --include judged the files changed since twice (its selection, then the config's),
  // each with a `git diff` of its own; one answers both. The notes are the same: the files that selection reads and the
  // plan does not push, and those it leaves out, in a tree of its own and in a root ".".
  it("a saved --include plan applied after HEAD moved asks git once for both notes, in a tree of its own and in a root \".\"", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    for (const root of ['dashboards', '.']) {
      const dir = await makeWorkDir();
      const at = (path: string) => join(dir, root, path);
      const write = (path: string, value: unknown) => writeFile(at(path), `${JSON.stringify(value, null, 2)}\n`);
      for (const team of ['team-a', 'team-b']) await mkdir(at(team), { recursive: true });
      if (root === '.') await write('dashsync.config.json', { root: '.' });
      const packageJson = (version: string) => writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'dashboards', private: true, version }));
      await packageJson('1.0.0');
      await write('team-a/board.json', model(`a-${root.length}`));
      await write('team-b/board.json', model(`b-${root.length}`));
      await commitAll(dir, 'two teams');
      const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
      const first = await cli(['apply', '--auto-approve']);
      expect(first.code, first.stderr).toBe(0);
      await write('team-a/board.json', model(`a-${root.length}`, 'in the plan'));
      await commitAll(dir, 'team-a: description');
      const planFile = join(await makeWorkDir(), 'plan.json');
      const planned = await cli(['plan', '--include', 'team-a/**', '--out', planFile]);
      expect(planned.code, planned.stderr).toBe(0);
      await write('team-a/added.json', model(`added-${root.length}`));
      await write('team-b/board.json', model(`b-${root.length}`, 'changed after the plan'));
      await packageJson('1.0.1');
      await commitAll(dir, 'after the plan');

      const { result, calls } = await countGitCalls(() => cli(['apply', '--auto-approve', planFile]));

      expect(result.code, result.stderr).toBe(0);
      const shown = root === '.' ? '' : 'dashboards/';
      expect(result.stderr).toBe(
        `note: 1 file changed since this plan was made that it does not push (${shown}team-a/added.json): dashsync plan --include 'team-a/**' again to deploy it\n` +
          `note: 1 file changed since this plan was made outside its --include (${shown}team-b/board.json): dashsync plan to deploy it\n`,
      );
      expect(calls.filter((call) => / --name-only -z [0-9a-f]{40} HEAD /.test(call)), root).toHaveLength(1);
    }
  });

  // pull-49: the commit a push names is HEAD's, which the run's own read of the commit (readGitInfo) has read where no
  // GITHUB_SHA names another: no git process of its own for it (one more on main). With GITHUB_SHA, HEAD is read apart.
  // Creates only here; a plan with updates takes HEAD from that same read too (pull-50: test/e2e/plan/plan-head-read-once.test.ts).
  it('reads HEAD for the notes once per apply: with the commit read for the message, apart only where GITHUB_SHA names one', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const write = (uid: string) => writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid), null, 2)}\n`);
    await write('first');
    await commitAll(dir, 'first');
    const before = (await git(dir, 'rev-parse', 'HEAD')).trim();
    await write('second');
    await commitAll(dir, 'second');
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
    const apply = (env: Record<string, string>) =>
      countGitCalls(() => runCliInProcess(['apply', '--auto-approve'], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...env } }));
    const headReads = (calls: string[]) => calls.filter((call) => call.includes('HEAD^{commit}'));
    const message = async (uid: string) => (await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}/versions/1`)).body.message as string;

    const local = await apply({});
    expect(local.result.code, local.result.stderr).toBe(0);
    expect(headReads(local.calls)).toEqual([]);
    expect(await message('second')).toContain(`[commit ${head}] [content sha256:`);

    await write('third');
    await commitAll(dir, 'third');
    const third = (await git(dir, 'rev-parse', 'HEAD')).trim();
    const onRunner = await apply({ GITHUB_SHA: before });
    expect(onRunner.result.code, onRunner.result.stderr).toBe(0);
    expect(headReads(onRunner.calls)).toHaveLength(1);
    expect(await message('third')).toContain(`[commit ${third}] [content sha256:`);
  });
});
