import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, git, makeWorkDir, saveDashboard, walkFiles } from '../../pull/pull-fixture.js';
import { lines } from './plan-fixture.js';

/** parent holds child and sib; p1, p2 in parent, s1 in sib, c1 in child (mend-audit-5-lows, stop 39). */
async function seedParentWithTwoChildren(handle: SandboxHandle): Promise<void> {
  await createFolder(handle, { uid: 'parent', title: 'Parent' });
  await createFolder(handle, { uid: 'child', title: 'Child', parentUid: 'parent' });
  await createFolder(handle, { uid: 'sib', title: 'Sib', parentUid: 'parent' });
  await saveDashboard(handle, { uid: 'p1', title: 'P1', panels: [] }, 'parent');
  await saveDashboard(handle, { uid: 'p2', title: 'P2', panels: [] }, 'parent');
  await saveDashboard(handle, { uid: 's1', title: 'S1', panels: [] }, 'sib');
  await saveDashboard(handle, { uid: 'c1', title: 'C1', panels: [] }, 'child');
}

/** A tree pulled from parent and committed, then parent's dashboards and sib removed and committed: git history held p1, p2 in parent, s1 in parent/sib. */
async function commitParentLeftWithChildOnly(handle: SandboxHandle): Promise<string> {
  const work = await makeWorkDir();
  expect((await dashsync(handle, work, ['pull', '--folder', 'parent'])).code).toBe(0);
  await commitAll(work, 'pulled parent');
  await rm(join(work, 'dashboards/parent/p1.json'));
  await rm(join(work, 'dashboards/parent/p2.json'));
  await rm(join(work, 'dashboards/parent/sib'), { recursive: true });
  await commitAll(work, 'parent keeps only child');
  return work;
}

const treeFiles = async (work: string) => (await walkFiles(join(work, 'dashboards'))).map((file) => file.path);
const planLine = (output: string) => lines(output).find((line) => line.startsWith('Plan:'));

