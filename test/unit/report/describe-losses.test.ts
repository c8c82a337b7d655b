import { describe, expect, it } from 'vitest';
import type { Plan, PlanWarning } from '../../../src/plan/types.js';
import { describeLosses, listLosses } from '../../../src/report/describe-losses.js';

type Action = Plan['actions'][number];
const drift = (uid: string, resource?: 'library-panel'): PlanWarning => ({ kind: 'drift', uid, title: uid, version: 3, updatedBy: 'jane', updated: '2026-12-01T10:00:00Z', message: '', ...(resource ? { resource } : {}) });
const action = (kind: Action['kind'], verb: string, uid: string, extra: object = {}): Action =>
  ({ kind, action: verb, uid, title: uid.toUpperCase(), file: verb === 'delete' ? null : `dashboards/${uid}.json`, folderUid: null, live: null, changes: [], dependsOn: [], ...extra }) as unknown as Action;
const deletes = (dashboards: number, libraryPanels: number, folders: number): Action[] => [
  ...Array.from({ length: dashboards }, (_, i) => action('dashboard', 'delete', `d${i}`)),
  ...Array.from({ length: libraryPanels }, (_, i) => action('library-panel', 'delete', `lp${i}`)),
  ...Array.from({ length: folders }, (_, i) => action('folder', 'delete', `f${i}`)),
];

describe('describeLosses', () => {
  it('is null for a plan that creates, updates and moves only, with no drift (and for other warnings)', () => {
    const actions = [action('dashboard', 'create', 'a'), action('dashboard', 'update', 'b'), action('folder', 'create', 'f')];
    expect(describeLosses({ actions, warnings: [{ kind: 'title-clash', uid: 'a', title: 'A', folderUid: null, otherUid: 'b' }] }, false)).toBeNull();
  });

  it('counts the drift of dashboards and library panels, and every kind of delete', () => {
    const warnings = [drift('a'), drift('b'), drift('lp', 'library-panel')];
    expect(describeLosses({ actions: [], warnings }, false)).toBe('overwrites 2 dashboards and 1 library panel edited in Grafana (drift)');
    expect(describeLosses({ actions: deletes(1, 2, 3), warnings: [drift('a')] }, false)).toBe(
      'overwrites 1 dashboard edited in Grafana (drift) and deletes 1 dashboard, 2 library panels and 3 folders',
    );
    expect(describeLosses({ actions: deletes(0, 0, 1), warnings: [] }, false)).toBe('deletes 1 folder');
  });

  it('counts the updates and deletes that revert a commit this branch does not contain, and apart those of a commit this clone lacks (review-65a M1)', () => {
    const notInBranch = (uid: string, verb: 'update' | 'delete', inRepository = true): PlanWarning => ({ kind: 'not-in-branch', uid, title: uid, action: verb, version: 2, commit: '11f571febeae', subject: 'team A', inRepository });
    const warnings = [notInBranch('redis', 'update'), notInBranch('d0', 'delete'), notInBranch('other', 'update', false)];
    expect(describeLosses({ actions: [action('dashboard', 'update', 'redis'), action('dashboard', 'update', 'other'), ...deletes(1, 0, 0)], warnings }, false)).toBe(
      "reverts 2 dashboards saved from a commit this branch does not contain (not in this branch), changes back 1 dashboard saved from a commit this clone does not have (not in this clone: not fetched yet, or another repository's) and deletes 1 dashboard",
    );
    expect(listLosses({ actions: [], warnings: [notInBranch('redis', 'update')] }, false)).toEqual(['  reverts redis "redis" (saved from a commit not in this branch)']);
  });

  it('counts what an apply no one reviewed holds: a folder takeover\'s rename, a folder renamed in Grafana, a create of a dashboard a person deleted there (review-65a M1)', () => {
    const folder = (uid: string, liveTitle: string) => action('folder', 'update', uid, { live: { uid, title: liveTitle, parentUid: null, revision: 1 }, parentUid: null, dir: uid });
    const other = (rule: string, uid: string): PlanWarning => ({ kind: 'other', uid, message: '', rule, file: `dashboards/${uid}/_folder.json` }) as PlanWarning;
    const warnings: PlanWarning[] = [
      other('folder-takeover', 'data-team'),
      other('folder-drift', 'ops'),
      { kind: 'in-recently-deleted', uid: 'gone', title: 'Gone', file: 'dashboards/gone.json', deletedAt: null, deletedBy: 'jane', byUser: true },
    ];
    const plan = { actions: [folder('data-team', 'Data Team'), folder('ops', 'Ops (renamed)'), action('dashboard', 'create', 'gone')], warnings };
    expect(describeLosses(plan, false)).toBe(
      'renames 1 folder made in Grafana that a _folder.json takes over (folder takeover), undoes the rename or move of 1 folder made in Grafana (folder drift) and recreates 1 dashboard a person deleted in Grafana, over the copy its "Recently deleted" keeps',
    );
    expect(listLosses(plan, false)).toEqual([
      '  renames folder data-team "Data Team" (made in Grafana: a folder takeover)',
      '  undoes the rename or move of folder ops "Ops (renamed)" (renamed or moved in Grafana)',
      '  recreates gone "GONE" (deleted in Grafana by a person)',
    ]);
  });

  it('with --force counts the labelled dashboards whose /api save removes their labels; without it they are skipped, their drift not counted', () => {
    const plan = { actions: [action('dashboard', 'update', 'a', { removesMetadata: true })], warnings: [drift('a'), drift('b')] };
    expect(describeLosses(plan, true)).toBe('overwrites 2 dashboards edited in Grafana (drift) and removes the labels and annotations of 1 dashboard (saved through /api)');
    expect(describeLosses(plan, false)).toBe('overwrites 1 dashboard edited in Grafana (drift)');
    expect(describeLosses({ ...plan, warnings: [] }, false)).toBeNull();
  });

  it('counts the dashboards it writes whose history could not be read (drift not checked), not those it skips or leaves as they are', () => {
    const unchecked: PlanWarning = { kind: 'drift-not-checked', uid: null, uids: ['a', 'b', 'c', 'labelled'], reason: 'unconvertible' };
    const actions = [action('dashboard', 'update', 'a'), action('dashboard', 'move', 'b'), action('dashboard', 'noop', 'c'), action('dashboard', 'update', 'labelled', { removesMetadata: true }), ...deletes(1, 0, 0)];
    const plan = { actions, warnings: [unchecked] };
    expect(describeLosses(plan, false)).toBe('may overwrite 2 dashboards whose edits in Grafana could not be checked (drift not checked) and deletes 1 dashboard');
    expect(describeLosses(plan, true)).toBe(
      'may overwrite 3 dashboards whose edits in Grafana could not be checked (drift not checked), removes the labels and annotations of 1 dashboard (saved through /api) and deletes 1 dashboard',
    );
    expect(describeLosses({ actions: [action('dashboard', 'update', 'a')], warnings: [{ ...unchecked, uids: ['a'] }] }, false)).toBe(
      'may overwrite 1 dashboard whose edits in Grafana could not be checked (drift not checked)',
    );
  });
});

