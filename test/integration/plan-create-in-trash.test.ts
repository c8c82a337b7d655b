import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { renderPlanJson } from '../../src/report/render-plan-json.js';
import type { Plan } from '../../src/plan/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** Folder `team` with dashboards `cpu` and `mem` in Grafana and in the tree (files dashboards/team/<uid>.json). */
async function seeded(sandbox: Sandbox): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-create-in-trash-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards/team'), { recursive: true });
  await writeFile(join(dir, 'dashboards/team/_folder.json'), `${JSON.stringify({ title: 'Team', uid: 'team' }, null, 2)}\n`);
  await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' }, adminHeaders());
  for (const [uid, title] of [['cpu', 'CPU'], ['mem', 'Memory']] as const) {
    const dashboard = { panels: [], schemaVersion: 39, title, uid };
    await writeFile(join(dir, `dashboards/team/${uid}.json`), `${JSON.stringify(dashboard, null, 2)}\n`);
    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard, folderUid: 'team' }, adminHeaders());
  }
  return dir;
}

async function planOf(sandbox: Sandbox, dir: string, flags: { api?: 'legacy' } = {}): Promise<Plan> {
  const settings = await loadSettings({ flags, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return await createPlan({ settings, grafana, git: GIT });
}

async function planText(sandbox: Sandbox, dir: string, flags: { api?: 'legacy' } = {}): Promise<string> {
  return renderPlanText(await planOf(sandbox, dir, flags), { color: false });
}

/** `count` dashboards `board-NN` in folder `team`, each with its file in the tree, made in Grafana and deleted there. */
async function deletedBoards(sandbox: Sandbox, count: number): Promise<{ dir: string; uids: string[] }> {
  const dir = await seeded(sandbox);
  const uids = Array.from({ length: count }, (_, at) => `board-${String(at + 1).padStart(2, '0')}`);
  for (const uid of uids) {
    const dashboard = { panels: [], schemaVersion: 39, title: `Board ${uid}`, uid };
    await writeFile(join(dir, `dashboards/team/${uid}.json`), `${JSON.stringify(dashboard, null, 2)}\n`);
    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard, folderUid: 'team' }, adminHeaders());
    await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`, undefined, adminHeaders());
  }
  return { dir, uids };
}

const trashListings = (sandbox: Sandbox) => sandbox.requests().filter((entry) => entry.path.includes('get-trash'));

// fix-60b (walk-60 M1): on 13 a dashboard deleted in the UI waits in "Recently deleted", yet the plan called its file a plain
// create; apply then made a new dashboard (version 1, no history) where dashsync restore would have kept it.
describe('plan: a create whose dashboard is in Grafana 13\'s "Recently deleted"', () => {
  it('is noted with when and by whom it was deleted, and the restore command; no trash list read without creates', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await seeded(sandbox);
    sandbox.clearRequests();
    expect(await planText(sandbox, dir)).not.toContain('recently deleted');
    expect(trashListings(sandbox)).toEqual([]);

    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders());
    sandbox.clearRequests();
    const text = await planText(sandbox, dir);
    expect(text).toMatch(
      /recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but it was deleted in Grafana at \d{4}-\d\d-\d\dT\S+Z by "admin"; it is in "Recently deleted": dashsync restore cpu brings it back as it was deleted, with its id; apply makes a new one from the file, and Grafana then lists the deleted one no more/,
    );
    expect(text).not.toContain('(uid mem)');
    expect(trashListings(sandbox).length).toBe(1);
  });

  // nl-61c: api "legacy" never touches /apis (SPEC §13), where alone 13 lists "Recently deleted": the plan cannot look, and
  // says so once when it creates (nl-61b had it read /apis), naming the plan that would look.
  it.each([
    ['13', undefined, 'Grafana 13 keeps "Recently deleted"'],
    ['12.4 on unified storage', 'unified', 'Grafana 12.4 keeps "Recently deleted" if its dashboards are on unified storage, which /api does not show (a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good)'],
  ] as const)('with api "legacy" on %s: one note that it was not checked, only with creates, and no request to /apis', async (_release, storage, keeps) => {
    const sandbox = await startTestSandbox({ grafanaVersion: storage === undefined ? '13' : '12', ...(storage === undefined ? {} : { release: '12.4.0', storage }) });
    const dir = await seeded(sandbox);
    sandbox.clearRequests();
    expect(await planText(sandbox, dir, { api: 'legacy' })).not.toContain('recently deleted');

    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders());
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/mem', undefined, adminHeaders());
    sandbox.clearRequests();
    const text = await planText(sandbox, dir, { api: 'legacy' });
    const note = `recently deleted: not checked: api "legacy" never reads /apis, where ${keeps}; dashsync plan --api auto names a create whose uid was deleted there`;
    expect(text.split('\n').filter((line) => line.includes('recently deleted'))).toEqual([expect.stringContaining(note)]);
    expect(sandbox.requests().filter((entry) => entry.path.startsWith('/apis'))).toEqual([]);
  });

  // Stop 69 §10.7: a folder deleted in Grafana made one such line per create (596 lines for 596 dashboards).
  it('past ten such creates, one line: their count, the first five, where every one is listed; --verbose and JSON keep each', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { dir, uids } = await deletedBoards(sandbox, 12);
    const plan = await planOf(sandbox, dir);
    const lines = renderPlanText(plan, { color: false }).split('\n').filter((line) => line.includes('recently deleted'));
    expect(lines).toEqual([
      expect.stringContaining(
        'recently deleted: 12 dashboards are planned as creates, but they were deleted in Grafana and are in its "Recently deleted": ' +
          'board-01 (dashboards/team/board-01.json), board-02 (dashboards/team/board-02.json), board-03 (dashboards/team/board-03.json), board-04 (dashboards/team/board-04.json), board-05 (dashboards/team/board-05.json) ' +
          `and 7 more (dashsync plan --verbose lists every one, --format json holds them all); dashsync restore ${uids.join(' ')} brings them back as they were deleted, with their ids; ` +
          'apply makes new ones from the files, and Grafana then lists the deleted ones no more (an apply no one reviewed leaves them deleted, conflicts, unless run with --force)',
      ),
    ]);
    // Every uid is still findable: one line each with --verbose, one warning each in JSON.
    const verbose = renderPlanText(plan, { color: false, verbose: true }).split('\n').filter((line) => line.includes('recently deleted: dashboards/team/board-'));
    expect(verbose).toHaveLength(12);
    const warnings = JSON.parse(renderPlanJson(plan)).warnings.filter((warning: { kind: string }) => warning.kind === 'in-recently-deleted');
    expect(warnings.map((warning: { uid: string }) => warning.uid).sort()).toEqual(uids);

    // rev-70b M1: the line's command, pasted, brings every one back (it advised `restore UID`, which fails pasted).
    const command = /; (dashsync restore [^;]+) brings them back/.exec(lines[0]!)?.[1];
    const pasted = await pasteInShell(sandbox, dir, command!);
    expect(pasted.stderr).toBe('');
    expect(pasted.code).toBe(0);
    for (const uid of uids) expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`, undefined, adminHeaders())).status).toBe(200);
    expect(renderPlanText(await planOf(sandbox, dir), { color: false })).not.toContain('recently deleted');
  });

  it('says nothing on 12, whose legacy storage deletes for good', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await seeded(sandbox);
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders());
    expect(await planText(sandbox, dir)).not.toContain('recently deleted');
    expect(await planText(sandbox, dir, { api: 'legacy' })).not.toContain('recently deleted');
  });
});

