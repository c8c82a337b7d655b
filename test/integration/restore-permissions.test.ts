import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { writes } from '../e2e/apply/workspace.js';
import { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { libraryWorkspace } from './library-panels/library-tree.js';

// Every test spawns the CLI a few times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const BACKUPS = '.dashsync/backups/library-panels';

/** An applied library tree, and a library panel `lp-x` in folder `uid` (created by the org Admin) pruned with a backup. */
async function prunedPanelIn(sandbox: SandboxHandle, folder: { uid: string; title: string; parentUid?: string }) {
  const ws = await libraryWorkspace(sandbox);
  expect((await ws.cli(['apply'])).code).toBe(0);
  if (folder.parentUid) expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: folder.parentUid, title: 'Parent' })).status).toBe(200);
  expect((await apiRequest(sandbox, 'POST', '/api/folders', folder)).status).toBe(200);
  const created = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'lp-x', name: 'X', kind: 1, folderUid: folder.uid, model: { type: 'stat' } });
  expect(created.status).toBe(200);
  expect((await ws.cli(['apply', '--prune', 'all'])).stdout).toContain('Library panels: 1 deleted');
  const [file] = await readdir(join(ws.dir, BACKUPS, 'lp-x'));
  return { ws, backup: `${BACKUPS}/lp-x/${file}` };
}

/** A tree of one dashboard, `kept`, applied into folder `viewed`, which Editors may only view; and an Editor's token. */
async function viewedFolderTree(sandbox: SandboxHandle) {
  const ws = await libraryWorkspace(sandbox, {
    'dashsync.config.json': { root: 'dashboards' },
    'dashboards/viewed/_folder.json': { uid: 'viewed', title: 'Viewed' },
    'dashboards/viewed/kept.json': { uid: 'kept', title: 'Kept', panels: [] },
  });
  expect((await ws.cli(['apply'])).code).toBe(0);
  expect((await apiRequest(sandbox, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
  return { ws, token: await sandbox.createToken('Editor') };
}

const asEditor = (token: string) => ({ GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });

describe.each(GRAFANA_VERSIONS)('a prune of a library panel whose folder sits below one the token may not read, on Grafana %s (--api legacy)', (grafanaVersion) => {
  it('writes the backup without a chain and says so in a warning naming the library panel; restore of it, the folder gone, goes to General and says why', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'platform', title: 'Platform' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/platform/permissions', { items: [] })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'databases', title: 'Databases', parentUid: 'platform' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/databases/permissions', { items: [{ role: 'Editor', permission: 2 }] })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'lp-db', name: 'DB', kind: 1, folderUid: 'databases', model: { type: 'stat' } })).status).toBe(200);
    const token = await sandbox.createToken('Editor');

    // /api, so that the line names one request on every release (through /apis it names folder.grafana.app's).
    const pruned = await ws.cli(['apply', '--prune', 'all', '--api', 'legacy'], asEditor(token));
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('Library panels: 1 deleted');
    expect(pruned.stderr).toBe(
      'warning: the backup of library panel lp-db records no folders above its folder: folder platform above its folder databases could not be read, ' +
        'these credentials cannot read it (GET /api/folders/platform: HTTP 403); if folder databases is gone when library panel lp-db is restored from this backup, ' +
        'it goes to the General level instead of being created again where it was (the backup is written; grant these credentials View on platform to record the chain)\n',
    );
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform')).status).toBe(200);
    const restored = await ws.cli(['restore', 'lp-db']);
    expect(restored.stdout).toMatch(/^restored library panel lp-db "DB" from \S+ into the General level \(its folder Databases \(databases\) was not found or is not readable with these credentials\), now version 1\nlp-db has no file in the tree: a prune that covers it deletes it again; run dashsync pull lp-db to write it\n$/);
  });
});

