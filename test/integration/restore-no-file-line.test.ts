import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample, pruneAway } from '../e2e/apply/restore-fixture.js';
import { asPattern, deletedFileLine } from '../helpers/restore-lines.js';
import { commitAll, git } from '../pull/pull-fixture.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';

const REDIS = 'dashboards/platform/databases/redis.json';

describe('restore of a uid no file of the tree holds', () => {
  it('says a prune that covers it deletes it again (and it does), not when the file is there, and nothing without a tree', async () => {
    const { workspace } = await appliedExample('12');
    const file = await readFile(join(workspace.dir, REDIS), 'utf8');
    await pruneAway(workspace, REDIS);

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    // pruneAway committed the tree, then deleted the file without a commit: the line names the git command that gives it back from HEAD.
    expect(restored.stdout).toMatch(new RegExp(`^restored redis-exporter "Redis" from \\S+ into folder "databases" \\(ds-databases-ea553557\\), now version 1\\n${asPattern(deletedFileLine('redis-exporter', REDIS))}$`));
    // What the line says holds: the next plan with prune deletes it.
    expect((await workspace.cli(['plan', '--prune'])).stdout).toMatch(/^- delete +"Redis" \(uid redis-exporter, live version 1\)/m);

    // Its file back in the tree: no such line.
    expect((await workspace.cli(['apply', '--prune'])).stdout).toContain('deleted: redis-exporter');
    await writeFile(join(workspace.dir, REDIS), file);
    const held = await workspace.cli(['restore', 'redis-exporter']);
    expect([held.code, held.stderr]).toEqual([0, '']);
    expect(held.stdout).toMatch(/^restored redis-exporter "Redis" from \S+ into folder "databases" \(ds-databases-ea553557\), now version 1\n$/);

    // No tree where restore runs (the root directory is missing): it restores, and says nothing of files.
    await rm(join(workspace.dir, REDIS));
    expect((await workspace.cli(['apply', '--prune'])).stdout).toContain('deleted: redis-exporter');
    await rename(join(workspace.dir, 'dashboards'), join(workspace.dir, 'elsewhere'));
    const treeless = await workspace.cli(['restore', 'redis-exporter']);
    expect([treeless.code, treeless.stderr]).toEqual([0, '']);
    expect(treeless.stdout).toMatch(/^restored redis-exporter "Redis" from \S+ into folder "databases" \(ds-databases-ea553557\), now version 1\n$/);
  });

  // review-53b R5: a link the tree's re-read cannot see behind made the line vanish without a word.
  it('a tree with a link to its parent (whose files cannot be told): the line says whether a file holds the uid cannot be told, not nothing', async () => {
    const { workspace } = await appliedExample('12');
    await pruneAway(workspace, REDIS);
    await symlink('..', join(workspace.dir, 'dashboards/up'));

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^whether a file of the tree holds redis-exporter cannot be told \(dashboards\/up: a symlink to a directory \(.+\) that holds the dashboards root: .*\): if none does, a prune that covers it deletes it again$/),
      '',
    ]);
  });

  it('after a removal not committed, prune and restore (12): the line names the git command for it, and that command gives the file back as git holds it', async () => {
    const { workspace } = await appliedExample('12');
    await commitAll(workspace.dir, 'tree');
    const held = await readFile(join(workspace.dir, REDIS), 'utf8');
    // git rm: staged, not committed.
    await git(workspace.dir, 'rm', '-q', REDIS);
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    const staged = await workspace.cli(['restore', 'redis-exporter']);
    expect([staged.code, staged.stderr]).toEqual([0, '']);
    expect(staged.stdout.split('\n').slice(1)).toEqual([
      `redis-exporter has no file in the tree: a prune that covers it deletes it again; its file ${REDIS} was removed with git rm, not committed: ` +
        `git restore --source=HEAD --staged --worktree -- ${REDIS} brings it back as committed (or run dashsync pull redis-exporter to write it as Grafana has it)`,
      '',
    ]);
    await git(workspace.dir, 'restore', '--source=HEAD', '--staged', '--worktree', '--', REDIS);
    expect(await git(workspace.dir, 'status', '--porcelain', '--', 'dashboards')).toBe('');
    expect(await readFile(join(workspace.dir, REDIS), 'utf8')).toBe(held);

    // An edit staged, then the file deleted: HEAD's text would lose the edit, so the line takes it from the index.
    const edited = held.replace('"Redis"', '"Redis (staged)"');
    await writeFile(join(workspace.dir, REDIS), edited);
    await git(workspace.dir, 'add', REDIS);
    await rm(join(workspace.dir, REDIS));
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    const unstaged = await workspace.cli(['restore', 'redis-exporter']);
    expect(unstaged.stdout.split('\n').slice(1)).toEqual([
      `redis-exporter has no file in the tree: a prune that covers it deletes it again; its file ${REDIS} was deleted, not committed: ` +
        `git checkout -- ${REDIS} brings it back as staged (or run dashsync pull redis-exporter to write it as Grafana has it)`,
      '',
    ]);
    await git(workspace.dir, 'checkout', '--', REDIS);
    expect(await readFile(join(workspace.dir, REDIS), 'utf8')).toBe(edited);
    expect(await git(workspace.dir, 'status', '--porcelain', '--', 'dashboards')).toBe(`M  ${REDIS}\n`);
  });

  it('after a committed removal, prune and restore (13, "Recently deleted"): the line names the commit and the git checkout that brings the file back as it was', async () => {
    const { workspace } = await appliedExample('13', 'auto');
    await commitAll(workspace.dir, 'tree');
    await git(workspace.dir, 'rm', '-q', REDIS);
    await commitAll(workspace.dir, 'redis goes');
    const removedIn = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const applied = await workspace.cli(['apply', '--prune']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toBe(
      'restored redis-exporter "Redis" from Grafana\'s "Recently deleted" into folder "databases" (ds-databases-ea553557), now version 1\n' +
        `redis-exporter has no file in the tree: a prune that covers it deletes it again; commit ${removedIn} removed its file ${REDIS}: ` +
        `git checkout ${removedIn}^ -- ${REDIS} brings it back as committed (or run dashsync pull redis-exporter to write it as Grafana has it)\n`,
    );
    // What the line says holds: that command gives back the file, at its path and as it was, and the plan has nothing to do.
    await git(workspace.dir, 'checkout', `${removedIn}^`, '--', REDIS);
    expect((await workspace.cli(['plan', '--prune'])).stdout).toMatch(/^Plan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged\.$/m);
  });
  // walk-68b M5: the commit removed the folder's _folder.json too; the file alone came back into a derived folder, and the next
  // plan created it, moved the restored dashboard there and deleted the folder it was restored into.
  it.each(['11.2', '12'] as const)('a prune that removed the whole folder (%s): the line names its _folder.json too, and the pasted command leaves a plan with no changes', async (version) => {
    const { sandbox, workspace } = await appliedExample(version);
    const redis = JSON.parse(await readFile(join(workspace.dir, REDIS), 'utf8'));
    const [batchDir, batchFile] = ['dashboards/batch', 'dashboards/batch/batch-3.json'];
    await mkdir(join(workspace.dir, batchDir));
    await writeFile(join(workspace.dir, batchDir, '_folder.json'), JSON.stringify({ uid: 'f-batch', title: 'Batch' }, null, 2));
    await writeFile(join(workspace.dir, batchFile), JSON.stringify({ ...redis, uid: 'batch-d3', title: 'batch dashboard 3' }, null, 2));
    await writeFile(join(workspace.dir, batchDir, 'batch-4.json'), JSON.stringify({ ...redis, uid: 'batch-d4', title: 'batch dashboard 4' }, null, 2));
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await commitAll(workspace.dir, 'batch folder');
    await git(workspace.dir, 'rm', '-q', '-r', batchDir);
    await commitAll(workspace.dir, 'batch goes');
    const removedIn = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const pruned = await workspace.cli(['apply', '--prune', 'folders']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);

    const restored = await workspace.cli(['restore', 'batch-d3']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    const command = `git checkout ${removedIn}^ -- ${batchFile} ${batchDir}/_folder.json`;
    expect(restored.stdout).toMatch(/^restored batch-d3 "batch dashboard 3" from .+ into folder "Batch" \(f-batch\), which no longer existed and was created again from the backup, now version 1\n/);
    expect(restored.stdout.split('\n')[1]).toBe(
      `batch-d3 has no file in the tree: a prune that covers it deletes it again; commit ${removedIn} removed its file ${batchFile} and its folder's ${batchDir}/_folder.json: ` +
        `${command} brings them back as committed (or run dashsync pull batch-d3 to write it as Grafana has it)`,
    );
    const pasted = await pasteInShell(sandbox, workspace.dir, command);
    expect([pasted.code, pasted.stderr]).toEqual([0, '']);
    const plan = await workspace.cli(['plan', '--prune', 'folders']);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    expect(plan.stdout).toMatch(/^Plan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged\.$/m);
    expect(plan.stdout).not.toMatch(/folder-create|folder-delete|clash/);

    // Both restored: one commit removed their files, and the group's line names the folder's _folder.json beside "one file".
    expect((await workspace.cli(['apply', '--prune', 'folders'])).code).toBe(0);
    await git(workspace.dir, 'reset', '-q', '--', batchDir);
    await rm(join(workspace.dir, batchDir), { recursive: true, force: true });
    expect((await workspace.cli(['apply', '--prune', 'folders'])).code).toBe(0);
    // Something else in the directory now: the line cannot name the whole directory, only its files and the folder's.
    await mkdir(join(workspace.dir, batchDir));
    await writeFile(join(workspace.dir, batchDir, 'notes.txt'), 'not a dashboard\n');
    const both = await workspace.cli(['restore', '--all']);
    expect([both.code, both.stderr]).toEqual([0, '']);
    expect(both.stdout).toContain(
      `2 restored have no file in the tree, and a prune that covers them deletes them again; commit ${removedIn} ("batch goes") removed their files (2 dashboards): ` +
        `git revert ${removedIn} undoes that commit, or git checkout ${removedIn}^ -- <file> brings back one file (git show --stat ${removedIn} lists them), ` +
        `with git checkout ${removedIn}^ -- ${batchDir}/_folder.json for the _folder.json of the folder they were restored into`,
    );
  });

  // review-69a L1: nested folders, every level removed by one commit: the advice named the dashboard's own folder file only, and
  // pasted, the next plan created the parent anew (derived) and moved the restored folder into it.
  it.each(['11.2', '12'] as const)('a prune that removed nested folders (%s): the line names the _folder.json of every level, and the pasted command leaves a plan with no changes', async (version) => {
    const { sandbox, workspace } = await appliedExample(version);
    const redis = JSON.parse(await readFile(join(workspace.dir, REDIS), 'utf8'));
    const [outer, inner, file] = ['dashboards/team-x', 'dashboards/team-x/sub', 'dashboards/team-x/sub/d.json'];
    await mkdir(join(workspace.dir, inner), { recursive: true });
    await writeFile(join(workspace.dir, outer, '_folder.json'), JSON.stringify({ uid: 'f-x', title: 'Team X' }, null, 2));
    await writeFile(join(workspace.dir, inner, '_folder.json'), JSON.stringify({ uid: 'f-sub', title: 'Sub' }, null, 2));
    await writeFile(join(workspace.dir, file), JSON.stringify({ ...redis, uid: 'nested-d', title: 'nested d' }, null, 2));
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await commitAll(workspace.dir, 'team x');
    await git(workspace.dir, 'rm', '-q', '-r', outer);
    await commitAll(workspace.dir, 'team x goes');
    const removedIn = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const pruned = await workspace.cli(['apply', '--prune', 'all', '--auto-approve']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);

    const restored = await workspace.cli(['restore', 'nested-d']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    const command = `git checkout ${removedIn}^ -- ${file} ${inner}/_folder.json ${outer}/_folder.json`;
    expect(restored.stdout.split('\n')[1]).toBe(
      `nested-d has no file in the tree: a prune that covers it deletes it again; commit ${removedIn} removed its file ${file} and its folder's ${inner}/_folder.json ` +
        `and those of the folders above it (${outer}/_folder.json): ${command} brings them back as committed (or run dashsync pull nested-d to write it as Grafana has it)`,
    );
    const pasted = await pasteInShell(sandbox, workspace.dir, command);
    expect([pasted.code, pasted.stderr]).toEqual([0, '']);
    const plan = await workspace.cli(['plan', '--prune', 'all']);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    expect(plan.stdout).toMatch(/^Plan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged\.$/m);
    expect(plan.stdout).not.toMatch(/folder-create|folder-move|folder-delete/);
  });

  // review-67b M3: the printed path was a pattern to git, so pasted, `git checkout <c>^ -- 'a[1].json'` also took back a1.json.
  it('a removed file whose name git reads as a pattern: the pasted command brings it back and leaves a look-alike file with uncommitted work alone', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    const redis = JSON.parse(await readFile(join(workspace.dir, REDIS), 'utf8'));
    const [bracketed, lookAlike] = ['dashboards/platform/databases/redis[1].json', 'dashboards/platform/databases/redis1.json'];
    await writeFile(join(workspace.dir, bracketed), JSON.stringify({ ...redis, uid: 'redis-bracketed', title: 'Redis [1]' }, null, 2));
    await writeFile(join(workspace.dir, lookAlike), JSON.stringify({ ...redis, uid: 'redis-one', title: 'Redis 1' }, null, 2));
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await commitAll(workspace.dir, 'two look-alike files');
    const committed = await readFile(join(workspace.dir, bracketed), 'utf8');
    await rm(join(workspace.dir, bracketed));
    await commitAll(workspace.dir, 'the bracketed one goes');
    const removedIn = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    const work = JSON.stringify({ ...redis, uid: 'redis-one', title: 'Redis 1 (work not committed)' }, null, 2);
    await writeFile(join(workspace.dir, lookAlike), work);

    const restored = await workspace.cli(['restore', 'redis-bracketed']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    const command = `git checkout ${removedIn}^ -- ':(literal)${bracketed}'`;
    expect(restored.stdout.split('\n')[1]).toBe(
      `redis-bracketed has no file in the tree: a prune that covers it deletes it again; commit ${removedIn} removed its file '${bracketed}': ` +
        `${command} brings it back as committed (or run dashsync pull redis-bracketed to write it as Grafana has it)`,
    );
    const pasted = await pasteInShell(sandbox, workspace.dir, command);
    expect([pasted.code, pasted.stderr]).toEqual([0, '']);
    expect(await readFile(join(workspace.dir, bracketed), 'utf8')).toBe(committed);
    expect(await readFile(join(workspace.dir, lookAlike), 'utf8')).toBe(work);
    expect(await git(workspace.dir, 'status', '--porcelain', '--', 'dashboards')).toBe(` M ${lookAlike}\nA  ${bracketed}\n`);
  });
});