// fixt-71 (stop 70 §8.9): Grafana 11's "Recently deleted" keeps a deleted dashboard's uid taken, and the plan's line for each
// such create was not folded as `/apis`' were: a folder deleted in Grafana 11 made one line per dashboard.
describe('plan: creates whose uids Grafana 11\'s "Recently deleted" keeps taken', () => {
  it('past ten, one line: their count, the first five, where every one is listed, the restore naming every one; --verbose and JSON keep each', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const { dir, uids } = await deletedBoards(sandbox, 11);
    const plan = await planOf(sandbox, dir);
    const lines = renderPlanText(plan, { color: false }).split('\n').filter((line) => line.includes('recently deleted'));
    expect(lines).toEqual([
      expect.stringContaining(
        `recently deleted: 11 dashboards are planned as creates, but dashboards with their uids are in Grafana's "Recently deleted", which keeps the uids taken (Grafana 11): apply's creates will be refused: ` +
          'board-01 "Board board-01", board-02 "Board board-02", board-03 "Board board-03", board-04 "Board board-04", board-05 "Board board-05" ' +
          `and 6 more (dashsync plan --verbose lists every one, --format json holds them all). Take them back with dashsync restore ${uids.join(' ')} and plan again, ` +
          `delete them for good on Grafana's "Recently deleted" page, or give the files other uids`,
      ),
    ]);
    // Ten or fewer keep a line each, in the one line's words; --verbose and JSON keep one each whatever their number.
    const verbose = renderPlanText(plan, { color: false, verbose: true }).split('\n').filter((line) => line.includes('recently deleted: board-'));
    expect(verbose).toHaveLength(11);
    expect(verbose[0]).toContain(`recently deleted: board-01 "Board board-01" is planned as a create, but a dashboard with this uid is in Grafana's "Recently deleted", which keeps the uid taken (Grafana 11)`);
    const warnings = JSON.parse(renderPlanJson(plan)).warnings.filter((warning: { kind: string }) => warning.kind === 'recently-deleted');
    expect(warnings.map((warning: { uid: string }) => warning.uid).sort()).toEqual(uids);

    // The line's command, pasted, takes every one back; the next plan has nothing to say of them.
    const command = /Take them back with (dashsync restore [^.]+?) and plan again/.exec(lines[0]!)?.[1];
    const pasted = await pasteInShell(sandbox, dir, command!);
    expect(pasted.stderr).toBe('');
    expect(pasted.code).toBe(0);
    for (const uid of uids) expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`, undefined, adminHeaders())).status).toBe(200);
    expect(renderPlanText(await planOf(sandbox, dir), { color: false })).not.toContain('recently deleted');
  });
});
