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
      'library panel lp-mem "Memory" has no file but is used by 2 dashboards: in Grafana\'s "Recently deleted": a1, b1 (Grafana 11 before 11.6 counts them until they are purged: ' +
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
      'library panel lp-mem "Memory" has no file but is used by 2 dashboards: a1 "A one", b1 "B one" (this plan moves a1 "A one", b1 "B one" to "Recently deleted": ' +
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

// On unified storage (13; 12.4 when it moved a small instance there) Grafana answers a panel's users through search,
// which leaves a dashboard in "Recently deleted" out, so the panel's delete is allowed under it; that trash keeps
// dashboards whatever restoreDashboards says (src/sandbox/README.md, "Recently deleted"). dashsync deletes the panel
// and names those dashboards, in the plan and in the deleted line.
const WAITING =
  'library panel lp-mem "Memory" has no file and prune deletes it, but dashboards in Grafana\'s "Recently deleted" use it: a1 "A one", b1 "B one"';
const NOT_COUNTED =
  '; Grafana no longer counts them as its users and lets it go, so one taken back from there shows an error in its place unless dashsync restore lp-mem ' +
  'brings the panel back first (apply backs it up before the delete)';
const DELETED_LINE =
  'deleted: library panel lp-mem "Memory"; dashboards a1, b1 wait in Grafana\'s "Recently deleted" and no longer hold it (Grafana does not count them there): ' +
  'one taken back from there needs dashsync restore lp-mem first, or it shows an error in its place\n';

describe('library panels and "Recently deleted" on unified storage', () => {
  it('13: a prune that moves the last users there deletes the panel in the same apply and names them; restoring the panel first gives a dashboard back whole', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '13' });
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
    const plan = await ws.cli(['plan', '--prune', 'all']);
    expect(`${plan.stdout}${plan.stderr}`).toContain(`${WAITING} (this plan moves a1 "A one", b1 "B one" there)${NOT_COUNTED}`);
    expect(plan.stdout).toContain('- delete        library panel "Memory" (uid lp-mem, live version 1) in "Team B"');

    const pruned = await ws.cli(['apply', '--prune', 'all']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect(pruned.stdout).toContain(DELETED_LINE);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(404);

    expect((await ws.cli(['restore', 'lp-mem'])).code).toBe(0);
    const restored = await ws.cli(['restore', 'b1']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('restored b1 "B one" from Grafana\'s "Recently deleted"');
    expect(await users(sandbox, 'lp-mem')).toEqual(['b1']);
  });

  it('12.4 on unified storage with restoreDashboards off: users already there when the plan is made are named too, and a dashboard delete says Grafana keeps it', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '12', release: '12.4.0', storage: 'unified' });
    expect((await apiRequest(sandbox, 'GET', '/api/frontend/settings')).body.featureToggles.restoreDashboards).toBeUndefined();
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
    // Someone deletes a1 and b1 in Grafana before the plan: its page being off, they wait in the trash all the same.
    for (const uid of ['a1', 'b1']) expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    const plan = await ws.cli(['plan', '--prune', 'all']);
    expect(`${plan.stdout}${plan.stderr}`).toContain(`${WAITING}${NOT_COUNTED}`);
    const pruned = await ws.cli(['apply', '--prune', 'all']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect(pruned.stdout).toContain(DELETED_LINE);

    await rm(join(ws.dir, 'dashboards/team-a/a2.json'));
    const again = await ws.cli(['apply', '--prune', 'all']);
    expect(again.stdout).toContain(
      'deleted: a2 "A two"; Grafana keeps it in "Recently deleted" too, though its page is switched off in this Grafana (feature toggle restoreDashboards): ' +
        'dashsync restore a2 takes it back through /apis\n',
    );
    expect((await ws.cli(['restore', 'a2'])).stdout).toContain('restored a2 "A two" from Grafana\'s "Recently deleted"');
  });
});
