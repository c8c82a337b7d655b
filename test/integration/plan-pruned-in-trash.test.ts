import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { adminHeaders, apiRequest } from '../helpers/sandbox.js';

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

    // The JSON plan names the backup on the pruned ones only.
    const json = await workspace.cli(['plan', '--format', 'json']);
    const notes = JSON.parse(json.stdout).warnings.filter((warning: { kind: string }) => warning.kind === 'in-recently-deleted');
    expect(Object.fromEntries(notes.map((note: { uid: string; backup?: string }) => [note.uid, note.backup ?? null]))).toEqual({
      'postgresql-overview': `.dashsync/backups/postgresql-overview/${(await newestBackup(workspace, 'postgresql-overview')).name}`,
      'redis-exporter': `.dashsync/backups/redis-exporter/${(await newestBackup(workspace, 'redis-exporter')).name}`,
      'k8s-cluster-overview': null,
    });
  });
});
