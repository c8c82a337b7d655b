import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { noFileLine } from '../../helpers/restore-lines.js';
import { appliedLibraryTree } from './library-tree.js';

async function users(sandbox: SandboxHandle, uid: string): Promise<string[]> {
  const response = await apiRequest(sandbox, 'GET', `/api/library-elements/${uid}/connections`);
  return response.body.result.map((row: { connectionUid: string }) => row.connectionUid).sort();
}

// Grafana 11's soft delete (dashboardRestore) keeps a dashboard's library panel connections while it
// waits in "Recently deleted"; only the purge drops them (src/sandbox/README.md, library elements).
describe('library panels and Grafana 11.2\'s "Recently deleted"', () => {
  it('a prune that moves their last users to "Recently deleted" keeps the panel and says why; restore gives a dashboard back still connected', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2' });
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));

    // --prune all: without git history team-b, left with only its _folder.json and a subdirectory, is not known to be the tree's.
    const pruned = await ws.cli(['apply', '--prune', 'all']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(
      'skipped: lp-mem: library panel kept: dashboards in Grafana\'s "Recently deleted" still use it (a1 "A one", b1 "B one"; ' +
        'Grafana 11 before 11.6 counts them until they are purged, which --delete-mode hard does), and Grafana refuses to delete a library panel in use\n',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(200);
    expect(await users(sandbox, 'lp-mem')).toEqual(['a1', 'b1']);

    const plan = await ws.cli(['plan', '--prune', 'all']);
    expect(`${plan.stdout}${plan.stderr}`).toContain(
      'library panel lp-mem "Memory" has no file but is used by 2 dashboard(s): in Grafana\'s "Recently deleted": a1, b1 (Grafana 11 before 11.6 counts them until they are purged: ' +
        'empty them from "Recently deleted" in Grafana to let it go; --delete-mode hard purges only the dashboards an apply deletes); not deleted (Grafana refuses to delete a library panel in use)',
    );

    const restored = await ws.cli(['restore', 'b1']);
    expect([restored.code, restored.stdout, restored.stderr]).toEqual([0, `restored b1 "B one" from Grafana's "Recently deleted" into folder "Team B" (team-b), now version 1\n${noFileLine('b1')}`, '']);
    // No save needed: the connection never went away, so a later prune sees b1 as a user.
    expect(await users(sandbox, 'lp-mem')).toEqual(['a1', 'b1']);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/b1')).body.meta.version).toBe(1);
  });

  it('--delete-mode hard purges them too, so the panel goes in the same apply', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2' });
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
    const pruned = await ws.cli(['apply', '--prune', 'all', '--delete-mode', 'hard']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect(pruned.stdout).toContain('Library panels: 1 deleted');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(404);
  });

  it('on 11.6 (PR #99612, whose delete would let them go) the same prune keeps the panel while they wait there, says so, and restore gives b1 back with its panel', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2', release: '11.6.0' });
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
    const kept =
      'library panel lp-mem "Memory" has no file but is used by 2 dashboard(s): a1 "A one", b1 "B one" (this plan moves a1 "A one", b1 "B one" to "Recently deleted": ' +
      'kept while they wait there, so that one restored from there shows it; --delete-mode hard lets it go); not deleted (Grafana 11.6 and later would delete it under them)';
    const plan = await ws.cli(['plan', '--prune', 'all']);
    expect(`${plan.stdout}${plan.stderr}`).toContain(kept);
    const pruned = await ws.cli(['apply', '--prune', 'all']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect(pruned.stdout).not.toContain('Library panels:');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/search?deleted=true')).body.map((hit: { uid: string }) => hit.uid).sort()).toEqual(['a1', 'b1']);

    const restored = await ws.cli(['restore', 'b1']);
    expect(restored.code).toBe(0);
    const b1 = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/b1')).body.dashboard;
    expect(b1.panels.map((panel: { libraryPanel?: { uid: string } }) => panel.libraryPanel?.uid)).toContain('lp-mem');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(200);
  });

  it('on 11.6 --delete-mode hard purges them, so the panel goes in the same apply', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2', release: '11.6.0' });
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
    const pruned = await ws.cli(['apply', '--prune', 'all', '--delete-mode', 'hard']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect(pruned.stdout).toContain('Library panels: 1 deleted');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(404);
  });
});
