import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample } from '../e2e/apply/restore-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';

const POSTGRES = 'dashboards/platform/databases/postgresql.json';

// A stock Grafana 12 keeps dashboards in legacy SQL storage, whose delete is for good even with restoreDashboards on;
// through /api (api "legacy") dashsync cannot see the storage, so it claims no "Recently deleted" copy
// (src/sandbox/README.md, "List, history, trash").
describe('prune and restore through /api on Grafana 12 with restoreDashboards on', () => {
  it('the prune claims no "Recently deleted" copy, --delete-mode hard warns what it cannot know, and restore says the copy may not exist', async () => {
    const { workspace } = await appliedExample('12', 'legacy', { restoreDashboards: true });
    await commitAll(workspace.dir);
    await rm(join(workspace.dir, POSTGRES));

    const pruned = await workspace.cli(['apply', '--prune', '--delete-mode', 'hard']);
    expect(pruned.code).toBe(0);
    const all = pruned.stdout + pruned.stderr;
    expect(all).not.toContain('keeps it in "Recently deleted" too');
    expect(all).not.toContain('--delete-mode hard is not honoured');
    expect(pruned.stdout).toContain(
      '; Grafana 12 keeps it in "Recently deleted" only if its dashboards are on unified storage, which /api does not show; ' +
        'a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good: count the backup as the only copy (--api auto tells which)\n',
    );
    expect(all.match(/--delete-mode hard purges nothing on Grafana 12: on its legacy SQL storage \(a stock 12\) a delete is for good anyway/g)).toHaveLength(1);

    const restored = await workspace.cli(['restore', 'postgresql-overview']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout.split('\n')[0]).toMatch(
      /^restored postgresql-overview "PostgreSQL" from \.dashsync\/backups\/postgresql-overview\/[^ ]+\.json into folder "databases" \(ds-databases-ea553557\), now version 1; a new dashboard, without its old id: Grafana's "Recently deleted" is on, and if this Grafana 12 keeps its dashboards in unified storage \(a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good\) it may have held postgresql-overview with it, /,
    );

    // No backup: what restore says of "Recently deleted" is no claim that it holds the dashboard.
    await rm(join(workspace.dir, '.dashsync/backups/postgresql-overview'), { recursive: true });
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    await rm(join(workspace.dir, '.dashsync/backups/postgresql-overview'), { recursive: true });
    const gone = await workspace.cli(['restore', 'postgresql-overview']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(
      /^error: cannot restore postgresql-overview: "Recently deleted" is on in this Grafana 12, but holds deleted dashboards only on unified storage, which \/api does not show \(a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good\), and takes them back through \/apis only: run restore with --api auto to ask it, and there is no backup/,
    );
  });
});
