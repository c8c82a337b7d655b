import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { commitAll } from '../pull/pull-fixture.js';
import { dashboard, makeTempTree, type TempTree } from '../unit/files/make-tree.js';

// audit-ux-20 M-3, L-7: the hook runs on every commit (always_run); a deletion never reaches it as a file name.
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' });

const PANEL = { uid: 'lp-req', name: 'Requests', kind: 1, model: { type: 'timeseries', title: 'Requests' } };
const USES_PANEL = dashboard('cpu', 'CPU', { panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-req', name: 'Requests' } }] });

describe('check --pre-commit: what the hook sees of a commit', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('a commit that deletes a library panel file a dashboard uses: the whole tree is checked, and fails, naming why', async () => {
    tree = await makeTempTree({ 'dashboards/platform/_library/requests.json': PANEL, 'dashboards/platform/cpu.json': USES_PANEL });
    await commitAll(tree.dir, 'tree');
    git(tree.dir, 'rm', '-q', 'dashboards/platform/_library/requests.json');

    // pre-commit passes no file: the deleted one does not exist.
    const hook = await runCli(['check', '--pre-commit'], { cwd: tree.dir });
    expect(hook.code).toBe(1);
    expect(hook.stdout).toMatch(/^dashboards\/platform\/cpu\.json:\d+:\d+: error: uses library panel "lp-req", whose file dashboards\/platform\/_library\/requests\.json this commit removes: keep it/m);
    expect(hook.stderr.split('\n').slice(0, 2)).toEqual([
      'note: this commit removes dashboards/platform/_library/requests.json from the tree: the whole tree is checked, as files that used it may fail now',
      expect.stringMatching(/^check: 1 dashboard, 1 folder, 1 error, /),
    ]);
  });

  it('--fix with a staged removal checks the whole tree but rewrites only the staged files (review-53b R3)', async () => {
    const minified = JSON.stringify(dashboard('team', 'Team'));
    tree = await makeTempTree({
      'dashboards/platform/_library/requests.json': PANEL,
      'dashboards/platform/_library/unused.json': { ...PANEL, uid: 'lp-unused', name: 'Unused' },
      'dashboards/platform/cpu.json': USES_PANEL,
      'dashboards/other/team.json': minified,
      'dashboards/other/nouid.json': { title: 'No uid', panels: [] },
    });
    await commitAll(tree.dir, 'tree');
    git(tree.dir, 'rm', '-q', 'dashboards/platform/_library/requests.json');

    const hook = await runCli(['check', '--pre-commit', '--fix'], { cwd: tree.dir });
    // The whole tree is still checked: cpu.json used the removed panel.
    expect(hook.code).toBe(1);
    expect(hook.stdout).toMatch(/^dashboards\/platform\/cpu\.json:\d+:\d+: error: uses library panel "lp-req", whose file dashboards\/platform\/_library\/requests\.json this commit removes: keep it/m);
    expect(hook.stderr).toContain(
      'note: this commit removes dashboards/platform/_library/requests.json from the tree: the whole tree is checked, as files that used it may fail now; --fix rewrites only the staged files\n',
    );
    expect(hook.stderr).not.toContain('fixed ');
    // Files the commit never touched are byte-identical, and git sees nothing changed but the removal.
    expect(readFileSync(join(tree.dir, 'dashboards/other/team.json'), 'utf8')).toBe(minified);
    expect(git(tree.dir, 'status', '--short').toString()).toBe('D  dashboards/platform/_library/requests.json\n');
  });

  // fixo-72 left: an error check --fix repairs in a file the commit does not stage (the whole tree is checked for a staged
  // removal) was not in the note, which said to add args: [--fix] and commit again: that rewrites only the staged files.
  it('an error check --fix repairs, in a file the commit does not stage: the note names the file and the check --fix that repairs it', async () => {
    // Canonical, as check --fix writes them: the one finding check --fix mends is the missing uid.
    tree = await makeTempTree({
      'dashboards/platform/_library/requests.json': canonicalJson(PANEL),
      'dashboards/platform/_library/unused.json': canonicalJson({ ...PANEL, uid: 'lp-unused', name: 'Unused' }),
      'dashboards/platform/cpu.json': canonicalJson(USES_PANEL),
      'dashboards/other/no uid.json': canonicalJson({ title: 'No uid', panels: [] }),
    });
    await commitAll(tree.dir, 'tree');
    git(tree.dir, 'rm', '-q', 'dashboards/platform/_library/unused.json');

    const hook = await runCli(['check', '--pre-commit'], { cwd: tree.dir });
    expect(hook.code).toBe(1);
    expect(hook.stdout).toMatch(/^dashboards\/other\/no uid\.json:\d+:\d+: error: .*run `dashsync check --fix` to add a stable one \(uid-missing\)$/m);
    expect(hook.stderr.split('\n').at(-2)).toBe(
      "note: this hook's dashsync is not on PATH (it lives in pre-commit's environment): the errors above that check --fix mends are in dashboards/other/no uid.json, which a commit does not rewrite: " +
        "add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and run pre-commit run dashsync-check --files 'dashboards/other/no uid.json' (it rewrites them and fails once: review, stage and commit them), " +
        "or run dashsync check --fix 'dashboards/other/no uid.json' where dashsync is installed; dashsync pull talks to Grafana: run it where dashsync is installed (README: Install)",
    );
    // The hook's own --fix leaves it (not staged), and says the same run.
    const fixing = await runCli(['check', '--pre-commit', '--fix'], { cwd: tree.dir });
    expect(fixing.code).toBe(1);
    expect(fixing.stderr).toContain(
      "--fix rewrote only the staged files: for the errors above that check --fix mends in dashboards/other/no uid.json, run pre-commit run dashsync-check --files 'dashboards/other/no uid.json', then review, stage and commit them",
    );

    // The command as the note gives it repairs the file; the hook then passes.
    const repaired = await runCli(['check', '--fix', 'dashboards/other/no uid.json'], { cwd: tree.dir });
    expect(repaired.stderr).toContain('fixed dashboards/other/no uid.json');
    const again = await runCli(['check', '--pre-commit'], { cwd: tree.dir });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toContain('no uid.json');
  });

  it('--fix on a commit that stages dashsync.config.json and removes a _library/ panel: the whole tree is checked, and only the staged dashboard is rewritten', async () => {
    const minified = JSON.stringify(dashboard('team', 'Team'));
    const staged = JSON.stringify(dashboard('ops', 'Ops'));
    tree = await makeTempTree({
      'dashsync.config.json': JSON.stringify({ root: 'dashboards' }),
      'dashboards/platform/_library/requests.json': PANEL,
      'dashboards/platform/cpu.json': USES_PANEL,
      'dashboards/other/team.json': minified,
      'dashboards/other/nouid.json': { title: 'No uid', panels: [] },
      'dashboards/other/ops.json': staged,
    });
    await commitAll(tree.dir, 'tree');
    git(tree.dir, 'rm', '-q', 'dashboards/platform/_library/requests.json');
    await tree.write({ 'dashsync.config.json': JSON.stringify({ root: 'dashboards', maxDeletes: 3 }), 'dashboards/other/ops.json': `${staged} ` });
    git(tree.dir, 'add', 'dashsync.config.json', 'dashboards/other/ops.json');

    // pre-commit passes the staged files: the config file and the one dashboard.
    const hook = await runCli(['check', '--pre-commit', '--fix', 'dashsync.config.json', 'dashboards/other/ops.json'], { cwd: tree.dir });
    expect(hook.code).toBe(1);
    expect(hook.stdout).toMatch(/^dashboards\/platform\/cpu\.json:\d+:\d+: error: uses library panel "lp-req", whose file dashboards\/platform\/_library\/requests\.json this commit removes: keep it/m);
    expect(hook.stderr).toContain('--fix rewrites only the staged files\n');
    expect(hook.stderr).toContain('fixed dashboards/other/ops.json: ');
    expect(hook.stderr).not.toMatch(/fixed dashboards\/(other\/(team|nouid)|platform)/);
    // The files the commit never touched are as they were; the config file is never rewritten.
    expect(readFileSync(join(tree.dir, 'dashboards/other/team.json'), 'utf8')).toBe(minified);
    expect(JSON.parse(readFileSync(join(tree.dir, 'dashboards/other/nouid.json'), 'utf8'))).toEqual({ title: 'No uid', panels: [] });
    expect(readFileSync(join(tree.dir, 'dashsync.config.json'), 'utf8')).toBe(JSON.stringify({ root: 'dashboards', maxDeletes: 3 }));
    expect(git(tree.dir, 'status', '--short').toString().split('\n').filter(Boolean).sort()).toEqual(['D  dashboards/platform/_library/requests.json', 'M  dashsync.config.json', 'MM dashboards/other/ops.json']);
  });

  it('a move of the panel file out of _library/ counts as its removal too', async () => {
    tree = await makeTempTree({ 'dashboards/platform/_library/requests.json': PANEL, 'dashboards/platform/cpu.json': USES_PANEL });
    await commitAll(tree.dir, 'tree');
    git(tree.dir, 'mv', 'dashboards/platform/_library/requests.json', 'dashboards/platform/requests.json');

    const hook = await runCli(['check', '--pre-commit', 'dashboards/platform/requests.json'], { cwd: tree.dir });
    expect(hook.code).toBe(1);
    expect(hook.stdout).toContain('dashboards/platform/cpu.json');
    expect(hook.stderr).toContain('note: this commit removes dashboards/platform/_library/requests.json (moved to dashboards/platform/requests.json) from the tree');
    expect(hook.stdout).toContain('this commit moves to dashboards/platform/requests.json, out of _library/: move it back (`git mv -- dashboards/platform/requests.json dashboards/platform/_library/requests.json`)');
  });

  it('a library panel moved to another folder\'s _library/ is said to move, not to be removed (walk-59 L5)', async () => {
    tree = await makeTempTree({ 'dashboards/platform/_library/requests.json': PANEL, 'dashboards/platform/cpu.json': USES_PANEL, 'dashboards/sre/other.json': dashboard('other', 'Other') });
    await commitAll(tree.dir, 'tree');
    mkdirSync(join(tree.dir, 'dashboards/sre/_library'));
    git(tree.dir, 'mv', 'dashboards/platform/_library/requests.json', 'dashboards/sre/_library/requests.json');

    const hook = await runCli(['check', '--pre-commit', 'dashboards/sre/_library/requests.json'], { cwd: tree.dir });
    expect(hook.code).toBe(0);
    expect(hook.stdout).not.toContain(': error: ');
    expect(hook.stderr.split('\n')[0]).toBe(
      'note: this commit moves dashboards/platform/_library/requests.json to dashboards/sre/_library/requests.json: the whole tree is checked, as files that used it may fail now',
    );
  });

  it('a panel moved and rewritten past git\'s rename detection is still a move: an added _library/ file holds its uid', async () => {
    tree = await makeTempTree({ 'dashboards/platform/_library/requests.json': PANEL, 'dashboards/platform/cpu.json': USES_PANEL, 'dashboards/sre/other.json': dashboard('other', 'Other') });
    await commitAll(tree.dir, 'tree');
    git(tree.dir, 'rm', '-q', 'dashboards/platform/_library/requests.json');
    const rewritten = { ...PANEL, description: 'Requests per second by route, status and cluster, summed over every pod of the service', model: { type: 'stat', title: 'Requests per second', options: { colorMode: 'background', graphMode: 'area', textMode: 'value_and_name' } } };
    await tree.write({ 'dashboards/sre/_library/requests-per-second.json': rewritten });
    git(tree.dir, 'add', 'dashboards/sre/_library/requests-per-second.json');
    expect(git(tree.dir, 'diff', '--cached', '-M', '--name-status').toString()).toMatch(/^D\t/m);

    const hook = await runCli(['check', '--pre-commit', 'dashboards/sre/_library/requests-per-second.json'], { cwd: tree.dir });
    expect(hook.code).toBe(0);
    expect(hook.stderr.split('\n')[0]).toBe(
      'note: this commit moves dashboards/platform/_library/requests.json to dashboards/sre/_library/requests-per-second.json: the whole tree is checked, as files that used it may fail now',
    );
  });

  it('a deliberate removal of a panel still used: the error says how to keep the file, or to drop its use, not to add it (walk-59 L6)', async () => {
    tree = await makeTempTree({
      'dashboards/platform/_library/requests.json': PANEL,
      'dashboards/platform/_library/errors.json': { ...PANEL, uid: 'lp-err', name: 'Errors' },
      'dashboards/platform/cpu.json': USES_PANEL,
      'dashboards/platform/errors.json': dashboard('errs', 'Errors', { panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-err', name: 'Errors' } }] }),
    });
    await commitAll(tree.dir, 'tree');
    git(tree.dir, 'rm', '-q', 'dashboards/platform/_library/requests.json');
    git(tree.dir, 'mv', 'dashboards/platform/_library/errors.json', 'dashboards/platform/errors-panel.json');

    const hook = await runCli(['check', '--pre-commit', 'dashboards/platform/errors-panel.json'], { cwd: tree.dir });
    expect(hook.code).toBe(1);
    expect(hook.stderr.split('\n')[0]).toBe(
      'note: this commit removes dashboards/platform/_library/requests.json, dashboards/platform/_library/errors.json (moved to dashboards/platform/errors-panel.json) from the tree: the whole tree is checked, as files that used them may fail now',
    );
    const lines = hook.stdout.split('\n');
    expect(lines).toContain(
      'dashboards/platform/cpu.json:13:23: error: uses library panel "lp-req", whose file dashboards/platform/_library/requests.json this commit removes: keep it (`git restore --staged --worktree -- dashboards/platform/_library/requests.json`), or remove its use from this dashboard (library-panel-missing)',
    );
    expect(lines).toContain(
      'dashboards/platform/errors.json:13:23: error: uses library panel "lp-err", whose file dashboards/platform/_library/errors.json this commit moves to dashboards/platform/errors-panel.json, out of _library/: move it back (`git mv -- dashboards/platform/errors-panel.json dashboards/platform/_library/errors.json`), or remove its use from this dashboard (library-panel-missing)',
    );
    expect(hook.stdout).not.toContain('dashsync pull writes the ones Grafana has');

    // The advice, followed, makes the commit pass.
    git(tree.dir, 'restore', '--staged', '--worktree', '--', 'dashboards/platform/_library/requests.json');
    git(tree.dir, 'mv', '--', 'dashboards/platform/errors-panel.json', 'dashboards/platform/_library/errors.json');
    const again = await runCli(['check', '--pre-commit'], { cwd: tree.dir });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toContain('no uid.json');
  });

  it('a commit that stages no tree file and removes none reads nothing: 0 dashboards, exit 0, whatever the tree holds', async () => {
    tree = await makeTempTree({ 'dashboards/broken.json': '{"uid": "b",', 'README.md': 'x\n' });
    await commitAll(tree.dir, 'tree');
    await tree.write({ 'README.md': 'y\n' });
    git(tree.dir, 'add', 'README.md');

    const hook = await runCli(['check', '--pre-commit'], { cwd: tree.dir });
    expect([hook.code, hook.stdout, hook.stderr]).toEqual([0, '', 'check: 0 dashboards, 0 errors, 0 warnings\n']);
  });

  it('staged YAML (the hook passes it): a Git Sync dashboard resource gets the warning check gives it in the tree; other YAML, nothing', async () => {
    const resource = 'apiVersion: dashboard.grafana.app/v1beta1\nkind: Dashboard\nmetadata:\n  name: gitsync-latency\nspec:\n  title: Latency\n';
    tree = await makeTempTree({ 'dashboards/platform/a.json': dashboard('a', 'A'), 'dashboards/platform/latency.yaml': resource, 'dashboards/values.yaml': 'replicas: 2\n', '.github/workflows/ci.yml': 'on: push\n' });
    await commitAll(tree.dir, 'tree');

    const hook = await runCli(['check', '--pre-commit', 'dashboards/platform/latency.yaml', 'dashboards/values.yaml', '.github/workflows/ci.yml'], { cwd: tree.dir });
    expect(hook.stdout).toBe(
      'dashboards/platform/latency.yaml: warning: not read: a YAML Dashboard resource (uid "gitsync-latency"); dashsync reads only .json: convert it (for example `yq -o json`) or it is not in the tree; meanwhile prune leaves the dashboards it names alone (yaml-resource)\n',
    );
    expect(hook.code).toBe(0);
  });

  // nl-62: whole-tree check read git's index for names a case-insensitive checkout made one (nl-61b); the hook's listed files did not.
  it('a staged file that git\'s index holds beside a name differing only in case, the checkout one file: the line whole-tree check says; another file, none', async () => {
    tree = await makeTempTree({ 'dashboards/team/cpu.json': dashboard('cpu-lower', 'CPU'), 'dashboards/team/CPU.json': dashboard('cpu-upper', 'CPU upper'), 'dashboards/other/x.json': dashboard('x', 'X') });
    await commitAll(tree.dir, 'tree');
    // As a case-insensitive checkout leaves it: one file for both names (here the other name is simply not on disk).
    rmSync(join(tree.dir, 'dashboards/team/CPU.json'));
    writeFileSync(join(tree.dir, 'dashboards/team/cpu.json'), `${JSON.stringify({ panels: [], title: 'CPU (edited)', uid: 'cpu-lower' }, null, 2)}\n`);
    git(tree.dir, 'add', 'dashboards/team/cpu.json');

    const whole = await runCli(['check'], { cwd: tree.dir });
    const line = whole.stdout.split('\n').find((found) => found.endsWith('(file-name-case)'));
    expect(line).toMatch(/^dashboards\/team\/cpu\.json: warning: git's index holds dashboards\/team\/CPU\.json and dashboards\/team\/cpu\.json, which differ only in case, /);
    const hook = await runCli(['check', '--pre-commit', 'dashboards/team/cpu.json'], { cwd: tree.dir });
    expect([hook.code, hook.stdout]).toEqual([0, `${line}\n`]);
    expect((await runCli(['check', '--pre-commit', 'dashboards/other/x.json'], { cwd: tree.dir })).stdout).not.toContain('(file-name-case)');
  });

  // walk-70: a commit that renames a library panel stages its _library/ file alone. The dashboards that use the panel keep the
  // old name, which the hook did not report (it checks the staged files), and which its --fix could not rewrite (not staged).
  it('a library panel renamed alone: the hook reports the stale names in files the commit does not stage, and --fix says it rewrote only the staged ones', async () => {
    tree = await makeTempTree({ 'dashboards/platform/_library/requests.json': PANEL, 'dashboards/platform/cpu.json': USES_PANEL, 'dashboards/platform/other.json': dashboard('other', 'Other') });
    await commitAll(tree.dir, 'tree');
    const before = readFileSync(join(tree.dir, 'dashboards/platform/cpu.json'), 'utf8');
    // Written as check --fix writes it: the staged file holds nothing check --fix rewrites, its users' names are all.
    writeFileSync(join(tree.dir, 'dashboards/platform/_library/requests.json'), canonicalJson({ ...PANEL, name: 'Requests (API)' }));
    git(tree.dir, 'add', 'dashboards/platform/_library/requests.json');
    const stale = /^dashboards\/platform\/cpu\.json:\d+:\d+: warning: library panel "lp-req" is named "Requests \(API\)" \(dashboards\/platform\/_library\/requests\.json\), not "Requests": .* \(library-panel-name-stale\)$/m;

    const hook = await runCli(['check', '--pre-commit', 'dashboards/platform/_library/requests.json'], { cwd: tree.dir });
    expect(hook.code).toBe(0);
    expect(hook.stdout).toMatch(stale);
    // Only the stale names of the staged panel's users: nothing else of the files the commit leaves alone.
    expect(hook.stdout).not.toContain('other.json');
    // rev-71 L2: the summary counts the dashboard it shows a warning of, and the note gives the run that rewrites it (a
    // commit with args: [--fix] would rewrite only the staged panel).
    expect(hook.stderr).toBe(
      'check: 0 dashboards, 1 library panel, 1 unstaged dashboard using a staged library panel, 0 errors, 1 warning\n' +
        "note: this hook's dashsync is not on PATH (it lives in pre-commit's environment): the warnings above that check --fix rewrites are in dashboards/platform/cpu.json, which a commit does not rewrite: " +
        'add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and run pre-commit run dashsync-check --files dashboards/platform/cpu.json (it rewrites them and fails once: review, stage and commit them), ' +
        'or run dashsync check --fix dashboards/platform/cpu.json where dashsync is installed\n',
    );
    const json = JSON.parse((await runCli(['check', '--pre-commit', '--format', 'json', 'dashboards/platform/_library/requests.json'], { cwd: tree.dir })).stdout) as { files: Record<string, unknown> };
    expect(json.files).toMatchObject({ dashboards: 0, libraryPanels: 1, unstagedDashboards: 1, read: ['dashboards/platform/_library/requests.json', 'dashboards/platform/cpu.json'] });

    const fixing = await runCli(['check', '--pre-commit', '--fix', 'dashboards/platform/_library/requests.json'], { cwd: tree.dir });
    expect(fixing.code).toBe(0);
    expect(fixing.stdout).toMatch(stale);
    expect(fixing.stderr).toContain(
      '--fix rewrote only the staged files: for the warnings above that check --fix rewrites in dashboards/platform/cpu.json, run pre-commit run dashsync-check --files dashboards/platform/cpu.json, then review, stage and commit them',
    );
    expect(readFileSync(join(tree.dir, 'dashboards/platform/cpu.json'), 'utf8')).toBe(before);

    // The hook run on that file, as the note says, rewrites the name; the tree is then clean of it.
    const named = await runCli(['check', '--pre-commit', '--fix', 'dashboards/platform/cpu.json'], { cwd: tree.dir });
    expect(named.stderr).toContain('fixed dashboards/platform/cpu.json');
    expect((await runCli(['check'], { cwd: tree.dir })).stdout).not.toContain('library-panel-name-stale');
  });
});
