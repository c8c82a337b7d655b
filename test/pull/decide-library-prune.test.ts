import { describe, expect, it } from 'vitest';
import { decideLibraryPrune, libraryUsersAfterPull, type LibraryPruneEvidence } from '../../src/pull/decide-library-prune.js';
import type { LibraryOnlyInGit } from '../../src/pull/types.js';

const gone: LibraryOnlyInGit = { file: 'team/_library/cpu.json', uid: 'lp-cpu', name: 'CPU', folderUid: 'team' };

function evidence(overrides: Partial<LibraryPruneEvidence> = {}): LibraryPruneEvidence {
  return { prune: true, force: false, git: 'committed', gitUnavailable: null, users: [], folderHidden: false, external: false, ...overrides };
}

describe('decideLibraryPrune: a _library/ file whose panel Grafana does not list', () => {
  it('--prune deletes it when git holds it as it is and nothing in the tree uses it', () => {
    expect(decideLibraryPrune(gone, evidence())).toEqual({ action: 'delete' });
  });

  it('keeps a file git does not hold, like a dashboard file; --force deletes it', () => {
    expect(decideLibraryPrune(gone, evidence({ git: 'uncommitted' }))).toEqual({
      action: 'keep',
      why: 'library panel lp-cpu is not in Grafana, but it is not committed in git (a new library panel not applied yet?): not deleted',
    });
    expect(decideLibraryPrune(gone, evidence({ git: 'no-git', gitUnavailable: 'not a git repository' }))).toEqual({
      action: 'keep',
      why: 'library panel lp-cpu is not in Grafana, but pull cannot tell whether it holds work of yours (not a git repository): not deleted',
    });
    expect(decideLibraryPrune(gone, evidence({ git: 'uncommitted', force: true }))).toEqual({ action: 'delete' });
  });

  it('keeps a panel that dashboards staying in the tree use, --force or not, and names them', () => {
    const kept = decideLibraryPrune(gone, evidence({ users: ['api', 'db', 'edge', 'web'], force: true }));
    expect(kept).toEqual({
      action: 'keep',
      why: 'library panel lp-cpu is not in Grafana, but dashboards api, db, edge and 1 more in the tree still use it (without this file check reports library-panel-missing; apply creates the panel again): not deleted',
    });
    expect(decideLibraryPrune(gone, evidence({ users: ['api'], prune: false }))).toEqual({
      action: 'list',
      why: 'dashboard api in the tree still uses it: --prune keeps it, and apply creates the panel again',
    });
  });

  it('cannot tell when its folder is hidden from the credentials: kept with --prune, a note without', () => {
    const why = 'library panel lp-cpu is not among the library panels these credentials can see, and its folder team cannot be read with them: pull cannot tell whether it is gone';
    expect(decideLibraryPrune(gone, evidence({ folderHidden: true, force: true }))).toEqual({ action: 'keep', why: `${why}; not deleted` });
    expect(decideLibraryPrune(gone, evidence({ folderHidden: true, prune: false }))).toEqual({ action: 'note', note: `${why}; file left as it is` });
  });

  it('keeps a panel listed under externalLibraryPanels; without --prune every other one is simply only in git', () => {
    expect(decideLibraryPrune(gone, evidence({ external: true }))).toEqual({
      action: 'keep',
      why: 'library panel lp-cpu is not in Grafana, but it is listed under "externalLibraryPanels" (managed elsewhere): not deleted',
    });
    expect(decideLibraryPrune(gone, evidence({ prune: false, git: 'uncommitted' }))).toEqual({ action: 'list' });
  });
});

describe('libraryUsersAfterPull', () => {
  it('counts every dashboard file that stays, and none that the pull deletes', () => {
    const uses = new Map([
      ['a.json', { uid: 'a', panels: ['lp-1', 'lp-2'] }],
      ['b.json', { uid: 'b', panels: ['lp-2'] }],
      ['copy-of-b.json', { uid: 'b', panels: ['lp-2'] }],
      ['gone.json', { uid: 'gone', panels: ['lp-3'] }],
    ]);
    const users = libraryUsersAfterPull(uses, new Set(['gone.json']));
    expect(Object.fromEntries(users)).toEqual({ 'lp-1': ['a'], 'lp-2': ['a', 'b'] });
  });
});
