import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { useApi } from '../e2e/apply/workspace.js';
import { adminHeaders, apiRequest } from '../helpers/sandbox.js';
import { commitAll } from '../pull/pull-fixture.js';

// The example applied, one dashboard pruned and planned (the CLI in-process) against one Grafana 13 sandbox (unified storage).
vi.setConfig({ testTimeout: 180_000 });

const REDIS = 'dashboards/platform/databases/redis.json';

/** The plan's `recently deleted:` line of redis-exporter, its file back in the tree (the prune's removal never committed). */
async function trashLine(workspace: Awaited<ReturnType<typeof appliedExample>>['workspace']): Promise<string | undefined> {
  execFileSync('git', ['checkout', 'HEAD', '--', REDIS], { cwd: workspace.dir, stdio: 'pipe' });
  const plan = await workspace.cli(['plan']);
  expect([plan.code, plan.stderr]).toEqual([0, '']);
  return plan.stdout.split('\n').find((text) => text.includes('recently deleted: ') && text.includes('(uid redis-exporter)'));
}

/** Resolves once this machine's clock (the sandbox's, in this process) has passed the second of `time`. */
async function secondAfter(time: string): Promise<void> {
  const second = Math.floor(Date.parse(time) / 1000);
  expect(Number.isNaN(second)).toBe(false);
  while (Math.floor(Date.now() / 1000) <= second) await new Promise((resolve) => setTimeout(resolve, 50));
}

// fixg-72 left (a): a DELETE that failed, followed within the hour by someone else's delete of the same object, read as
// dashsync's prune, as the backup it took first holds that object.
describe("plan: a \"Recently deleted\" entry is dashsync's delete only where its backup records the delete as landed", () => {
  it("a failed DELETE, then a person's delete of the same object: the person's, not the prune's", async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    sandbox.setFaults({ pathPrefix: '/apis/', methods: ['DELETE'], script: [{ kind: 'status', status: 400, message: 'refused once' }] });
    await commitAll(workspace.dir);
    await rm(join(workspace.dir, REDIS));
    const failed = await workspace.cli(['apply', '--prune']);
    expect(failed.code, failed.stderr).toBe(1);
    sandbox.setFaults(undefined);
    expect((await newestBackup(workspace, 'redis-exporter')).backup.deleteOutcome).toBe('not-deleted');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter', undefined, adminHeaders())).status).toBe(200);

    const line = await trashLine(workspace);
    expect(line).toMatch(/is planned as a create, but it was deleted in Grafana at \S+Z by "admin"; it is in "Recently deleted": .*\(an apply no one reviewed leaves it deleted, a conflict, unless run with --force\)$/);
    expect(line).not.toMatch(/dashsync's|dashsync deleted|is not known/);
  });

  it('a landed one is the prune\'s; a backup that records no outcome (an earlier release\'s) is "not known", never a guess', async () => {
    const { workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, REDIS);
    const { path, name, backup } = await newestBackup(workspace, 'redis-exporter');
    expect(backup.deleteOutcome).toBe('deleted');
    expect(await trashLine(workspace)).toContain(`but dashsync's prune deleted it at `);

    const { deleteOutcome: _outcome, ...unrecorded } = backup;
    await writeFile(path, `${JSON.stringify(unrecorded, null, 2)}\n`);
    const line = await trashLine(workspace);
    expect(line).toMatch(new RegExp(`but it was deleted in Grafana at \\S+Z by "admin"; whether that was dashsync's delete, backed up first to \\.dashsync/backups/redis-exporter/${name.replace(/\./g, '\\.')}, is not known; it is in "Recently deleted"`));
    expect(line).toContain('(an apply no one reviewed leaves it deleted, a conflict, unless run with --force)');
  });
});

// fixg-72 left (b): a backup written through /api recorded no object, so its entry was never tied.
describe('plan through /apis: a prune made through /api is tied by /api\'s id and when the dashboard was made', () => {
  it("tied after a prune through /api; after restore from \"Recently deleted\" (the id kept, the object new), a person's delete is theirs", async () => {
    const { sandbox, workspace } = await appliedExample('13', 'legacy');
    await pruneAway(workspace, REDIS);
    const { backup } = await newestBackup(workspace, 'redis-exporter');
    expect([backup.objectUid, typeof backup.dashboard.id, typeof backup.objectCreated, backup.deleteOutcome]).toEqual([undefined, 'number', 'string', 'deleted']);
    await useApi(workspace, 'auto');
    expect(await trashLine(workspace)).toContain(`but dashsync's prune deleted it at `);

    // creationTimestamp is to the second: a restore in the very second the dashboard was first made could not be told
    // apart (docs/apply.md), which a fast machine reaches here (the full CI of a2b91d10 did).
    await secondAfter(String(backup.objectCreated));
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter', undefined, adminHeaders())).status).toBe(200);
    const line = await trashLine(workspace);
    expect(line).toMatch(/but it was deleted in Grafana at \S+Z by "admin"; it is in "Recently deleted"/);
    expect(line).not.toMatch(/dashsync's|dashsync deleted|is not known/);
  });
});