describe.each(GRAFANA_VERSIONS)('restore with a token that may not write where it restores, on Grafana %s', (grafanaVersion) => {
  it('a library panel whose folder the token may only view: Grafana\'s refusal is one line, and nothing is written', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const { ws } = await prunedPanelIn(sandbox, { uid: 'viewed', title: 'Viewed' });
    expect((await apiRequest(sandbox, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    const token = await sandbox.createToken('Editor');

    sandbox.clearRequests();
    const result = await ws.cli(['restore', 'lp-x'], asEditor(token));
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: cannot restore library panel lp-x: POST /api/library-elements failed: HTTP 403: access denied to folder\n');
    expect(result.code).toBe(1);
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['POST /api/library-elements 403']);
  });

  it('a library panel whose folders were created again for it and whose create is then refused: the folders go again, and the line says so', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const { ws } = await prunedPanelIn(sandbox, { uid: 'inner', title: 'Inner', parentUid: 'outer' });
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/outer')).status).toBe(200);
    // Grafana refuses the create (a permission the token lost in between, say).
    sandbox.setFaults({ script: [{ kind: 'status', status: 403 }], methods: ['POST'], pathPrefix: '/api/library-elements' });

    sandbox.clearRequests();
    const result = await ws.cli(['restore', 'lp-x']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: cannot restore library panel lp-x: POST \/api\/library-elements failed: HTTP 403[^\n]*; deleted again the folders this restore had created for it, still empty: "Inner" \(inner\), "Parent" \(outer\)\n$/,
    );
    expect(result.code).toBe(1);
    // Folders go through /api or /apis as the release has it: named by what they are.
    const shown = (path: string) => path.replace(/^\/apis\/folder\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/folders/, '/api/folders');
    expect(writes(sandbox).map((entry) => `${entry.method} ${shown(entry.path)} ${entry.status < 300 ? 'ok' : entry.status}`)).toEqual([
      'POST /api/folders ok',
      'POST /api/folders ok',
      'POST /api/library-elements 403',
      'DELETE /api/folders/inner ok',
      'DELETE /api/folders/outer ok',
    ]);
    for (const uid of ['inner', 'outer']) expect((await apiRequest(sandbox, 'GET', `/api/folders/${uid}`)).status).toBe(404);
  });
});

// /api only: the SQL save path (--api legacy). The sandbox's /apis folder checks are tested in test/sandbox/folder-permissions.test.ts.
describe.each(['11.2', '12'] as const)('restore and prune of dashboards in a folder the token may only view, on Grafana %s (the SQL save path, --api legacy)', (grafanaVersion) => {
  async function dashboardsIn(sandbox: SandboxHandle) {
    const ws = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/viewed/_folder.json': { uid: 'viewed', title: 'Viewed' },
      'dashboards/viewed/kept.json': { uid: 'kept', title: 'Kept', panels: [] },
      'dashboards/viewed/gone.json': { uid: 'gone', title: 'Gone', panels: [] },
    });
    expect((await ws.cli(['apply'])).code).toBe(0);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    return { ws, token: await sandbox.createToken('Editor') };
  }

  it('a prune by the Editor is refused by Grafana for that dashboard and says so, the backup kept (11.2); on 12 it is held, as its history cannot be read', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const { ws, token } = await dashboardsIn(sandbox);
    await rm(join(ws.dir, 'dashboards/viewed/gone.json'));
    sandbox.clearRequests();
    const pruned = await ws.cli(['apply', '--prune', '--api', 'legacy'], asEditor(token));
    if (grafanaVersion === '12') {
      // On 12 through /api, prune deletes only what dashsync saved last, which the history shows, and these credentials may
      // not read it (fix-63a): the delete is held, with the way on, before any backup or write.
      expect([pruned.code, pruned.stdout]).toEqual([0, expect.stringContaining('Applied: 0 created, 0 updated, 0 moved, 0 deleted, 1 delete held')]);
      expect(pruned.stdout).toContain('held: gone "Gone": not deleted: its version history, which shows whether dashsync saved it last, could not be read here either');
      expect(pruned.stderr).toContain('apply the plan with credentials that may read version history (an Editor\'s: Grafana needs dashboards:write, Edit on the dashboard\'s folder), or dashsync plan --prune --api auto judges them on /apis: gone');
      expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/gone')).status).toBe(200);
      expect(writes(sandbox)).toEqual([]);
      return;
    }
    expect(pruned.code).toBe(1);
    expect(pruned.stdout).toMatch(/^backup: \.dashsync\/backups\/gone\/\S+\.json$/m);
    // 11.2's route is unscoped and the handler's guardian refuses; 12's route checks the dashboard's scope (RBAC 403).
    const refusal = grafanaVersion === '11.2' ? 'Access denied to this dashboard' : "You'll need additional permissions to perform this action. Permissions needed: dashboards:delete";
    // 11.2's refusal names the dashboard's folder (walk-68b L1); 12's RBAC answer is told as before.
    const hint =
      grafanaVersion === '11.2'
        ? 'they need Edit permission on folder "Viewed" (viewed), which the Editor role or higher in this org gives unless that folder\'s permissions leave Editors out, and a grant on it to the account or its team gives too'
        : 'they need the Editor role or higher in this org, or Edit permission on the folder';
    expect(pruned.stderr).toBe(
      `failed: delete gone "Gone": DELETE /api/dashboards/uid/gone failed: HTTP 403: ${refusal} ` +
        `(these credentials may not write here: ${hint})\n` +
        '1 planned change failed (its line is above); Grafana refused it as forbidden (403: these credentials may not write it), which running again does not change: give them a role that may (Editor, or Edit on the folders concerned), or use a token that has one, then run dashsync apply --api legacy --prune again to finish (what is done is skipped)\n',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/gone')).status).toBe(200);
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['DELETE /api/dashboards/uid/gone 403']);
  });

  it('restore into it (its old folder, or --folder naming it): Grafana\'s refusal is one line per dashboard, and nothing is written', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const { ws, token } = await dashboardsIn(sandbox);
    for (const uid of ['kept', 'gone']) await rm(join(ws.dir, `dashboards/viewed/${uid}.json`));
    // --prune all: without git history a directory left with only its _folder.json is not known to be this tree's.
    const pruned = await ws.cli(['apply', '--prune', 'all', '--delete-mode', 'hard']);
    expect([pruned.code, pruned.stdout]).toEqual([0, expect.stringContaining('2 deleted')]);

    sandbox.clearRequests();
    // 11.2's "Recently deleted" (on), which an Editor may not list, may keep their uids taken: refused before any save
    // unless told to try (rev-68c M2; here the hard delete purged them, which the Editor cannot see).
    const overTrash = grafanaVersion === '11.2' ? ['--over-recently-deleted'] : [];
    if (grafanaVersion === '11.2') {
      const unseen = await ws.cli(['restore', 'kept', 'gone', '--api', 'legacy'], asEditor(token));
      expect([unseen.code, unseen.stderr]).toEqual([1, expect.stringMatching(/^error: cannot restore kept: Grafana 11's "Recently deleted" lists dashboards, and gives them back, to org Admins only, .*--over-recently-deleted to try the backup all the same/)]);
      expect(writes(sandbox).filter((entry) => entry.method !== 'PATCH')).toEqual([]);
    }
    const refused = await ws.cli(['restore', 'kept', 'gone', '--api', 'legacy', ...overTrash], asEditor(token));
    expect(refused.stdout).toBe('Restore: 0 restored; 2 failed\n');
    expect(refused.stderr).toBe(
      'error: cannot restore kept: POST /api/dashboards/db failed: HTTP 403: Access denied to save dashboard\n' +
        'error: cannot restore gone: POST /api/dashboards/db failed: HTTP 403: Access denied to save dashboard\n',
    );
    expect(refused.code).toBe(1);
    const withFolder = await ws.cli(['restore', 'kept', '--folder', 'viewed', '--api', 'legacy', ...overTrash], asEditor(token));
    expect([withFolder.code, withFolder.stderr]).toEqual([1, 'error: cannot restore kept: POST /api/dashboards/db failed: HTTP 403: Access denied to save dashboard\n']);
    expect(writes(sandbox).every((entry) => entry.status === 403)).toBe(true);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/kept')).status).toBe(404);
  });
});

