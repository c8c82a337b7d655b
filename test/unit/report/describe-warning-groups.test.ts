import { describe, expect, it } from 'vitest';
import { describeWarningGroups } from '../../../src/report/describe-warning-groups.js';
import type { PlanWarning } from '../../../src/plan/types.js';

const LISTS_ALL = 'dashsync plan --verbose lists every one, --format json holds them all';

/** `count` creates waiting in `/apis`' "Recently deleted", the first `pruned` of them put there by dashsync's own prune. */
function createsInTrash(count: number, pruned: number): PlanWarning[] {
  return Array.from({ length: count }, (_, at) => ({
    kind: 'in-recently-deleted' as const,
    uid: `d${at + 1}`,
    title: `D${at + 1}`,
    file: `dashboards/d${at + 1}.json`,
    deletedAt: '2026-12-07T04:31:12Z',
    deletedBy: 'ci-deploy',
    ...(at < pruned && { backup: `.dashsync/backups/d${at + 1}/2026-12-07T04-31-12-702Z-v1.json`, pruned: true as const }),
  }));
}

const folded = (warnings: PlanWarning[]) => describeWarningGroups(warnings, { linesPerGroup: 10, listsAll: LISTS_ALL }).warnings;

// walk-70 L5 (fixt-71): the one line for more than ten creates in "Recently deleted" says how many dashsync's own prune put there.
describe('describeWarningGroups: more than ten creates in "Recently deleted", some pruned by dashsync', () => {
  it('says all, some or none of them were dashsync\'s prune, each backed up first', () => {
    expect(folded(createsInTrash(11, 11))).toEqual([expect.stringContaining(`they were deleted in Grafana (by dashsync's prune, each backed up first) and are in its "Recently deleted": d1 (dashboards/d1.json)`)]);
    expect(folded(createsInTrash(11, 3))).toEqual([expect.stringContaining(`they were deleted in Grafana (3 of them by dashsync's prune, each backed up first) and are in its`)]);
    expect(folded(createsInTrash(11, 0))).toEqual([expect.stringContaining('they were deleted in Grafana and are in its')]);
    // Ten or fewer keep a line each: the pruned ones name their backup.
    expect(folded(createsInTrash(2, 1))).toEqual([
      expect.stringContaining(`but dashsync's prune deleted it at 2026-12-07T04:31:12Z (as "ci-deploy"), backed up first to .dashsync/backups/d1/2026-12-07T04-31-12-702Z-v1.json; it is in "Recently deleted"`),
      expect.stringContaining('but it was deleted in Grafana at 2026-12-07T04:31:12Z by "ci-deploy"; it is in "Recently deleted"'),
    ]);
  });

  // rev-71 L4: a delete the backup does not call a prune is not named one.
  it("names the change of uid a backup records, and says only dashsync for a backup that does not say why", () => {
    const unsaid = (warning: PlanWarning): PlanWarning => ({ ...warning, pruned: undefined }) as PlanWarning;
    const [uidChange, older] = createsInTrash(2, 2).map(unsaid);
    expect(folded([{ ...uidChange!, uidChangedTo: { file: 'dashboards/d1.json', uid: 'd1-new' } } as PlanWarning, older!])).toEqual([
      expect.stringContaining(`but dashsync deleted it at 2026-12-07T04:31:12Z (as "ci-deploy") when its file's uid changed to d1-new, backed up first to .dashsync/backups/d1/`),
      expect.stringContaining(`but dashsync deleted it at 2026-12-07T04:31:12Z (as "ci-deploy"), backed up first to .dashsync/backups/d2/`),
    ]);
    const many = createsInTrash(11, 11).map((warning, at) => (at === 0 ? ({ ...unsaid(warning), uidChangedTo: { file: 'dashboards/d1.json', uid: 'd1-new' } } as PlanWarning) : warning));
    expect(folded(many)).toEqual([expect.stringContaining(`they were deleted in Grafana (by dashsync, each backed up first) and are in its`)]);
  });
});

/** `count` same-content drift warnings of moves, those from `leftOutFrom` on out of the folder of a directory the run leaves out. */
function sameContentMoves(count: number, leftOutFrom: number): PlanWarning[] {
  return Array.from({ length: count }, (_, at) => ({
    kind: 'drift' as const,
    uid: `m${at + 1}`,
    title: `M${at + 1}`,
    version: 2,
    updatedBy: 'alice',
    updated: '2026-12-07T04:31:12Z',
    message: '',
    sameContent: true as const,
    ...(at >= leftOutFrom && { liveDirectoryLeftOut: { dir: 'dashboards/sre', lists: 'environment "prod"\'s exclude in dashsync.config.json', folderTitle: 'SRE' } }),
  }));
}

// fixw-72: a folder per environment. Moves out of another environment's directory's folder undo no move the tree could keep.
describe('describeWarningGroups: more than ten same-content moves out of the folders of directories the run leaves out', () => {
  it('folds them apart, in their own words, not "a move made in Grafana since is undone"', () => {
    const lines = folded(sameContentMoves(23, 11));
    expect(lines).toEqual([
      expect.stringContaining('drift: 11 dashboards (m1, m2, m3, m4, m5, … (6 more)) were last saved in Grafana by others, not by dashsync, and their files hold the same content: applying changes only their folders (a move made in Grafana since is undone;'),
      'drift: 12 dashboards (m12, m13, m14, m15, m16, … (7 more)) were last saved in Grafana by others, not by dashsync, and their files hold the same content: applying changes only their folders: ' +
        'Grafana has them in folders whose directories environment "prod"\'s exclude in dashsync.config.json leaves out, and applying puts each in the folder of its file\'s directory ' +
        `(whether it moved in Grafana or its file moved in git; ${LISTS_ALL})`,
    ]);
    // Ten or fewer keep a line each, in the words of their own.
    expect(folded(sameContentMoves(2, 1))[1]).toContain('Grafana has it in folder "SRE", whose directory dashboards/sre environment "prod"\'s exclude in dashsync.config.json leaves out');
  });
});
