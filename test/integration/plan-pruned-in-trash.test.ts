import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { adminHeaders, apiRequest } from '../helpers/sandbox.js';
import { commitAll } from '../pull/pull-fixture.js';

// The example applied, pruned and planned (the CLI in-process) against one Grafana 13 sandbox, through /apis.
vi.setConfig({ testTimeout: 180_000 });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// walk-70 L5: after dashsync's own prune, the plan's "recently deleted" line named only the credentials that deleted the
// dashboard (`it was deleted in Grafana at … by "sandbox-editor-2"`), as if someone had deleted it in Grafana, and not the
// backup the prune took first.
describe('plan: a create whose dashboard dashsync\'s own prune put in Grafana 13\'s "Recently deleted"', () => {
  it("says dashsync's prune deleted it and where its backup is; a dashboard deleted in Grafana keeps its words", async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, 'dashboards/platform/databases');
    // The pruned files come back (their removal was never committed), and a person deletes another dashboard of the tree.
    execFileSync('git', ['checkout', 'HEAD', '--', 'dashboards/platform/databases'], { cwd: workspace.dir, stdio: 'pipe' });
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/k8s-cluster-overview', undefined, adminHeaders())).status).toBe(200);

    const plan = await workspace.cli(['plan']);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    const lines = plan.stdout.split('\n').filter((line) => line.includes('recently deleted: '));
    const pruned = async (uid: string, file: string) =>
      new RegExp(
        `recently deleted: ${escape(file)} "[^"]+" \\(uid ${uid}\\) is planned as a create, but dashsync's prune deleted it at \\S+Z \\(as "admin"\\), ` +
          `backed up first to ${escape(`.dashsync/backups/${uid}/${(await newestBackup(workspace, uid)).name}`)}; it is in "Recently deleted": dashsync restore ${uid} brings it back as it was deleted`,
      );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(await pruned('postgresql-overview', 'dashboards/platform/databases/postgresql.json')),
        expect.stringMatching(await pruned('redis-exporter', 'dashboards/platform/databases/redis.json')),
        expect.stringMatching(/recently deleted: dashboards\/platform\/kubernetes\/cluster-overview\.json "[^"]+" \(uid k8s-cluster-overview\) is planned as a create, but it was deleted in Grafana at \S+Z by "admin"; it is in "Recently deleted"/),
      ]),
    );
    expect(lines).toHaveLength(3);
    // dashsync's own delete is no edit made in Grafana: no "(an apply no one reviewed leaves it deleted …)" beside it; the person's keeps it.
    expect(lines.filter((line) => line.includes('an apply no one reviewed leaves it deleted'))).toEqual([expect.stringContaining('(uid k8s-cluster-overview)')]);

    // The JSON plan names the backup on the pruned ones only.
    const json = await workspace.cli(['plan', '--format', 'json']);
    const notes = JSON.parse(json.stdout).warnings.filter((warning: { kind: string }) => warning.kind === 'in-recently-deleted');
    const byUid = Object.fromEntries(notes.map((note: { uid: string; backup?: string; pruned?: true; byUser?: true }) => [note.uid, [note.backup ?? null, note.pruned ?? null, note.byUser ?? null]]));
    expect(byUid).toEqual({
      'postgresql-overview': [`.dashsync/backups/postgresql-overview/${(await newestBackup(workspace, 'postgresql-overview')).name}`, true, null],
      'redis-exporter': [`.dashsync/backups/redis-exporter/${(await newestBackup(workspace, 'redis-exporter')).name}`, true, null],
      'k8s-cluster-overview': [null, null, true],
    });
    // The backup records the object it deleted, which ties the entry to it.
    expect((await newestBackup(workspace, 'redis-exporter')).backup.objectUid).toEqual(expect.any(String));
  });

  // rev-71 L4: the match was the newest backup's content and an hour, so a person's delete of the dashboard dashsync's
  // restore brought back read as dashsync's prune.
  it("a person's delete after dashsync's restore of its prune is the person's, not the prune's", async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, 'dashboards/platform/databases');
    execFileSync('git', ['checkout', 'HEAD', '--', 'dashboards/platform/databases'], { cwd: workspace.dir, stdio: 'pipe' });
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter', undefined, adminHeaders())).status).toBe(200);

    const plan = await workspace.cli(['plan']);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    const line = plan.stdout.split('\n').find((text) => text.includes('recently deleted: ') && text.includes('(uid redis-exporter)'));
    expect(line).toMatch(/is planned as a create, but it was deleted in Grafana at \S+Z by "admin"; it is in "Recently deleted": .*\(an apply no one reviewed leaves it deleted, a conflict, unless run with --force\)$/);
    // The other pruned one, not restored, is still the prune's.
    expect(plan.stdout).toMatch(/\(uid postgresql-overview\) is planned as a create, but dashsync's prune deleted it at /);
  });

  // rev-71 L4: the delete half of a change of uid, the change reverted since, was named a prune.
  it('the old half of a change of uid, reverted, names the change of uid', async () => {
    const { workspace } = await appliedExample('13', 'auto');
    const file = join(workspace.dir, 'dashboards/platform/databases/redis.json');
    const text = await readFile(file, 'utf8');
    await commitAll(workspace.dir);
    await writeFile(file, text.replace('"uid": "redis-exporter"', '"uid": "redis-exporter-2"'));
    await commitAll(workspace.dir);
    const changed = await workspace.cli(['apply', '--prune']);
    expect([changed.code, changed.stderr]).toEqual([0, '']);
    expect((await newestBackup(workspace, 'redis-exporter')).backup.uidChangedTo).toEqual({ file: 'dashboards/platform/databases/redis.json', uid: 'redis-exporter-2' });
    // The change reverted.
    await writeFile(file, text);
    await commitAll(workspace.dir);

    const plan = await workspace.cli(['plan']);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    const backup = `.dashsync/backups/redis-exporter/${(await newestBackup(workspace, 'redis-exporter')).name}`;
    const line = plan.stdout.split('\n').find((text) => text.includes('recently deleted: ') && text.includes('(uid redis-exporter)'));
    expect(line).toContain(`is planned as a create, but dashsync deleted it at `);
    expect(line).toContain(` (as "admin") when its file's uid changed to redis-exporter-2, backed up first to ${backup}; it is in "Recently deleted"`);
    expect(line).not.toContain('prune');
    expect(line).not.toContain('an apply no one reviewed');
  });
});
