import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, deleteInGrafana, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

function dashboardReads(handle: SandboxHandle): string[] {
  return handle
    .requests()
    .filter((entry) => entry.method === 'GET' && /^\/api\/dashboards\/uid\/[^/]+$/.test(entry.path))
    .map((entry) => `${entry.path} ${entry.status}`)
    .sort();
}

/** A tree pulled from folder team (stays, moved, gone), then in Grafana: gone deleted, stays edited, moved retitled into a new folder fresh, none of which the lagging search shows yet. */
async function laggingSearch(grafanaVersion: '12' | '13'): Promise<{ handle: SandboxHandle; work: string; tree: string }> {
  const handle = await startTestSandbox({ grafanaVersion });
  await createFolder(handle, { uid: 'team', title: 'Team' });
  for (const uid of ['stays', 'moved', 'gone']) await saveDashboard(handle, { uid, title: uid[0]!.toUpperCase() + uid.slice(1), panels: [] }, 'team');
  const work = await makeWorkDir();
  expect((await dashsync(handle, work, ['pull', '--api', 'legacy', '--all'])).code).toBe(0);
  await commitAll(work);
  await deleteInGrafana(handle, '/api/dashboards/uid/gone');
  await saveDashboard(handle, { uid: 'stays', title: 'Stays', description: 'edited a second ago', panels: [] }, 'team');
  await createFolder(handle, { uid: 'fresh', title: 'Fresh' });
  await saveDashboard(handle, { uid: 'moved', title: 'Moved Here', panels: [] }, 'fresh');
  handle.setFaults({ searchMisses: ['stays', 'moved', 'fresh'] });
  handle.clearRequests();
  return { handle, work, tree: join(work, 'dashboards') };
}

describe.each(['12', '13'] as const)('pull when the search index lags behind writes (Grafana %s, /api)', (grafanaVersion) => {
  it('--prune deletes only the dashboard Grafana answers 404 for; one the search leaves out but Grafana has is pulled like any other', async () => {
    const { handle, work, tree } = await laggingSearch(grafanaVersion);

    const pruned = await dashsync(handle, work, ['pull', '--api', 'legacy', '--prune']);

    expect(pruned.code, pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toEqual([
      'Deleting 1 file whose dashboard is not in Grafana:',
      '  dashboards/team/gone.json (uid gone)',
      'wrote    dashboards/fresh/_folder.json',
      'moved    dashboards/team/moved.json → dashboards/fresh/moved.json',
      'updated  dashboards/team/stays.json',
      // Through /api, "Recently deleted" is not read: said on the line.
      'deleted  dashboards/team/gone.json (uid gone is not in Grafana; whether this Grafana ever held it is not known: see the note)',
      'Pull: 0 created, 1 updated, 1 moved, 0 unchanged, 1 deleted.',
    ]);
    // One read per dashboard the search left out, none for those it listed.
    expect(dashboardReads(handle).filter((read) => read.endsWith(' 404') || read.includes('/gone '))).toEqual(['/api/dashboards/uid/gone 404']);
    expect((await walkFiles(tree)).map((file) => file.path).filter((path) => path.endsWith('.json') && !path.endsWith('_folder.json'))).toEqual(['fresh/moved.json', 'team/stays.json']);
    expect(JSON.parse(await readFile(join(tree, 'team/stays.json'), 'utf8')).description).toBe('edited a second ago');
  });

  it('without --prune lists only the dashboard that is really gone as only in git', async () => {
    const { handle, work } = await laggingSearch(grafanaVersion);

    const listed = await dashsync(handle, work, ['pull', '--api', 'legacy', '--dry-run']);

    expect(listed.code, listed.stderr).toBe(0);
    expect(lines(listed.stdout).filter((line) => line.startsWith('only in git'))).toEqual(['only in git   dashboards/team/gone.json (uid gone is not in Grafana)']);
  });

  it('a dashboard the search leaves out and reading it is refused (403) is kept: it exists', async () => {
    const { handle, work, tree } = await laggingSearch(grafanaVersion);
    handle.setFaults({ searchMisses: ['stays', 'moved', 'fresh'], pathPrefix: '/api/dashboards/uid/stays', errorRate: 1, errorStatus: 403 });
    const before = await readFile(join(tree, 'team/stays.json'), 'utf8');

    const pruned = await dashsync(handle, work, ['pull', '--api', 'legacy', '--prune']);

    expect(pruned.code, pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toContain(
      'kept     dashboards/team/stays.json: uid stays is in Grafana, but these credentials cannot read it (the search leaves it out, and reading it is refused: HTTP 403); not deleted',
    );
    expect(await readFile(join(tree, 'team/stays.json'), 'utf8')).toBe(before);
  });
});

describe('pull --api k8s lists from storage, not from the search index', () => {
  it('reads no dashboard to confirm a missing one', async () => {
    const { handle, work, tree } = await laggingSearch('12');

    const pruned = await dashsync(handle, work, ['pull', '--api', 'k8s', '--prune']);

    expect(pruned.code, pruned.stderr).toBe(0);
    // Grafana 12 on legacy storage keeps no "Recently deleted": said on the line.
    expect(lines(pruned.stdout)).toContain('deleted  dashboards/team/gone.json (uid gone is not in Grafana; whether this Grafana ever held it is not known: see the note)');
    expect(handle.requests().filter((entry) => entry.path.endsWith('/dashboards/gone'))).toEqual([]);
    expect((await walkFiles(tree)).map((file) => file.path)).toContain('team/stays.json');
  });
});
