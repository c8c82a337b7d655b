import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAndApplyTwo, dashsync, git, walkFiles } from './pull-fixture.js';

// walk-57, nl-58b: a pull that refused a file still made the directory of the folder Grafana had moved its dashboard to,
// an empty directory (or one holding only the `_folder.json` pull wrote) left in the tree for nothing.

describe.each(['11.2', '13'] as const)('a pull that refuses a dashboard Grafana moved into a folder the tree has no directory for (Grafana %s)', (grafanaVersion) => {
  it('leaves the tree as it was: no directory made, no _folder.json written or reported, also in a dry run', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, file } = await commitAndApplyTwo(handle);
    // An edit of the file, not committed; in Grafana someone moves the dashboard into a new folder and edits it.
    await writeFile(file, (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads (mine)"'));
    const folder = await apiRequest(handle, 'POST', '/api/folders', { uid: 'team-x', title: 'Team X' });
    expect(folder.status, folder.text).toBe(200);
    const live = (await apiRequest(handle, 'GET', '/api/dashboards/uid/work')).body;
    const moved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'moved' }, folderUid: 'team-x', overwrite: true, message: 'moved to Team X' });
    expect(moved.status, moved.text).toBe(200);
    const tree = async () => (await walkFiles(dir)).filter((entry) => !entry.path.startsWith('.git/'));
    const before = await tree();

    const dryRun = await dashsync(handle, dir, ['pull', '--dry-run']);
    expect(dryRun.code, dryRun.stdout + dryRun.stderr).toBe(1);
    expect(dryRun.stdout).toMatch(/^would refuse +dashboards\/work\.json: changed here \(not committed\) and in Grafana/m);
    expect(dryRun.stdout).not.toContain('_folder.json');

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(/^refused +dashboards\/work\.json: changed here \(not committed\) and in Grafana/m);
    expect(pulled.stdout).not.toContain('_folder.json');
    expect(existsSync(join(dir, 'dashboards/team-x'))).toBe(false);
    expect(await tree()).toEqual(before);
    expect(await git(dir, 'status', '--porcelain')).toBe(' M dashboards/work.json\n');
  });
});
