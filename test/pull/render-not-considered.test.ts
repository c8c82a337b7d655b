import { describe, expect, it } from 'vitest';
import { renderPullReport } from '../../src/pull/render-pull-result.js';
import type { PullResult } from '../../src/pull/types.js';

const LISTS = 'environment "production"\'s include in dashsync.config.json';

function refresh(counts: { dashboards: number; libraryPanels: number; unfiled?: { uid: string; title: string }[] }): PullResult {
  return {
    dryRun: false,
    events: [],
    counts: { created: 0, updated: 0, moved: 0, unchanged: 4, kept: 0, refused: 0, pruned: 0, onlyInGit: 0, failed: 0, skipped: 0 },
    owned: [],
    skipped: [],
    unfiled: counts.unfiled ?? [],
    unfiledLibraryPanels: 0,
    unfiledHidden: 0,
    notConsidered: counts.dashboards,
    notConsideredLibraryPanels: counts.libraryPanels,
    selectionFrom: LISTS,
    refusedUids: [],
    refusedFolderUids: [],
    refusedLibraryUids: [],
    problems: [],
    notes: [],
    interrupted: false,
    notStarted: [],
  };
}

const firstLine = (result: PullResult) => renderPullReport(result).split('\n')[0];

describe("a refresh's not-considered line", () => {
  it('counts dashboards and library panels on one line', () => {
    expect(firstLine(refresh({ dashboards: 3, libraryPanels: 2 }))).toBe(
      `3 live dashboards and 2 library panels not considered: their files are, or would be, outside this run's selection (${LISTS}). Pull with --all to list each.`,
    );
  });

  it('speaks of one library panel alone in the singular', () => {
    expect(firstLine(refresh({ dashboards: 0, libraryPanels: 1 }))).toBe(
      `1 live library panel not considered: its file is, or would be, outside this run's selection (${LISTS}). Pull with --all to list it.`,
    );
  });

  it('is left out when nothing was left to another run; the no-file hint then promises --all writes them', () => {
    const unfiled = [{ uid: 'b', title: 'B' }, { uid: 'a', title: 'A' }];
    expect(renderPullReport(refresh({ dashboards: 0, libraryPanels: 0, unfiled })).split('\n')).toEqual([
      "2 dashboards in Grafana have no file in the tree (pull refreshes what the tree holds): a \"A\", b \"B\". Pull with --all to write them, or --folder <uid> for one folder's.",
      'Pull: 0 created, 0 updated, 0 moved, 4 unchanged, 0 deleted.',
      '',
    ]);
  });

  it('names the first five dashboards without a file by uid, then how many more, their titles escaped (audit-ux-3 F34)', () => {
    const unfiled = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'].map((uid) => ({ uid, title: uid === 'u2' ? 'Evil \x1b[31mred\r\nline' : `T ${uid}` }));
    expect(firstLine(refresh({ dashboards: 0, libraryPanels: 0, unfiled }))).toBe(
      '7 dashboards in Grafana have no file in the tree (pull refreshes what the tree holds): u1 "T u1", u2 "Evil \\x1b[31mred\\r\\nline", u3 "T u3", u4 "T u4", u5 "T u5" and 2 more. ' +
        "Pull with --all to write them, or --folder <uid> for one folder's.",
    );
  });
});
