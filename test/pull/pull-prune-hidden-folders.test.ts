import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, deleteInGrafana, GRAFANA_VERSIONS, libraryPanelRef, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

function folderReads(handle: SandboxHandle): string[] {
  return handle
    .requests()
    .filter((entry) => entry.method === 'GET' && entry.path.startsWith('/api/folders/'))
    .map((entry) => `${entry.path} ${entry.status}`)
    .sort();
}

describe.each(GRAFANA_VERSIONS)('pull and dashboard files whose folder the credentials cannot read (Grafana %s)', (grafanaVersion) => {
  it('neither lists nor prunes them (Grafana hides a folder it will not show, and its dashboards), reading each such folder once; a deleted folder’s files go', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await createFolder(handle, { uid: 'old', title: 'Old' });
    await createFolder(handle, { uid: 'secret', title: 'Secret' });
    await createLibraryPanel(handle, 'lp-root', '');
    await createLibraryPanel(handle, 'lp-secret', 'secret');
    await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [] });
    await saveDashboard(handle, { uid: 'legacy', title: 'Legacy', panels: [] }, 'old');
    await saveDashboard(handle, { uid: 'vault', title: 'Vault', panels: [libraryPanelRef(1, 'lp-root'), libraryPanelRef(2, 'lp-secret')] }, 'secret');
    const work = await makeWorkDir();
    const tree = join(work, 'dashboards');
    expect((await dashsync(handle, work, ['pull', '--api', 'legacy'])).code).toBe(0);
    await commitAll(work);
    const before = await walkFiles(tree);
    // Folder old is deleted with its dashboard; lp-root is unlinked and deleted. Folder secret becomes
    // unreadable: the sandbox has roles, not per-folder rights, so the index leaves the folder and its
    // dashboard out, reading the folder is refused, and its library panel is deleted (Grafana would hide it).
    await deleteInGrafana(handle, '/api/dashboards/uid/legacy');
    await deleteInGrafana(handle, '/api/folders/old');
    await saveDashboard(handle, { uid: 'vault', title: 'Vault', panels: [] }, 'secret');
    await deleteInGrafana(handle, '/api/library-elements/lp-root');
    await deleteInGrafana(handle, '/api/library-elements/lp-secret');
    handle.setFaults({ searchMisses: ['secret', 'vault'], pathPrefix: '/api/folders/secret', errorRate: 1, errorStatus: 403 });
    handle.clearRequests();

    const listed = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(listed.code, listed.stderr).toBe(0);
    expect(lines(listed.stdout)).toEqual([
      'only in git  dashboards/_library/panel-lp-root.json (library panel lp-root is not in Grafana; dashboard vault in the tree still uses it: --prune keeps it, and apply creates the panel again)',
      'only in git  dashboards/old/legacy.json (uid legacy is not in Grafana)',
      '1 file only in git: its dashboard is not in Grafana. Deleted there: dashsync pull --api legacy --prune deletes the file (git keeps it); new, not applied yet: dashsync apply --api legacy creates it.',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 2 only in git.',
    ]);
    expect(lines(listed.stderr)).toEqual([
      'note: dashboards/secret/vault.json: uid vault is not among the dashboards these credentials can see, and its folder secret cannot be read with them: pull cannot tell whether it is gone; file left as it is',
      'note: dashboards/secret/_library/panel-lp-secret.json: library panel lp-secret is not among the library panels these credentials can see, and its folder secret cannot be read with them: pull cannot tell whether it is gone; file left as it is',
    ]);
    // One read for the hidden folder and one for the deleted one, however many files each holds.
    expect(folderReads(handle)).toEqual(['/api/folders/old 404', '/api/folders/secret 403']);
    handle.clearRequests();

    const pruned = await dashsync(handle, work, ['pull', '--api', 'legacy', '--prune']);

    expect(pruned.code, pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toEqual([
      'Deleting 1 file whose dashboard is not in Grafana:',
      '  dashboards/old/legacy.json (uid legacy)',
      'kept     dashboards/_library/panel-lp-root.json: library panel lp-root is not in Grafana, but dashboard vault in the tree still uses it (without this file check reports library-panel-missing; apply creates the panel again): not deleted',
      'kept     dashboards/secret/_library/panel-lp-secret.json: library panel lp-secret is not among the library panels these credentials can see, and its folder secret cannot be read with them: pull cannot tell whether it is gone; not deleted',
      'kept     dashboards/secret/vault.json: uid vault is not among the dashboards these credentials can see, and its folder secret cannot be read with them: pull cannot tell whether it is gone; not deleted',
      // These credentials may not list "Recently deleted" (or there is none): whether Grafana held it is not known, and said.
      'deleted  dashboards/old/legacy.json (uid legacy is not in Grafana; whether this Grafana ever held it is not known: see the note)',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 1 deleted, 1 kept. Library panels: 2 kept.',
    ]);
    expect(lines(pruned.stderr)).toEqual([expect.stringMatching(/^note: pull --prune deleted 1 file whose uid this Grafana may never have held, which dashsync cannot tell: .* git checkout HEAD -- dashboards\/old\/legacy\.json brings it back$/)]);
    expect(folderReads(handle)).toEqual(['/api/folders/old 404', '/api/folders/secret 403']);
    // Nothing but the deleted folder's dashboard left the tree, and what stayed is byte for byte what was there.
    const after = await walkFiles(tree);
    expect(after.map((file) => file.path)).toEqual(before.map((file) => file.path).filter((path) => path !== 'old/legacy.json'));
    expect(await readFile(join(tree, 'secret/vault.json'), 'utf8')).toBe(before.find((file) => file.path === 'secret/vault.json')!.bytes);
  });
});
