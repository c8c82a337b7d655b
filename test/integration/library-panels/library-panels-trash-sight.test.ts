import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { startTrashFailingProxy } from '../../helpers/trash-failing-proxy.js';
import { appliedLibraryTree, dashboard, ref } from './library-tree.js';

// Unified storage's "Recently deleted" shows an entry only to whoever deleted the dashboard and to those who may set
// its permissions (Grafana PR #106767; src/sandbox/README.md, "Recently deleted"); on unified storage Grafana lets a
// library panel go under dashboards waiting there. dashsync says when its trash read may miss entries, and apply reads
// the trash again before a library panel delete, so that a dashboard deleted after the plan is named too.
const editor = async (sandbox: SandboxHandle) => ({ GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
const UNSEEN =
  'some may wait there unseen: Grafana shows a "Recently deleted" entry only to whoever deleted the dashboard and to those who may set its permissions, ' +
  "and these credentials are not such for every dashboard (plan with an org Admin's token to see entries others deleted)";

async function pruneMemoryAndItsUsers(ws: { dir: string }): Promise<void> {
  for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
}

describe('library panels, "Recently deleted" and what these credentials see of it (13)', () => {
  it("an Editor token's plan says that dashboards others deleted may use the panel it prunes; an Admin's names them", async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '13' });
    await pruneMemoryAndItsUsers(ws);
    // An org Admin deletes the panel's users in Grafana: the Editor token is not shown those entries.
    for (const uid of ['a1', 'b1']) expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);

    const asEditor = await ws.cli(['plan', '--prune', 'all'], await editor(sandbox));
    expect(`${asEditor.stdout}${asEditor.stderr}`).toContain(
      `library panel lp-mem "Memory" has no file and prune deletes it; no dashboard in Grafana's "Recently deleted" that these credentials can see uses it; ${UNSEEN}; ` +
        "one taken back from there would show an error in the panel's place unless dashsync restore lp-mem brings the panel back first (apply backs it up before the delete)",
    );
    const asAdmin = await ws.cli(['plan', '--prune', 'all']);
    expect(`${asAdmin.stdout}${asAdmin.stderr}`).toContain('dashboards in Grafana\'s "Recently deleted" use it: a1 "A one", b1 "B one"; Grafana no longer counts them');
    expect(`${asAdmin.stdout}${asAdmin.stderr}`).not.toContain('unseen');
  });

  it('apply reads the trash again: a dashboard that started using the panel and was deleted after the plan is named, with a warning', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '13' });
    await pruneMemoryAndItsUsers(ws);
    const planned = await ws.cli(['plan', '--prune', 'all', '--out', 'plan.json']);
    expect(planned.code).toBe(0);
    // After the plan: someone saves c1 with the panel in Grafana, then deletes it (it waits in "Recently deleted").
    const c1 = dashboard('c1', 'C one', [ref(1, 'lp-mem', 'Memory')]);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: c1, folderUid: 'team-b' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/c1')).status).toBe(200);

    const applied = await ws.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toBe(
      'warning: library panel lp-mem "Memory": dashboard c1, deleted after the plan, uses it from Grafana\'s "Recently deleted", which the plan did not name; ' +
        'deleted all the same, as a new plan would (Grafana lets it go under them): dashsync restore lp-mem brings it back from the backup just written, ' +
        'before one of them is taken back from there\n',
    );
    expect(applied.stdout).toContain(
      'deleted: library panel lp-mem "Memory"; dashboards a1, b1, c1 wait in Grafana\'s "Recently deleted" and no longer hold it (Grafana does not count them there): ' +
        'one taken back from there needs dashsync restore lp-mem first, or it shows an error in its place\n',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(404);
  });
  // fixt-68's leftover: the library panels' trash reader read a list that failed as one with no entries: the plan and the
  // apply said nothing of the dashboards there that may use the panel they delete.
  it('a trash list that answers 500: the plan and the apply say its users there cannot be told, naming the failure', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '13' });
    await pruneMemoryAndItsUsers(ws);
    for (const uid of ['a1', 'b1']) expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };

    const planned = await ws.cli(['plan', '--prune', 'all'], through);
    expect(`${planned.stdout}${planned.stderr}`).toMatch(
      /library panel lp-mem "Memory" has no file and prune deletes it; whether a dashboard in Grafana's "Recently deleted" uses it cannot be told: its list could not be read \([^)]*the trash query timed out\); one taken back from there would show an error in the panel's place unless dashsync restore lp-mem brings the panel back first/,
    );
    const applied = await ws.cli(['apply', '--prune', 'all', '--auto-approve'], through);
    expect(applied.stdout).toMatch(
      /deleted: library panel lp-mem "Memory"; whether a dashboard in Grafana's "Recently deleted" uses it cannot be told \(its list could not be read: [^)]*the trash query timed out\): one taken back from there needs dashsync restore lp-mem first/,
    );
    expect(proxy.failed()).toBeGreaterThan(0);
  });
});
