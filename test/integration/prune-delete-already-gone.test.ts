import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample } from '../e2e/apply/restore-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';

// walk-66 L1: two applies racing, the second run's DELETE answered 404 (the first had deleted it), and it still printed
// `deleted:` and counted the delete as its own.
describe('a prune whose DELETE Grafana answers "not found" at the first send', () => {
  it('says skipped: already gone, deleted by someone else after the read; not counted as deleted; its backup stays', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await commitAll(workspace.dir);
    await rm(join(workspace.dir, POSTGRES));
    // Deleted by another run between this run's read and its DELETE: Grafana answers the DELETE 404.
    sandbox.setFaults({ methods: ['DELETE'], pathPrefix: `/api/dashboards/uid/${UID}`, script: [{ kind: 'status', status: 404 }] });

    const applied = await workspace.cli(['apply', '--prune', '--auto-approve']);

    const out = `${applied.stdout}${applied.stderr}`;
    expect(sandbox.requests().some((entry) => entry.fault === 'status')).toBe(true);
    const backups = await readdir(join(workspace.dir, '.dashsync/backups', UID));
    expect(backups).toHaveLength(1);
    expect(out).toContain(
      `skipped: ${UID}: already gone from Grafana: deleted after this run read it (by another run or someone else); its backup .dashsync/backups/${UID}/${backups[0]} stays\n`,
    );
    expect(out).not.toMatch(new RegExp(`deleted: ${UID} `));
    expect(out).toContain('Applied: 0 created, 0 updated, 0 moved, 0 deleted, 1 skipped\n');
  });
});
