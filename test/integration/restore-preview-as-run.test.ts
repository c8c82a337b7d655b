import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { apiRequest } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';

// restl-69 (fixr-69's note): a named backup's dry run on 11.2 listed "Recently deleted" twice, once for whether it keeps
// the uid taken and again for whether it hides a newer copy from these credentials: one listing answers both.
describe('restore --from-backup --dry-run on Grafana 11.2, as an org Admin', () => {
  it('lists "Recently deleted" once', async () => {
    const { sandbox, workspace } = await appliedExample('11.2', 'legacy');
    await pruneAway(workspace, POSTGRES);
    const { name } = await newestBackup(workspace, UID);
    const backup = `.dashsync/backups/${UID}/${name}`;
    // Purged: the trash no longer holds it, so the dry run goes on to ask whether it hides a newer copy.
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}/trash`)).status).toBe(200);
    const listings = () => sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path.startsWith('/api/search') && entry.path.includes('deleted=true')).length;

    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', UID, '--from-backup', backup, '--dry-run']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^would restore ${UID} "PostgreSQL" into folder "databases" `))]);
    expect(listings()).toBe(1);

    sandbox.clearRequests();
    const run = await workspace.cli(['restore', UID, '--from-backup', backup]);
    expect([run.code, run.stderr, run.stdout.split('\n')[0]]).toEqual([0, '', expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from `))]);
    expect(listings()).toBe(1);
  });
});
