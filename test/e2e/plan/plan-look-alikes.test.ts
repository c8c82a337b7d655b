import { mkdir, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { dashsync, lines, writeJson } from './plan-fixture.js';

/**
 * audit-ux-2 #12, #25, #6: files the tree does not read though they look like its own are named by
 * check and plan; `_Folder.json` is an error, not a dashboard; what prune's `folders` scope keeps at
 * the General level is said.
 */
const OPS = deriveFolderUid('ops');
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

describe('files the tree does not read', () => {
  it('check and plan --prune name each look-alike; the folder of a directory left holding only one is said to hold no dashboard file; the General level is said', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/ops/upper.json', board('up1', 'Upper'));
    await writeJson(dir, 'dashboards/home.json', board('home', 'Home'));
    await writeJson(dir, 'dashboards/top.json', board('top', 'Top'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    await commitAll(dir, 'the tree');
    await rename(join(dir, 'dashboards/ops/upper.json'), join(dir, 'dashboards/ops/UPPER.JSON'));
    await rename(join(dir, 'dashboards/top.json'), join(dir, 'dashboards/.top.json'));
    await writeJson(dir, 'dashboards/_folder.json', { uid: 'rootf', title: 'RootFolder' });

    const check = await dashsync(handle, dir, ['check']);
    expect(check.code).toBe(0);
    expect(check.stdout + check.stderr).toContain('dashboards/ops/UPPER.JSON: warning: not read as a dashboard (only files ending in lower-case .json are); rename it if it is one (file-ignored)');
    expect(check.stdout + check.stderr).toContain('dashboards/.top.json: warning: not read as a dashboard (a file whose name starts with a dot is skipped); rename it if it is one (file-ignored)');
    expect(check.stdout + check.stderr).toContain(
      'dashboards/_folder.json: warning: not read: a _folder.json in the root names no folder (the root is the General level); remove it, or make the root the directory above (folder-file-root)',
    );
    expect(check.stdout + check.stderr).toMatch(/check: 1 dashboard, 0 errors, 4 warnings/);

    const plan = await dashsync(handle, dir, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      `- folder-delete folder "ops" (uid ${OPS}); its directory ops holds no dashboard file and it will be empty`,
      '- delete        "Upper" (uid up1, live version 1) in "ops"; no file in the tree (backed up before delete)',
      '',
      'Warnings:',
      '  ! 1 not pruned (at the General level, which --prune folders never deletes; --prune all deletes those no other tool owns): top "Top"',
      '  ! dashboards/.top.json: not read as a dashboard (a file whose name starts with a dot is skipped); rename it if it is one (file-ignored)',
      '  ! dashboards/_folder.json: not read: a _folder.json in the root names no folder (the root is the General level); remove it, or make the root the directory above (folder-file-root)',
      '  ! dashboards/ops/UPPER.JSON: not read as a dashboard (only files ending in lower-case .json are); rename it if it is one (file-ignored)',
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 1 to delete, 1 unchanged, 1 not pruned (at the General level; see the warning). Folders: 1 to delete.',
    ]);
    expect(plan.code).toBe(2);
    expect(JSON.parse((await dashsync(handle, dir, ['plan', '--prune', '--format', 'json'])).stdout).summary.generalLevel).toBe(1);
  });

  // walk-through 19 F-4: a symlinked directory was skipped without a word, and prune planned to delete its dashboards.
  it('a symlinked directory is named, and prune keeps the dashboards its files name', async () => {
    const { handle, dir } = await teamWithLinkedCheckout();
    // review-52 F3: the count is of files that name a uid, not of `.json` paths (other tools' files name none).
    await writeFile(join(dir, 'shared/renovate.json'), '{"extends":["config:recommended"]}\n');
    await writeFile(join(dir, 'shared/package.json'), '{"name":"shared"}\n');
    const target = await realpath(join(dir, 'shared'));
    // stop-52 §12.5: check without prune reads nothing below the link (it said "prune keeps…" from a walk of it on every run).
    const check = await dashsync(handle, dir, ['check']);
    expect([check.code, check.stdout.split('\n').filter((line) => line.includes('symlink-dir'))]).toEqual([0, [
      `dashboards/team/linkdir: warning: not read: a symlink to a directory (${target}); dashsync does not follow directory links (this run does not prune, so nothing below it is read; a prune reads the uid of each file below it and keeps the dashboards they name): copy the files in, or make it a git submodule (symlink-dir)`,
    ]]);
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'folders', '--detailed-exitcode']);
    expect(plan.stdout).not.toMatch(/^- (folder-)?delete/m);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    expect(plan.stdout).toContain(`  ! dashboards/team/linkdir: not read: a symlink to a directory (${target}); dashsync does not follow directory links (prune keeps the dashboard its 1 file names, but nothing is planned from it): copy the files in, or make it a git submodule (symlink-dir)`);
    expect(plan.code).toBe(0);
  });

  // tree-54 / mend-54: an include naming a path inside a directory link walked through it: its files were planned (a
  // folder "linkdir" created, the dashboard moved into it) and pruned against as the tree's.
  it('an include that names a path inside a directory link plans nothing behind it; alone, it selects nothing and sends nothing', async () => {
    const { handle, dir } = await teamWithLinkedCheckout();
    const target = await realpath(join(dir, 'shared'));
    const include = ['--include', 'team/linkdir/**', '--include', 'team/own.json'];
    const check = await dashsync(handle, dir, ['check', ...include]);
    expect(check.code).toBe(0);
    expect(check.stdout + check.stderr).toContain('check: 1 dashboard, 1 folder');
    expect(check.stdout).toContain(`dashboards/team/linkdir: warning: not read: a symlink to a directory (${target}); dashsync does not follow directory links`);
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'all', '--detailed-exitcode', ...include]);
    expect(plan.stdout).not.toMatch(/^[+~>-] /m);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    expect(plan.stdout).toContain(`  ! dashboards/team/linkdir: not read: a symlink to a directory (${target}); dashsync does not follow directory links (prune keeps the dashboard its 1 file names, but nothing is planned from it)`);
    expect(plan.code).toBe(0);
    handle.clearRequests();
    const alone = await dashsync(handle, dir, ['plan', '--prune', 'all', '--include', 'team/linkdir/**']);
    expect([alone.code, handle.requests()]).toEqual([1, []]);
    expect(alone.stderr).toContain(
      'error: --include team/linkdir/** selects no dashboard or library panel file below dashboards (only files behind the directory link team/linkdir, which dashsync does not follow: copy the files in, or make it a git submodule)',
    );
  });

  // stop-52 §12.5: a link to `..` protected nothing behind it, and a file behind a link that named no uid passed silently: prune deleted their dashboards.
  it('a prune stops, sending nothing, on a link to the root or above and on a file behind a link that names no uid', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/team/own.json', board('own', 'Own'));
    await writeJson(dir, 'dashboards/team/cpu.json', board('cpu', 'CPU'));
    await writeJson(dir, 'dashboards/team/mem.json', board('mem', 'Memory'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    // cpu.json moves beside the root, where only the link to ".." reaches it; mem.json behind a link, broken since.
    await rename(join(dir, 'dashboards/team/cpu.json'), join(dir, 'cpu.json'));
    await mkdir(join(dir, 'shared'));
    await rename(join(dir, 'dashboards/team/mem.json'), join(dir, 'shared/mem.json'));
    await writeFile(join(dir, 'shared/mem.json'), '{"uid": "mem", "title": "Memory",\n');
    await symlink('..', join(dir, 'dashboards/up'));
    await symlink(join(dir, 'shared'), join(dir, 'dashboards/team/shared'));
    handle.clearRequests();
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'all']);
    expect([plan.code, handle.requests()]).toEqual([1, []]);
    expect(plan.stderr).toContain('dashboards/team/shared/mem.json:2:1: error: behind the directory link dashboards/team/shared, yet prune needs the uid of every file of the tree, and this one names none (unexpected end of file (missing closing brace for the "{" at line 1, col 1)); fix it, or remove the link, or run without prune (prune-needs-uid)');
    expect(plan.stderr).toContain(`dashboards/up: error: a symlink to a directory (${await realpath(dir)}) that holds the dashboards root: dashsync does not walk it (it would read the whole tree again, and every directory beside it), so prune cannot tell which dashboards have a file behind it; remove the link, or point it at the directory it shares, or run without prune (prune-behind-link)`);
    // check of a config that prunes stops on them too; without prune, a plan goes on (nothing is deleted).
    await writeJson(dir, 'dashsync.config.json', { prune: 'all' });
    const check = await dashsync(handle, dir, ['check']);
    expect([check.code, check.stdout.match(/\((prune-needs-uid|prune-behind-link)\)$/gm)]).toEqual([1, ['(prune-needs-uid)', '(prune-behind-link)']]);
    const noPrune = await dashsync(handle, dir, ['plan', '--no-prune']);
    expect([noPrune.code, noPrune.stdout]).toEqual([0, expect.stringContaining('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.')]);
  });

  // tree-55: a GrafanaDashboard the selection leaves out lent prune its metadata.name as a uid, and the dashboard the operator
  // made (its model's uid) was deleted as one without a file; Terraform's file got "names none …; fix it".
  it('a prune stops, sending nothing, on a GrafanaDashboard or Terraform file the selection leaves out, naming the uid it holds', async () => {
    const { handle, dir } = await appliedBesideOwn('dashboards/peers/op-uid.json', 'op-uid', 'Operator');
    // The operator's custom resource now holds that dashboard (as a migration back from dashsync would leave it).
    await rm(join(dir, 'dashboards/peers/op-uid.json'));
    await writeJson(dir, 'dashboards/peers/op-dash.json', { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaDashboard', metadata: { name: 'op-dash' }, spec: { json: JSON.stringify(board('op-uid', 'Operator')) } });
    handle.clearRequests();
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'all', '--exclude', 'peers/**']);
    expect([plan.code, handle.requests()]).toEqual([1, []]);
    expect(plan.stderr).toContain(
      'dashboards/peers/op-dash.json:3:11: error: outside this run\'s selection (--exclude), yet prune needs the uid of every file of the tree, and this one holds its dashboard in another tool\'s form (this is a grafana-operator GrafanaDashboard: ' +
        'its dashboard is the string in spec.json (or behind spec.url, spec.configMapRef): write that model to its own .json file keeping its "uid": "op-uid" (the uid the operator gave it in Grafana), and delete the custom resource before dashsync applies (the operator would write its copy back)); take its dashboard over first, or run without prune (prune-needs-uid)',
    );
    await rm(join(dir, 'dashboards/peers/op-dash.json'));
    await writeJson(dir, 'dashboards/peers/main.tf.json', { resource: { grafana_dashboard: { op: { config_json: JSON.stringify(board('op-uid', 'Operator')) } } } });
    const terraform = await dashsync(handle, dir, ['plan', '--prune', 'all', '--exclude', 'peers/**']);
    expect([terraform.code, handle.requests()]).toEqual([1, []]);
    expect(terraform.stderr).toContain('and this one holds its dashboard in another tool\'s form (this is Terraform\'s JSON configuration, not a dashboard: grafana_dashboard.op holds dashboard op-uid in config_json; dashsync pull op-uid writes it');
  });

  // stop-52 §12.5: `_library/` behind a directory link was not read, and prune deleted its library panels.
  it('prune keeps the library panels whose files are behind a directory link', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/team/own.json', board('own', 'Own'));
    await writeJson(dir, 'dashboards/team/_library/cpu.json', { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU' } });
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    await mkdir(join(dir, 'shared'));
    await rename(join(dir, 'dashboards/team/_library'), join(dir, 'shared/_library'));
    await symlink(join(dir, 'shared'), join(dir, 'dashboards/team/shared'));
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'all', '--format', 'json']);
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout) as { dashboards: { action: string }[]; libraryPanels: { action: string; uid: string }[] };
    expect([planned.dashboards.map((d) => d.action), planned.libraryPanels.map((panel) => [panel.action, panel.uid])]).toEqual([['noop'], []]);
  });

  // stop-52 §12.5: a tool file's name with a syntax error was Turborepo's config, whatever it held: a dashboard pulled as
  // turbo.json that broke since was skipped with a warning, and prune planned its dashboard's delete.
  it('a tool file name that is no JSON is a broken dashboard when it holds a dashboard\'s keys (a prune stops); else where it breaks is said', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/turbo.json', board('turbo', 'Turbo'));
    await writeJson(dir, 'dashboards/own.json', board('own', 'Own'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    await writeFile(join(dir, 'dashboards/turbo.json'), '{\n  "uid": "turbo",\n  "title": "Turbo"\n  "panels": [],\n  "schemaVersion": 39\n}\n');
    await writeFile(join(dir, 'dashboards/renovate.json'), '{\n  "extends": ["config:recommended"\n}\n');
    handle.clearRequests();
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'all']);
    expect([plan.code, plan.stdout, handle.requests()]).toEqual([1, '', []]);
    expect(plan.stderr).toContain('dashboards/turbo.json:4:3: error: expected a comma or closing brace (json-syntax)');
    const check = await dashsync(handle, dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n').filter((line) => /^dashboards\/(turbo|renovate)/.test(line))).toEqual([
      "dashboards/renovate.json:3:1: warning: not read as a dashboard: renovate.json is Renovate's config, not a dashboard (and no JSON even with comments allowed: expected a comma or closing bracket here); dashsync never writes it (check --fix included): to silence this, move it out of the dashboards root or add it to \"exclude\" in the config file (not-a-dashboard)",
      'dashboards/turbo.json:4:3: error: expected a comma or closing brace (json-syntax)',
    ]);
  });

  // stop-52 §12.5: a saved plan in a `"root": "."` tree (the Action's dashsync-plan.json) made every later plan and check warn of it.
  it('dashsync\'s own plan file in a root "." tree is read as nothing and said nowhere', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashsync.config.json', { root: '.' });
    await writeJson(dir, 'team/cpu.json', { panels: [], schemaVersion: 39, title: 'CPU', uid: 'cpu' });
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    // `plan --out` refuses a path inside the tree; the Action's download (and a redirect) put it there all the same.
    const saved = await dashsync(handle, dir, ['plan', '--format', 'json']);
    expect(saved.code).toBe(0);
    await writeFile(join(dir, 'plan.json'), saved.stdout);
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'all', '--detailed-exitcode']);
    expect([plan.code, plan.stderr, plan.stdout.includes('plan.json'), plan.stdout.includes('Warnings')]).toEqual([0, '', false, false]);
    const check = await dashsync(handle, dir, ['check']);
    expect([check.code, check.stdout, check.stderr]).toEqual([0, '', 'check: 1 dashboard, 1 folder, 0 errors, 0 warnings\n']);
  });

  it('_Folder.json (a case typo) is an error naming _folder.json, never a dashboard: check fails and plan sends nothing', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/platform/_Folder.json', { uid: 'platform-team', title: 'Platform Team' });
    await writeJson(dir, 'dashboards/platform/db.json', board('db', 'DB'));

    const check = await dashsync(handle, dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toContain(
      'dashboards/platform/_Folder.json: error: did you mean _folder.json? Only a file named exactly _folder.json names its directory\'s folder, and this one is read as nothing; rename it (folder-file-name)',
    );
    expect(check.stdout + check.stderr).toMatch(/1 dashboard, 1 folder, 1 error/);
    handle.clearRequests();
    const plan = await dashsync(handle, dir, ['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('dashboards/platform/_Folder.json: error: did you mean _folder.json?');
    expect(handle.requests()).toEqual([]);
  });
});

/** A sandbox (Grafana 12) and a workspace where dashboards/team/own.json and one other dashboard file are applied. */
async function appliedBesideOwn(file: string, uid: string, title: string) {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await emptyWorkspace();
  await writeJson(dir, file, board(uid, title));
  await writeJson(dir, 'dashboards/team/own.json', board('own', 'Own'));
  expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
  return { handle, dir };
}

/**
 * Applies team/linked.json and team/own.json, then moves linked.json to a shared checkout beside the root and links
 * that checkout in as dashboards/team/linkdir: the file now lives outside the root, behind a directory link.
 */
async function teamWithLinkedCheckout() {
  const { handle, dir } = await appliedBesideOwn('dashboards/team/linked.json', 'linked', 'Linked');
  await mkdir(join(dir, 'shared'));
  await rename(join(dir, 'dashboards/team/linked.json'), join(dir, 'shared/linked.json'));
  await symlink(join(dir, 'shared'), join(dir, 'dashboards/team/linkdir'));
  return { handle, dir };
}
