import { mkdir, realpath, rename, symlink, writeFile } from 'node:fs/promises';
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
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/team/linked.json', board('linked', 'Linked'));
    await writeJson(dir, 'dashboards/team/own.json', board('own', 'Own'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    // The team links a shared checkout in: the file now lives outside the root, behind a directory link.
    await mkdir(join(dir, 'shared'));
    await rename(join(dir, 'dashboards/team/linked.json'), join(dir, 'shared/linked.json'));
    await symlink(join(dir, 'shared'), join(dir, 'dashboards/team/linkdir'));
    // review-52 F3: the count is of files that name a uid, not of `.json` paths; a link to a directory holding the root is not walked.
    await writeFile(join(dir, 'shared/notes.json'), '{"note":"not a dashboard"}\n');
    await writeFile(join(dir, 'shared/package.json'), '{"name":"shared"}\n');
    await symlink(dir, join(dir, 'dashboards/up'));
    const said = `dashboards/team/linkdir: warning: not read: a symlink to a directory (${await realpath(join(dir, 'shared'))}); dashsync does not follow directory links (prune keeps the dashboard its 1 file names, but nothing is planned from it): copy the files in, or make it a git submodule (symlink-dir)`;
    const up = `dashboards/up: warning: not read: a symlink to a directory (${await realpath(dir)}); dashsync does not follow directory links (it holds the dashboards root, so nothing below it is read through it): copy the files in, or make it a git submodule (symlink-dir)`;
    const check = await dashsync(handle, dir, ['check']);
    expect([check.code, check.stdout.split('\n').filter((line) => line.includes('symlink-dir'))]).toEqual([0, [said, up]]);
    const plan = await dashsync(handle, dir, ['plan', '--prune', 'folders', '--detailed-exitcode']);
    expect(plan.stdout).not.toMatch(/^- (folder-)?delete/m);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    expect(plan.stdout).toContain(`  ! ${said.replace(': warning:', ':')}`);
    expect(plan.code).toBe(0);
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