// 13.0.2 saves `/api` through the service, whose guardian refuses first (as 12's); 13.1 on through saveDashboardViaK8s,
// where the create meets the folder admission (its 500) and an update the storage's check (a 403 without message).
describe.each([
  { release: undefined, name: '13.0.2 (era C)', line: 'HTTP 403: Access denied to save dashboard' },
  { release: '13.2.0', name: '13.2.0 (era D)', line: 'HTTP 500: access denied to folder' },
])('restore into a folder the token may only view, on Grafana $name (the save goes through unified storage)', ({ release, line }) => {
  it('is refused with what Grafana says, and nothing is written', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', release });
    const { ws, token } = await viewedFolderTree(sandbox);
    await rm(join(ws.dir, 'dashboards/viewed/kept.json'));
    const pruned = await ws.cli(['apply', '--prune', 'all', '--delete-mode', 'hard']);
    expect([pruned.code, pruned.stdout]).toEqual([0, expect.stringContaining('1 deleted')]);

    // Through /api on 13 a backup goes back only where --from-backup names it ("Recently deleted" may hold a newer copy: nl-62).
    const backups = join(ws.dir, '.dashsync/backups/kept');
    const [backup] = await readdir(backups);
    const refused = await ws.cli(['restore', 'kept', '--api', 'legacy', '--from-backup', join(backups, backup!)], asEditor(token));
    expect([refused.code, refused.stderr]).toEqual([1, `error: cannot restore kept: POST /api/dashboards/db failed: ${line}\n`]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/kept')).status).toBe(404);
  });
});

describe('an update the storage refuses without a message, on Grafana 13.2 (era D: saveDashboardViaK8s)', () => {
  it('says Grafana gave no reason, not the raw body', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0' });
    const { ws, token } = await viewedFolderTree(sandbox);
    await writeFile(join(ws.dir, 'dashboards/viewed/kept.json'), JSON.stringify({ uid: 'kept', title: 'Kept again', panels: [] }));
    const refused = await ws.cli(['apply', '--api', 'legacy', '--auto-approve'], asEditor(token));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('POST /api/dashboards/db failed: HTTP 403: Grafana gave no reason');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/kept')).body.dashboard.title).toBe('Kept');
  });
});
