import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, deleteDashboardForGood, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

async function pulledTree(count: number) {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  await createFolder(handle, { uid: 'ops', title: 'Ops' });
  for (let i = 1; i <= count; i += 1) await saveDashboard(handle, { uid: `d${i}`, title: `Dashboard ${i}`, panels: [] }, 'ops');
  const work = await makeWorkDir();
  const pulled = await dashsync(handle, work, ['pull']);
  expect(pulled.code, pulled.stderr).toBe(0);
  await commitAll(work);
  return { handle, work, files: async () => (await readdir(join(work, 'dashboards/ops'))).filter((name) => name !== '_folder.json').sort() };
}

describe('pull --prune guards', () => {
  it('an org that lists no dashboard deletes no file: one error line, exit 1, the files listed as only in git (dry run alike)', async () => {
    const { handle, work, files } = await pulledTree(3);
    const org = await apiRequest(handle, 'POST', '/api/orgs', { name: 'Empty' });
    expect(org.status).toBe(200);
    const orgId = String(org.body.orgId);
    const refusal =
      `error: org ${orgId} of ${handle.url} holds no dashboards: is this the right URL/org? nothing was deleted (--prune would delete 3 files, listed above as only in git; ` +
      'if that Grafana is meant to be empty, delete them with git rm)';

    for (const dryRun of [['--dry-run'], []]) {
      const pruned = await dashsync(handle, work, ['pull', '--prune', '--org-id', orgId, ...dryRun]);
      expect(pruned.code).toBe(1);
      expect(pruned.stderr).toContain(`${refusal}\n`);
      expect(lines(pruned.stdout).filter((line) => line.includes('not in Grafana'))).toEqual([
        'only in git  dashboards/ops/dashboard-1.json (uid d1 is not in Grafana)',
        'only in git  dashboards/ops/dashboard-2.json (uid d2 is not in Grafana)',
        'only in git  dashboards/ops/dashboard-3.json (uid d3 is not in Grafana)',
      ]);
      expect(pruned.stdout).not.toContain(' only in git: their ');
      expect(pruned.stdout).not.toContain('Deleting');
    }
    expect(await files()).toEqual(['dashboard-1.json', 'dashboard-2.json', 'dashboard-3.json']);
  });

  it('deletes more than maxDeletes refuses every delete; --max-deletes allows them; the dry run lists each file once', async () => {
    const { handle, work, files } = await pulledTree(4);
    for (const uid of ['d1', 'd2', 'd3']) await deleteDashboardForGood(handle, uid);

    const dryRun = await dashsync(handle, work, ['pull', '--prune', '--dry-run']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout.split('dashboard-1.json')).toHaveLength(2);
    expect(dryRun.stdout).toContain('would delete  dashboards/ops/dashboard-1.json (uid d1 is not in Grafana; whether this Grafana ever held it is not known: see the note)\n');

    const refused = await dashsync(handle, work, ['pull', '--prune', '--max-deletes', '2']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'error: pull --prune would delete 3 files, more than the limit of 2; nothing was deleted. Review them (listed above as only in git), then allow them with --max-deletes 3\n',
    );
    expect(await files()).toEqual(['dashboard-1.json', 'dashboard-2.json', 'dashboard-3.json', 'dashboard-4.json']);

    const allowed = await dashsync(handle, work, ['pull', '--prune', '--max-deletes', '3']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(lines(allowed.stdout)[0]).toBe('Deleting 3 files whose dashboards are not in Grafana:');
    expect(await files()).toEqual(['dashboard-4.json']);
  });
});
