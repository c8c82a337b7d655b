import { describe, expect, it, vi } from 'vitest';
import { apiRequest } from '../../helpers/sandbox.js';
import { appliedExample, pruneAway } from './restore-fixture.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

// The real run creates a gone folder again (from the backup, under its recorded parents) before it restores into it: the
// dry run says so too, reading each folder once however many uids it holds.
describe('restore --dry-run when the folder a dashboard was deleted from is gone', () => {
  it('names the folder and says it would be created again, in text and JSON (folderGone), with one read per folder', async () => {
    const { sandbox, workspace, databases } = await appliedExample('11.2', 'legacy');
    await pruneAway(workspace, 'dashboards/platform/databases');
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);

    const named = await workspace.cli(['restore', 'redis-exporter', '--dry-run']);
    expect([named.code, named.stderr]).toEqual([0, '']);
    expect(named.stdout).toContain(`would restore redis-exporter "Redis" into folder "${databases.title}" (${databases.uid}), which no longer exists and would be created again from the backup (backed up `);

    sandbox.clearRequests();
    const all = await workspace.cli(['restore', '--all', '--dry-run', '--format', 'json']);
    expect([all.code, all.stderr]).toEqual([0, '']);
    const previews = all.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((line) => line.type === 'would-restore');
    const inDatabases = previews.filter((line) => line.folderUid === databases.uid);
    expect(inDatabases.length).toBeGreaterThan(0);
    for (const line of inDatabases) {
      expect(line.folderGone).toBe('created-again');
      expect(line.text).toContain(`into folder "${databases.title}" (${databases.uid}), which no longer exists and would be created again from the backup`);
    }
    const folderReads = sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path.startsWith(`/api/folders/${databases.uid}`));
    expect(folderReads).toHaveLength(1);
    // Nothing was written.
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});