describe('describeLosses and listLosses of a same-content move and of a delete that takes an edit along (unreviewed-56)', () => {
  it('says a same-content move changes only the folder, not that it overwrites an edit', () => {
    const plan = { actions: [action('dashboard', 'move', 'redis')], warnings: [{ ...drift('redis'), sameContent: true as const }] };
    expect(describeLosses(plan, false)).toBe("moves 1 dashboard into the file's folder with the content unchanged (drift: a move made in Grafana is undone)");
    expect(listLosses(plan, false)).toEqual(['  moves redis "redis" into its file\'s folder (same content: only its folder changes)']);
  });

  // fixw-72: a folder per environment: the file's directory decides the folder, and no move made in Grafana is "undone" there.
  it('says a same-content move out of the folder of a directory the run leaves out goes to the folder of the file\'s directory', () => {
    const leftOut = { dir: 'dashboards/sre', lists: 'environment "prod"\'s exclude in dashsync.config.json', folderTitle: 'SRE' };
    const plan = {
      actions: [action('dashboard', 'move', 'oncall'), action('library-panel', 'move', 'lp')],
      warnings: [{ ...drift('oncall'), sameContent: true as const, liveDirectoryLeftOut: leftOut }, { ...drift('lp'), resource: 'library-panel' as const, sameContent: true as const, liveDirectoryLeftOut: leftOut }],
    };
    expect(describeLosses(plan, false)).toBe("moves 1 dashboard and 1 library panel out of the folder of a directory this run leaves out into the folder of the file's directory, with the content unchanged");
    expect(listLosses(plan, false)).toEqual([
      '  moves oncall "oncall" into the folder of its file\'s directory, out of one whose directory this run leaves out (same content: only its folder changes)',
      '  moves library panel lp "lp" into the folder of its file\'s directory, out of one whose directory this run leaves out (same content: only its folder changes)',
    ]);
  });

  // nl-59b: counted as "overwrites … edited in Grafana" though the edit made there is the move alone.
  it('says a move made in Grafana over a change not applied yet is moved back, not an overwritten edit', () => {
    const movedOnly = { ...drift('redis'), movedOnlyIn: '155665448d35aa', liveFolderTitle: 'Caches', file: 'dashboards/redis.json' };
    const plan = { actions: [action('dashboard', 'move', 'redis'), action('dashboard', 'update', 'b')], warnings: [movedOnly, drift('b')] };
    expect(describeLosses(plan, false)).toBe('overwrites 1 dashboard edited in Grafana (drift) and moves back 1 dashboard moved in Grafana (drift)');
    expect(listLosses(plan, false)).toEqual(['  moves back redis "redis" (moved in Grafana to "Caches")', '  overwrites b "b" (edited in Grafana)']);
  });

  it('counts a pruned dashboard or library panel edited in Grafana with the deletes, not as an overwrite', () => {
    const plan = { actions: deletes(2, 1, 0), warnings: [{ ...drift('d0'), pruned: true as const }, { ...drift('lp0', 'library-panel'), pruned: true as const }] };
    expect(describeLosses(plan, false)).toBe('deletes 2 dashboards and 1 library panel, 2 of them edited in Grafana since dashsync pushed them (drift)');
    expect(listLosses(plan, false)).toEqual([
      '  deletes d0 "D0" (edited in Grafana since dashsync pushed it)',
      '  deletes d1 "D1"',
      '  deletes library panel lp0 "LP0" (edited in Grafana since dashsync pushed it)',
    ]);
  });
});

