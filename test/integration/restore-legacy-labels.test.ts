import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from '../pull/pull-fixture.js';

// own-63 (stop 62 §9.2 item 2): a backup keeps the author's labels and annotations (never a manager mark); a restore
// through /api (api "legacy") put it back without them, and said nothing.

const LABELLED = {
  apiVersion: 'dashboard.grafana.app/v1beta1',
  kind: 'Dashboard',
  metadata: { name: 'mysql-overview', labels: { team: 'platform' } },
  spec: { panels: [], schemaVersion: 41, title: 'MySQL overview' },
};

describe('restore --api legacy of a backup that holds labels (Grafana 13)', () => {
  it('puts the dashboard back and says its labels are not on it, naming what keeps them', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/mysql.json'), `${JSON.stringify(LABELLED, null, 2)}\n`);
    await commitAll(dir, 'labelled');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    await rm(join(dir, 'dashboards/mysql.json'));
    await commitAll(dir, 'gone');
    const pruned = await dashsync(handle, dir, ['apply', '--prune', 'all', '--auto-approve']);
    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    const [file] = await readdir(join(dir, '.dashsync/backups/mysql-overview'));
    const backup = `.dashsync/backups/mysql-overview/${file}`;

    const restored = await dashsync(handle, dir, ['restore', 'mysql-overview', '--api', 'legacy', '--from-backup', backup]);

    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(
      `; its backup's labels and annotations (team) are not on it: api "legacy" saves through /api, which keeps none (a restore with --api auto keeps them; the backup still holds them)`,
    );
    // In JSON too, on the restored event (deleted again first).
    expect((await apiRequest(handle, 'DELETE', '/api/dashboards/uid/mysql-overview')).status).toBe(200);
    const json = await dashsync(handle, dir, ['restore', 'mysql-overview', '--api', 'legacy', '--from-backup', backup, '--format', 'json']);
    const restoredEvent = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; metadataDropped?: string[] }).find((event) => event.type === 'restored');
    expect(restoredEvent?.metadataDropped).toEqual(['team']);
  });
});