describe.each(['12', '13'] as const)('a tree pulled from a nested folder, Grafana %s', (grafanaVersion) => {
  it('pull --folder child, committed: the parent\'s _folder.json says parentOnly; plan --prune folders keeps its dashboards, counted with a note (no warning); a refresh pull writes nothing of it or its other subfolder', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await seedParentWithTwoChildren(handle);
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull', '--folder', 'child']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(await treeFiles(work)).toEqual(['parent/_folder.json', 'parent/child/_folder.json', 'parent/child/c1.json']);
    expect(JSON.parse(await readFile(join(work, 'dashboards/parent/_folder.json'), 'utf8'))).toEqual({ uid: 'parent', title: 'Parent', parentOnly: true });
    expect(JSON.parse(await readFile(join(work, 'dashboards/parent/child/_folder.json'), 'utf8'))).toEqual({ uid: 'child', title: 'Child' });
    await commitAll(work, 'pulled child');

    const plan = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(lines(plan.stdout).filter((line) => /^- (folder-)?delete/.test(line))).toEqual([]);
    // Left out by the operator's word, never silently: counted, and the folder named in a note.
    expect(plan.stdout).not.toMatch(/^ *! /m);
    expect(lines(plan.stdout)).toContain(
      '  kept: 2 dashboards in folder "Parent" (parent), as that folder is held only as a parent ("parentOnly": true in its _folder.json): the dashboards directly in it are not this tree\'s. Remove "parentOnly" to prune them',
    );
    expect(planLine(plan.stdout)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged, 2 kept (in a folder this tree holds only as a parent; see the note).');
    const json = JSON.parse((await dashsync(handle, work, ['plan', '--prune', 'folders', '--format', 'json'])).stdout);
    expect(json.summary.parentOnly).toBe(2);
    expect(json.summary.notThisTree).toBeUndefined();
    expect(json.warnings.map((warning: { kind: string }) => warning.kind)).toEqual(['note']);
    const markdown = (await dashsync(handle, work, ['plan', '--prune', 'folders', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('2 kept (in a folder this tree holds only as a parent; see the note)');
    expect(markdown).toContain('kept: 2 dashboards in folder');

    const refresh = await dashsync(handle, work, ['pull', '--dry-run']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(lines(refresh.stdout)).toEqual([
      '3 dashboards in Grafana have no file in the tree (pull refreshes what the tree holds): p1 "P1", p2 "P2", s1 "S1". Pull with --all to write them, or --folder <uid> for one folder\'s. ' +
        'Not refreshed: folder "Parent" (parent), held only as a parent ("parentOnly": true in its _folder.json).',
      'Pull (dry run, nothing written): 0 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete.',
    ]);
    const written = await dashsync(handle, work, ['pull']);
    expect(written.code, written.stderr).toBe(0);
    expect(await treeFiles(work)).toEqual(['parent/_folder.json', 'parent/child/_folder.json', 'parent/child/c1.json']);
    expect(JSON.parse(await readFile(join(work, 'dashboards/parent/_folder.json'), 'utf8')).parentOnly).toBe(true);

    // Pulling the parent itself makes it the tree's: parentOnly goes, and its dashboards are written.
    const whole = await dashsync(handle, work, ['pull', '--folder', 'parent']);
    expect(whole.code, whole.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'dashboards/parent/_folder.json'), 'utf8'))).toEqual({ uid: 'parent', title: 'Parent' });
    expect(await treeFiles(work)).toContain('parent/p1.json');
  });

  it('without parentOnly (a tree written before it, or the operator removed it) and without git history, the parent is not pruned either, and the plan says why in its not-pruned line', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await seedParentWithTwoChildren(handle);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--folder', 'child'])).code).toBe(0);
    await writeFile(join(work, 'dashboards/parent/_folder.json'), '{"uid": "parent", "title": "Parent"}\n');

    const plan = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => /^- (folder-)?delete/.test(line))).toEqual([]);
    expect(lines(plan.stdout)).toContain(
      '  ! 2 dashboards in folder "Parent" (parent) not pruned, as its directory holds only subdirectories (and a _folder.json) and there is no git history here to show that it ever held a dashboard of this tree (a pull of a nested folder writes its parents\' directories so). If it is this tree\'s, commit the tree with a dashboard file in it, or run with --prune all (which prunes every dashboard without a file in the org that no other tool owns)',
    );
    expect(planLine(plan.stdout)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged, 2 not pruned (not known to be this tree\'s; see the warning).');
  });

  it('parentOnly on a directory that holds a dashboard file of its own is refused with the file named', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await seedParentWithTwoChildren(handle);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--folder', 'parent'])).code).toBe(0);
    await writeFile(join(work, 'dashboards/parent/_folder.json'), '{"uid": "parent", "title": "Parent", "parentOnly": true}\n');
    const plan = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toContain('"parentOnly": true says this tree holds folder "Parent" only as a parent, but dashboards/parent holds files of its own: remove "parentOnly" from _folder.json, or move those files');
  });

  it('in a shallow clone (actions/checkout depth 1) a parent only older commits show managed is counted, named, and fetch-depth: 0 is said; plan text, JSON and pull agree', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await seedParentWithTwoChildren(handle);
    const work = await commitParentLeftWithChildOnly(handle);
    await commitAll(work, 'later');
    const shallow = join(work, 'shallow');
    await git(work, 'clone', '-q', '--depth', '1', `file://${work}`, shallow);

    const plan = await dashsync(handle, shallow, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => /^- (folder-)?delete/.test(line))).toEqual([]);
    expect(lines(plan.stdout)).toContain(
      '  ! 2 dashboards in folder "Parent" (parent) not pruned, as its directory holds only subdirectories (and a _folder.json) and this clone\'s git history is shallow (only its newest commits), too short to show whether it ever held a dashboard of this tree ' +
        '(a pull of a nested folder writes its parents\' directories so). Fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and plan again: a full clone prunes what its history shows to be this tree\'s. ' +
        'If it is this tree\'s, commit the tree with a dashboard file in it, or run with --prune all (which prunes every dashboard without a file in the org that no other tool owns)',
    );
    expect(planLine(plan.stdout)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged, 2 not pruned (git history is shallow: fetch all of it to prune them; see the warning).');
    const json = JSON.parse((await dashsync(handle, shallow, ['plan', '--prune', 'folders', '--format', 'json'])).stdout);
    expect(json.summary.shallowHistory).toBe(2);
    expect(json.summary.notThisTree).toBeUndefined();
    // A script tells an incomplete plan by its kind, not by English text: the folder's warning and the plan-wide one.
    expect(json.warnings.filter((warning: { kind: string }) => warning.kind === 'shallow-history')).toHaveLength(2);
    expect(json.warnings.filter((warning: { kind: string }) => warning.kind === 'other')).toEqual([]);
    const markdown = (await dashsync(handle, shallow, ['plan', '--prune', 'folders', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('2 not pruned (git history is shallow: fetch all of it to prune them; see the warning)');

    const refresh = await dashsync(handle, shallow, ['pull', '--dry-run']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(lines(refresh.stdout)[0]).toBe(
      '3 dashboards in Grafana have no file in the tree (pull refreshes what the tree holds): p1 "P1", p2 "P2", s1 "S1". Pull with --all to write them, or --folder <uid> for one folder\'s. ' +
        'Not refreshed: folder "Parent" (parent), as its directory holds only subdirectories (and a _folder.json) and this clone\'s git history is shallow (only its newest commits), too short to show whether it ever held a dashboard of this tree: ' +
        'fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and pull again.',
    );

    // The same commit in a full clone deletes them.
    const full = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(lines(full.stdout).filter((line) => line.startsWith('- delete')).map((line) => line.replace(/ +/g, ' '))).toEqual([
      expect.stringMatching(/^- delete "P1" \(uid p1, /),
      expect.stringMatching(/^- delete "P2" \(uid p2, /),
      // sib: pulled and committed, then its directory removed: git held it below a managed parent (rule 5, walk-69 M1).
      expect.stringMatching(/^- delete "S1" \(uid s1, /),
    ]);
  });

  it('after a move of the whole tree (a monorepo reorganised), git history at the old place still shows the parent managed: plan deletes and pull writes as before', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await seedParentWithTwoChildren(handle);
    const work = await commitParentLeftWithChildOnly(handle);
    await mkdir(join(work, 'platform/grafana'), { recursive: true });
    await git(work, 'mv', 'dashboards', 'platform/grafana/dashboards');
    await commitAll(work, 'move the tree');
    const moved = join(work, 'platform/grafana');

    const plan = await dashsync(handle, moved, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => line.startsWith('- delete')).map((line) => line.replace(/ +/g, ' '))).toEqual([
      expect.stringMatching(/^- delete "P1" \(uid p1, /),
      expect.stringMatching(/^- delete "P2" \(uid p2, /),
      // sib: pulled and committed, then its directory removed: git held it below a managed parent (rule 5, walk-69 M1).
      expect.stringMatching(/^- delete "S1" \(uid s1, /),
    ]);
    expect(plan.stdout).not.toContain('not pruned');
    const refresh = await dashsync(handle, moved, ['pull', '--dry-run']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stdout).not.toContain('have no file in the tree');
  });

  it('after a git mv of one subdirectory within the tree, what git held in it before counts (no _folder.json: the uid of its folder derives from its new path): plan --prune folders deletes the dashboard without a file; a shallow clone counts it', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const work = await makeWorkDir();
    const tree = join(work, 'dashboards');
    await mkdir(join(tree, 'team-a/svc'), { recursive: true });
    await writeFile(join(tree, 'team-a/a1.json'), `${JSON.stringify({ uid: 'a1', title: 'A1', panels: [], schemaVersion: 39 })}\n`);
    await writeFile(join(tree, 'team-a/svc/s1.json'), `${JSON.stringify({ uid: 's1', title: 'S1', panels: [], schemaVersion: 39 })}\n`);
    await commitAll(work, 'team-a with a dashboard of its own');
    await rm(join(tree, 'team-a/a1.json'));
    await commitAll(work, 'a1 removed: team-a holds only svc');
    await mkdir(join(tree, 'platform'));
    await git(work, 'mv', 'dashboards/team-a', 'dashboards/platform/team-a');
    await commitAll(work, 'team-a moved below platform');
    const applied = await dashsync(handle, work, ['apply']);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    await saveDashboard(handle, { uid: 'x1', title: 'X1', panels: [] }, deriveFolderUid('platform/team-a'));

    const plan = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => line.startsWith('- delete')).map((line) => line.replace(/ +/g, ' '))).toEqual([expect.stringMatching(/^- delete "X1" \(uid x1, /)]);
    expect(plan.stdout).not.toContain('not pruned');

    const shallow = join(work, 'shallow');
    await git(work, 'clone', '-q', '--depth', '1', `file://${work}`, shallow);
    const shallowPlan = await dashsync(handle, shallow, ['plan', '--prune', 'folders']);
    expect(shallowPlan.stderr).toBe('');
    expect(lines(shallowPlan.stdout).filter((line) => /^- (folder-)?delete/.test(line))).toEqual([]);
    expect(planLine(shallowPlan.stdout)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged, 1 not pruned (git history is shallow: fetch all of it to prune it; see the warning).');
  });

  it('a parent whose git history held its dashboards stays managed: with their files removed, plan --prune folders deletes them', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await seedParentWithTwoChildren(handle);
    const work = await commitParentLeftWithChildOnly(handle);

    const plan = await dashsync(handle, work, ['plan', '--prune', 'folders']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).filter((line) => line.startsWith('- delete')).map((line) => line.replace(/ +/g, ' '))).toEqual([
      expect.stringMatching(/^- delete "P1" \(uid p1, /),
      expect.stringMatching(/^- delete "P2" \(uid p2, /),
      // sib: pulled and committed, then its directory removed: git held it below a managed parent (rule 5, walk-69 M1).
      expect.stringMatching(/^- delete "S1" \(uid s1, /),
    ]);
  });
});
