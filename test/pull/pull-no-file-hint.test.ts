import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, libraryPanelRef, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

/**
 * The no-file hint of a refresh (`pull` without flags on a tree that is not empty) says what
 * `pull --all` would write: the live dashboards no file holds and the new library panels they
 * use, and not the dashboards of a folder these credentials cannot read (no pull writes those:
 * they are counted apart).
 */
describe("dashsync pull: the refresh's no-file hint counts what --all writes", () => {
  /** `secret` is hidden from these credentials: the index does not show it and reading it is refused (the sandbox has roles, not per-folder rights). */
  const hideSecret = (handle: SandboxHandle) => handle.setFaults({ searchMisses: ['secret'], pathPrefix: '/api/folders/secret', script: [{ kind: 'status', status: 403 }] });

  async function seeded() {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [] });
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--api', 'legacy'])).code).toBe(0);
    await commitAll(work);
    // Made in Grafana after the bootstrap: a folder with a dashboard that uses a new library panel, and one the token cannot read.
    await createFolder(handle, { uid: 'team', title: 'Team' });
    await createLibraryPanel(handle, 'lp-new', 'team');
    await saveDashboard(handle, { uid: 'fresh', title: 'Fresh', panels: [libraryPanelRef(1, 'lp-new')] }, 'team');
    await createFolder(handle, { uid: 'secret', title: 'Secret' });
    await saveDashboard(handle, { uid: 'hidden-dash', title: 'Hidden', panels: [] }, 'secret');
    return { handle, work };
  }

  it('counts the new library panel with its dashboard and leaves the unreadable folder\'s dashboard out, saying so; --all writes exactly what it counted', async () => {
    const { handle, work } = await seeded();
    hideSecret(handle);

    const refresh = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(refresh.code, refresh.stderr).toBe(0);
    expect(lines(refresh.stdout)).toEqual([
      "1 dashboard and 1 library panel in Grafana have no file in the tree (pull refreshes what the tree holds): fresh \"Fresh\". Pull with --all to write them, or --folder <uid> for one folder's. " +
        'Not counted: 1 more dashboard without a file in folders these credentials cannot read (Grafana lists their dashboards, not the folders), which no pull can place with them.',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.',
    ]);

    hideSecret(handle);
    const all = await dashsync(handle, work, ['pull', '--api', 'legacy', '--all']);
    expect(all.code, all.stderr).toBe(0);
    expect(lines(all.stdout)).toEqual([
      'wrote    dashboards/team/_folder.json',
      'created  dashboards/team/_library/panel-lp-new.json',
      'created  dashboards/team/fresh.json',
      'Pull: 1 created, 0 updated, 0 moved, 1 unchanged, 0 deleted. Library panels: 1 created.',
    ]);
    expect(all.stderr).toContain('hidden-dash: its folder secret is not in Grafana\'s folder list (no permission to list it?); not pulled');
  });

  it('only dashboards in unreadable folders: the hint says no pull can write them, not "pull with --all"', async () => {
    const { handle, work } = await seeded();
    expect((await dashsync(handle, work, ['pull', '--api', 'legacy', '--folder', 'team'])).code).toBe(0);
    hideSecret(handle);

    const refresh = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(refresh.code, refresh.stderr).toBe(0);
    expect(lines(refresh.stdout)).toEqual([
      '1 dashboard in Grafana has no file in the tree, in folders these credentials cannot read (Grafana lists their dashboards, not the folders), which no pull can place with them (not even with --all). Pull with credentials that can read those folders.',
      'Pull: 0 created, 0 updated, 0 moved, 2 unchanged, 0 deleted. Library panels: 1 unchanged.',
    ]);
  });
});
