import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, libraryPanelRef, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

describe('pull --folder and a library panel stored in another team’s folder', () => {
  it('writes no file of that folder, names the config line, and apply --prune folders leaves that team’s dashboards alone', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    await createFolder(sandbox, { uid: 'platform', title: 'Platform' });
    await createFolder(sandbox, { uid: 'tiny', title: 'Tiny team' });
    await createLibraryPanel(sandbox, 'tiny-lib', 'tiny');
    await createLibraryPanel(sandbox, 'plat-lib', 'platform');
    for (const n of [0, 1, 2]) await saveDashboard(sandbox, { uid: `tiny-${n}`, title: `Tiny ${n}`, panels: n === 0 ? [libraryPanelRef(1, 'tiny-lib')] : [] }, 'tiny');
    await saveDashboard(sandbox, { uid: 'plat-1', title: 'Platform one', panels: [libraryPanelRef(1, 'tiny-lib'), libraryPanelRef(2, 'plat-lib')] }, 'platform');
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull', '--folder', 'platform']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect((await walkFiles(join(dir, 'dashboards'))).map((file) => file.path).sort()).toEqual(['.dashsync/library-pulls/plat-lib.json', 'platform/_folder.json', 'platform/_library/panel-plat-lib.json', 'platform/platform-one.json']);
    expect(pulled.stdout).not.toContain('tiny');
    expect(pulled.stderr).toContain('note: library panel tiny-lib "Panel tiny-lib" in folder "Tiny team" (tiny), used by plat-1: not written');
    expect(pulled.stderr).toContain('check and plan fail on the reference (library-panel-missing) until "externalLibraryPanels": ["tiny-lib"] in dashsync.config.json lists it: add that line');

    // Without the config line, check refuses the reference; with it, check, plan and apply agree.
    const unlisted = await dashsync(sandbox, dir, ['check']);
    expect(unlisted.code).toBe(1);
    expect(unlisted.stdout + unlisted.stderr).toContain('library-panel-missing');
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ externalLibraryPanels: ['tiny-lib'] })}\n`);
    const checked = await dashsync(sandbox, dir, ['check']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    await commitAll(dir);

    const applied = await dashsync(sandbox, dir, ['apply', '--prune', 'folders', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain('deleted');
    for (const uid of ['tiny-0', 'tiny-1', 'tiny-2']) expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/tiny-lib')).status).toBe(200);
    const prunedAll = await dashsync(sandbox, dir, ['plan', '--prune', 'all']);
    expect(prunedAll.code, prunedAll.stdout + prunedAll.stderr).toBe(0);
    expect(prunedAll.stdout).not.toContain('library panel "Panel tiny-lib"');

    // A later plain pull refreshes what the tree manages: still nothing of the other team's, and no note once listed.
    const refreshed = await dashsync(sandbox, dir, ['pull']);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    // (The hint may name the other team's dashboards as live ones without a file; none is written.)
    expect(refreshed.stdout).not.toMatch(/^(created|wrote|updated|moved) .*tiny/m);
    expect(refreshed.stderr).not.toContain('tiny-lib');
    expect((await walkFiles(join(dir, 'dashboards'))).some((file) => file.path.startsWith('tiny'))).toBe(false);
  });
});