describe('describeLosses and listLosses of a change of uid (fixq-66 left)', () => {
  it('counts the create of the new uid with the delete of the old, which an apply no one reviewed holds together', () => {
    const changed = action('dashboard', 'delete', 'node-cpu', { replacedBy: { file: 'dashboards/node-cpu.json', uid: 'node-cpu-2' } });
    const plan = { actions: [changed, action('dashboard', 'create', 'node-cpu-2'), ...deletes(1, 0, 0)], warnings: [{ ...drift('node-cpu'), pruned: true as const }] };
    expect(describeLosses(plan, false)).toBe(
      'deletes 2 dashboards, 1 of them edited in Grafana since dashsync pushed it (drift), 1 of them a change of uid whose new uid is created in its place (held with the delete where it is held)',
    );
    expect(listLosses(plan, false)).toEqual([
      '  deletes node-cpu "NODE-CPU" (edited in Grafana since dashsync pushed it) (its file now gives it uid node-cpu-2, created in its place; held with the delete where it is held)',
      '  deletes d0 "D0"',
    ]);
  });
});

describe('listLosses', () => {
  it('names each loss by uid and title, the first 20, then counts the rest', () => {
    const unchecked: PlanWarning = { kind: 'drift-not-checked', uid: null, uids: ['u'], reason: 'forbidden' };
    const plan = { actions: [action('dashboard', 'update', 'u'), ...deletes(1, 1, 1)], warnings: [drift('a'), drift('lp', 'library-panel'), unchecked] };
    expect(listLosses(plan, false)).toEqual([
      '  overwrites a "a" (edited in Grafana)',
      '  overwrites library panel lp "lp" (edited in Grafana)',
      '  may overwrite u "U" (its history could not be read)',
      '  deletes d0 "D0"',
      '  deletes library panel lp0 "LP0"',
      '  deletes folder f0 "F0"',
    ]);
    const many = listLosses({ actions: deletes(23, 0, 0), warnings: [] }, false);
    expect(many).toHaveLength(21);
    expect(many.at(-2)).toBe('  deletes d19 "D19"');
    expect(many.at(-1)).toBe('  and 3 more');
  });
});
