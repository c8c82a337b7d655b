import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample, pruneAway } from '../e2e/apply/restore-fixture.js';
import { workspaceAt } from '../e2e/apply/workspace.js';
import { git } from '../pull/pull-fixture.js';

const hint = (uid: string) => `${uid} has no file in the tree: the next plan with prune deletes it again; \`dashsync pull ${uid}\` writes its file`;

describe('restore inside a tree that holds no file of the uid', () => {
  it('says the next prune deletes it again, and not when the file is back or outside a tree', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, 'dashboards/platform/databases/redis.json');

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    const lines = restored.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^restored redis-exporter from /);
    expect(lines[1]).toBe(hint('redis-exporter'));
    // And it is true: the next plan with prune deletes it.
    expect((await workspace.cli(['plan', '--prune'])).stdout).toMatch(/- delete .*redis-exporter/);

    // Deleted again by that prune; with the file back in the tree, no such line.
    expect((await workspace.cli(['apply', '--prune'])).stdout).toContain('deleted: redis-exporter');
    await git(workspace.dir, 'checkout', '--', 'dashboards/platform/databases/redis.json');
    const back = await workspace.cli(['restore', 'redis-exporter']);
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect(back.stdout).not.toContain('has no file in the tree');

    // Outside a tree (no config file): restore says nothing of files.
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    expect((await workspace.cli(['apply', '--prune'])).stdout).toContain('deleted: redis-exporter');
    await rm(join(workspace.dir, 'dashsync.config.json'));
    const outside = await workspaceAt(workspace.dir, sandbox).cli(['restore', 'redis-exporter']);
    expect([outside.code, outside.stderr]).toEqual([0, '']);
    expect(outside.stdout).not.toContain('has no file in the tree');
  });
});
