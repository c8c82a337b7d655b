import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample, pruneAway } from '../e2e/apply/restore-fixture.js';
import { noFileLine } from '../helpers/restore-lines.js';
import { commitAll, git } from '../pull/pull-fixture.js';

const REDIS = 'dashboards/platform/databases/redis.json';

describe('restore of a uid no file of the tree holds', () => {
  it('says a prune that covers it deletes it again (and it does), not when the file is there, and nothing without a tree', async () => {
    const { workspace } = await appliedExample('12');
    const file = await readFile(join(workspace.dir, REDIS), 'utf8');
    await pruneAway(workspace, REDIS);

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    // pruneAway committed the tree, then removed the file without a commit: no commit removed it, and the line says what it did.
    expect(restored.stdout).toMatch(new RegExp(`^restored redis-exporter from \\S+ into folder \\S+, now version 1\\n${noFileLine('redis-exporter')}$`));
    // What the line says holds: the next plan with prune deletes it.
    expect((await workspace.cli(['plan', '--prune'])).stdout).toMatch(/^- delete +"Redis" \(uid redis-exporter, live version 1\)/m);

    // Its file back in the tree: no such line.
    expect((await workspace.cli(['apply', '--prune'])).stdout).toContain('deleted: redis-exporter');
    await writeFile(join(workspace.dir, REDIS), file);
    const held = await workspace.cli(['restore', 'redis-exporter']);
    expect([held.code, held.stderr]).toEqual([0, '']);
    expect(held.stdout).toMatch(/^restored redis-exporter from \S+ into folder \S+, now version 1\n$/);

    // No tree where restore runs (the root directory is missing): it restores, and says nothing of files.
    await rm(join(workspace.dir, REDIS));
    expect((await workspace.cli(['apply', '--prune'])).stdout).toContain('deleted: redis-exporter');
    await rename(join(workspace.dir, 'dashboards'), join(workspace.dir, 'elsewhere'));
    const treeless = await workspace.cli(['restore', 'redis-exporter']);
    expect([treeless.code, treeless.stderr]).toEqual([0, '']);
    expect(treeless.stdout).toMatch(/^restored redis-exporter from \S+ into folder \S+, now version 1\n$/);
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
      'restored redis-exporter from Grafana\'s "Recently deleted"\n' +
        `redis-exporter has no file in the tree: a prune that covers it deletes it again; commit ${removedIn} removed its file ${REDIS}: ` +
        `git checkout ${removedIn}^ -- ${REDIS} brings it back as committed (or run dashsync pull redis-exporter to write it as Grafana has it)\n`,
    );
    // What the line says holds: that command gives back the file, at its path and as it was, and the plan has nothing to do.
    await git(workspace.dir, 'checkout', `${removedIn}^`, '--', REDIS);
    expect((await workspace.cli(['plan', '--prune'])).stdout).toMatch(/^Plan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged\.$/m);
  });
});
