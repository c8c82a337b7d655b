import { describe, expect, it } from 'vitest';
import type { LibraryPanelEntry } from '../../../src/files/types.js';
import type { LiveLibraryPanel } from '../../../src/grafana/port.js';
import { decideLibraryPanel } from '../../../src/plan/decide-library-panel.js';
import { decideLibraryPanels, type LibraryPanelPlanInput } from '../../../src/plan/decide-library-panels.js';
import { normalizeLibraryPanel } from '../../../src/normalize/normalize-library-panel.js';
import { describeUsedBy } from '../../../src/report/describe-library-panel.js';
import { action, entry, hit, lastSave, tree } from './builders.js';

function panelEntry(uid: string, folderUid: string | null = 'team'): LibraryPanelEntry {
  return { file: `dashboards/team/_library/${uid}.json`, absPath: `/repo/dashboards/team/_library/${uid}.json`, dir: 'team', folderUid, uid, name: `Panel ${uid}`, contentHash: 'sha256:1' };
}

function livePanel(uid: string, overrides: Partial<LiveLibraryPanel> = {}): LiveLibraryPanel {
  return {
    uid,
    name: `Panel ${uid}`,
    kind: 1,
    model: { type: 'stat', title: uid, description: '' },
    folderUid: 'team',
    folderTitle: 'Team',
    revision: '2',
    version: 2,
    connectedDashboards: 0,
    lastSave: lastSave({ by: 'admin', byDashsync: true, version: 2 }),
    ...overrides,
  };
}

const desired = (uid: string, title = uid) => normalizeLibraryPanel({ uid, name: `Panel ${uid}`, model: { type: 'stat', title } });

function input(overrides: Partial<LibraryPanelPlanInput>): LibraryPanelPlanInput {
  return { tree: tree(), writes: [], live: [], connections: new Map(), scope: false, managedFolders: new Set(['team']), external: new Set(), dashboards: [], liveDashboards: [], ...overrides };
}

/** decideLibraryPanels for an update of panel a (its title changed in the file), which Grafana connects to `connected`. */
function decideUpdateOfA(uses: LibraryPanelPlanInput['tree'], live: LiveLibraryPanel, connected: string[], rest: Pick<LibraryPanelPlanInput, 'dashboards' | 'liveDashboards'>) {
  const write = decideLibraryPanel(panelEntry('a'), desired('a', 'new'), live, 'sha256:1');
  return decideLibraryPanels(input({ tree: uses, writes: [write], live: [live], connections: new Map([['a', connected]]), ...rest }));
}

describe('decideLibraryPanel', () => {
  it('creates, updates with a field diff, moves, or does nothing', () => {
    expect(decideLibraryPanel(panelEntry('a'), desired('a'), null, 'sha256:1')).toMatchObject({ action: 'create', live: null, dependsOn: ['folder:team'] });
    const updated = decideLibraryPanel(panelEntry('a'), desired('a', 'new'), livePanel('a'), 'sha256:1');
    expect(updated).toMatchObject({ action: 'update', live: { version: 2, revision: '2', updatedBy: 'admin' } });
    expect(updated.changes).toEqual([{ path: 'model.title', kind: 'changed', before: 'a', after: 'new' }]);
    expect(decideLibraryPanel(panelEntry('a', 'other'), desired('a'), livePanel('a'), 'sha256:1')).toMatchObject({ action: 'move', changes: [], dependsOn: ['folder:other'] });
    expect(decideLibraryPanel(panelEntry('a'), desired('a'), livePanel('a'), 'sha256:1')).toMatchObject({ action: 'noop', dependsOn: [] });
  });
});

describe('decideLibraryPanels', () => {
  it('names the dashboards a change reaches, makes their saves wait for it, and warns about a change by someone else', () => {
    const uses = tree({ dashboards: [entry({ uid: 'd1', title: 'One', libraryPanels: ['a'] }), entry({ uid: 'd2', title: 'Two', libraryPanels: ['a'] })], libraryPanels: [panelEntry('a')] });
    const live = livePanel('a', { connectedDashboards: 2, lastSave: lastSave({ by: 'jane', byDashsync: false, at: '2026-03-01T00:00:00Z', version: 2 }) });
    const decided = decideUpdateOfA(uses, live, ['d1', 'elsewhere'], {
      dashboards: [action({ uid: 'd1', action: 'update', title: 'One', dependsOn: [] }), action({ uid: 'd2', action: 'noop', title: 'Two', dependsOn: [] })],
      liveDashboards: [hit({ uid: 'elsewhere', title: 'Elsewhere' })],
    });
    expect(decided.writes[0]!.usedBy).toEqual([{ uid: 'd1', title: 'One' }, { uid: 'd2', title: 'Two' }, { uid: 'elsewhere', title: 'Elsewhere', keptBy: 'no file in this tree' }]);
    expect(decided.dashboards.map((d) => d.dependsOn)).toEqual([['library-panel:a'], []]);
    expect(decided.warnings).toEqual([
      expect.objectContaining({ kind: 'drift', resource: 'library-panel', uid: 'a', updatedBy: 'jane', version: 2 }),
      {
        kind: 'other',
        uid: 'a',
        message:
          'this plan\'s change to library panel a "Panel a" also changes 1 dashboard other owners keep: elsewhere (no file in this tree). ' +
          'Grafana shows the new version in each at once, with no change of theirs to review: tell their owners, or give this tree a panel of its own (a copy with another uid)',
      },
    ]);
  });

  it('says a dashboard the plan deletes is deleted, and warns no owner of it (walk-71 L4)', () => {
    const uses = tree({ dashboards: [entry({ uid: 'd1', title: 'One', libraryPanels: ['a'] })], libraryPanels: [panelEntry('a')] });
    const live = livePanel('a', { connectedDashboards: 2 });
    const decided = decideUpdateOfA(uses, live, ['d1', 'adhoc'], {
      dashboards: [action({ uid: 'd1', action: 'update', title: 'One', dependsOn: [] }), action({ uid: 'adhoc', action: 'delete', title: 'Ad hoc', dependsOn: [] })],
      liveDashboards: [hit({ uid: 'adhoc', title: 'Ad hoc' })],
    });
    expect(decided.writes[0]!.usedBy).toEqual([{ uid: 'adhoc', title: 'Ad hoc', deletedByPlan: true }, { uid: 'd1', title: 'One' }]);
    expect(describeUsedBy(decided.writes[0]!)).toBe('used by 2 dashboards: adhoc "Ad hoc" (deleted by this plan), d1 "One"');
    expect(decided.warnings.filter((warning) => 'message' in warning && warning.message.includes('other owners keep'))).toEqual([]);
  });

  it('counts a dashboard whose file the tree holds outside this run\'s selection as the tree\'s, not another owner\'s (review-63 L4)', () => {
    const uses = tree({
      dashboards: [entry({ uid: 'd1', title: 'One', libraryPanels: ['a'] })],
      libraryPanels: [panelEntry('a')],
      outsideSelection: { dashboardUids: new Set(['unselected']), libraryPanelUids: new Set() },
    });
    const live = livePanel('a', { connectedDashboards: 3 });
    const decided = decideUpdateOfA(uses, live, ['d1', 'unselected', 'elsewhere'], {
      dashboards: [action({ uid: 'd1', action: 'update', title: 'One', dependsOn: [] })],
      liveDashboards: [hit({ uid: 'unselected', title: 'Unselected' }), hit({ uid: 'elsewhere', title: 'Elsewhere' })],
    });
    expect(decided.writes[0]!.usedBy).toEqual([
      { uid: 'd1', title: 'One' },
      { uid: 'elsewhere', title: 'Elsewhere', keptBy: 'no file in this tree' },
      { uid: 'unselected', title: 'Unselected' },
    ]);
    expect(decided.warnings.map((warning) => ('message' in warning ? warning.message : warning.kind))).toEqual([expect.stringContaining('also changes 1 dashboard other owners keep: elsewhere (no file in this tree)')]);
  });

  it('names each of thousands of tree dashboards using one panel once, and keeps every staying panel of a folder in its order', () => {
    const uids = Array.from({ length: 5000 }, (_, i) => `d${String(i).padStart(4, '0')}`);
    const uses = tree({ dashboards: uids.map((uid) => entry({ uid, title: `T ${uid}`, libraryPanels: ['a'] })), libraryPanels: [panelEntry('a')] });
    const live = [livePanel('a'), ...Array.from({ length: 3000 }, (_, i) => livePanel(`k${i}`, { connectedDashboards: 1 }))];
    const write = decideLibraryPanel(panelEntry('a'), desired('a', 'new'), live[0]!, 'sha256:1');
    const decided = decideLibraryPanels(
      input({
        tree: uses,
        writes: [write],
        live,
        connections: new Map([['a', ['d0001', 'elsewhere']]]),
        dashboards: uids.map((uid) => action({ uid, action: 'update', title: `T ${uid}`, dependsOn: [] })),
        liveDashboards: [hit({ uid: 'elsewhere', title: 'Elsewhere' })],
      }),
    );
    expect(decided.writes[0]!.usedBy).toEqual([...uids.map((uid) => ({ uid, title: `T ${uid}` })), { uid: 'elsewhere', title: 'Elsewhere', keptBy: 'no file in this tree' }]);
    expect(decided.dashboards.every((d) => d.dependsOn.length === 1 && d.dependsOn[0] === 'library-panel:a')).toBe(true);
    expect(decided.folderUse.stayingByFolder.get('team')).toBe(3001);
    expect(decided.folderUse.staying.get('team')!.map((panel) => panel.uid)).toEqual(live.map((panel) => panel.uid));
  });

  it('prunes a library panel without a file only in scope, after the dashboards that let go of it, and never one a staying dashboard holds', () => {
    const live = [
      livePanel('free'),
      livePanel('released', { connectedDashboards: 1 }),
      livePanel('held', { connectedDashboards: 1 }),
      livePanel('general', { folderUid: null, folderTitle: 'General' }),
      livePanel('external'),
      livePanel('variable', { kind: 2 }),
    ];
    const decided = decideLibraryPanels(
      input({
        live,
        scope: 'folders',
        external: new Set(['external']),
        connections: new Map([['released', ['gone']], ['held', ['stays']]]),
        dashboards: [action({ uid: 'gone', action: 'delete', title: 'Gone' })],
        liveDashboards: [hit({ uid: 'stays', title: 'Stays' })],
      }),
    );
    expect(decided.deletes.map((d) => [d.uid, d.dependsOn])).toEqual([['free', []], ['released', ['dashboard:gone']]]);
    expect(decided.warnings).toEqual([
      { kind: 'other', uid: 'held', message: 'library panel held "Panel held" has no file but is used by 1 dashboard: stays "Stays"; not deleted (Grafana refuses to delete a library panel in use)' },
    ]);
    expect(decided.folderUse.stayingByFolder.get('team')).toBe(3);
    // Listed in full and none listed: the counted connections are rows of dashboards that no longer exist.
    expect(decideLibraryPanels(input({ live, scope: 'all', external: new Set(['external']), connectionsListedInFull: true })).deletes.map((d) => d.uid)).toEqual(['free', 'general', 'held', 'released']);
  });

  it('on unified storage deletes a panel that dashboards in "Recently deleted" use, naming them (those there already and those this plan moves there) in its warning and its action', () => {
    const live = [livePanel('waited', { connectedDashboards: 1 }), livePanel('free')];
    const underTrash = {
      live,
      scope: 'folders' as const,
      connections: new Map([['waited', ['gone']]]),
      dashboards: [action({ uid: 'gone', action: 'delete', title: 'Gone' })],
      recentlyDeletedUsers: new Map([['waited', [{ uid: 'earlier', title: 'Deleted <earlier>' }]]]),
    };
    const decided = decideLibraryPanels(input(underTrash));
    expect(decided.deletes.map((d) => [d.uid, d.inRecentlyDeleted])).toEqual([
      ['free', undefined],
      ['waited', [{ uid: 'earlier', title: 'Deleted <earlier>' }, { uid: 'gone', title: 'Gone' }]],
    ]);
    expect(decided.warnings).toEqual([
      {
        kind: 'other',
        uid: 'waited',
        message:
          'library panel waited "Panel waited" has no file and prune deletes it, but dashboards in Grafana\'s "Recently deleted" use it: earlier "Deleted <earlier>", gone "Gone" ' +
          '(this plan moves gone "Gone" there); Grafana no longer counts them as its users and lets it go, so one taken back from there shows an error in its place ' +
          'unless dashsync restore waited brings the panel back first (apply backs it up before the delete)',
      },
    ]);
    // walk-65 L9: the restore advised repeats the run's selection, or it is refused when pasted (an environment is required).
    const inStaging = decideLibraryPanels(input({ ...underTrash, runSelection: { environment: 'staging', api: 'auto' } }));
    expect(inStaging.warnings.map((warning) => ('message' in warning ? warning.message : warning.kind))).toEqual([expect.stringContaining('unless dashsync restore --env staging --api auto waited brings the panel back first')]);
    const unseen = decideLibraryPanels(input({ live: [livePanel('waited')], scope: 'folders', recentlyDeletedUsers: new Map(), recentlyDeletedSeen: 'own', runSelection: { environment: 'staging' } }));
    expect(unseen.warnings.map((warning) => ('message' in warning ? warning.message : warning.kind))).toEqual([expect.stringContaining('unless dashsync restore --env staging waited brings the panel back first')]);
    // Where the trash was not read (legacy SQL storage, /api): nothing is said, as before.
    expect(decideLibraryPanels(input({ live, scope: 'folders', connections: new Map([['waited', ['gone']]]), dashboards: [action({ uid: 'gone', action: 'delete', title: 'Gone' })] })).warnings).toEqual([]);
  });

  it('names the holders Grafana 11 keeps in "Recently deleted" apart only when a read confirms it; one that answers 403 is named as unreadable, and hidden ones are counted', () => {
    const live = [livePanel('held', { connectedDashboards: 3 })];
    const held = input({ live, scope: 'folders', connections: new Map([['held', ['stays', 'trashed', 'hidden']]]), liveDashboards: [hit({ uid: 'stays', title: 'Stays' })] });
    const holdersOutsideListing = new Map([
      ['trashed', { state: 'trashed' as const }],
      ['hidden', { state: 'unreadable' as const }],
    ]);
    expect(decideLibraryPanels({ ...held, softDeleteTrash: true, holdersOutsideListing }).warnings).toEqual([
      {
        kind: 'other',
        uid: 'held',
        message:
          'library panel held "Panel held" has no file but is used by 3 dashboards: stays "Stays"; in Grafana\'s "Recently deleted": trashed ' +
          '(Grafana 11 before 11.6 counts them until they are purged: empty them from "Recently deleted" in Grafana to let it go; --delete-mode hard purges only the dashboards an apply deletes); ' +
          'dashboards these credentials cannot read: hidden (plan with credentials that read every dashboard to see them); not deleted (Grafana refuses to delete a library panel in use)',
      },
    ]);
    // 11.6: the trashed one lets go; the unreadable one still holds it, and so does a connection Grafana counts but does not list.
    const lettingGo = decideLibraryPanels({ ...held, live: [livePanel('held', { connectedDashboards: 4 })], softDeleteTrash: true, trashLetsGo: true, holdersOutsideListing });
    expect(lettingGo.deletes).toEqual([]);
    expect(lettingGo.warnings.map((warning) => (warning.kind === 'other' ? warning.message : warning.kind))).toEqual([
      'library panel held "Panel held" has no file, and Grafana counts 3 connections to it: stays "Stays"; ' +
        'dashboards these credentials cannot read: hidden (plan with credentials that read every dashboard to see them); ' +
        '1 it does not list to these credentials (dashboards they cannot read, or rows left by dashboards deleted long ago, which Grafana\'s delete ignores; ' +
        'plan as an org Admin (a user, or a token of that role), who is shown every connection, to have it deleted if none is a dashboard); not deleted (Grafana refuses to delete a library panel in use)',
    ]);
    // To an org Admin Grafana lists every connection: the gap is rows of dashboards that no longer exist, which do not keep it.
    const admin = decideLibraryPanels({ ...held, live: [livePanel('held', { connectedDashboards: 4 })], softDeleteTrash: true, trashLetsGo: true, holdersOutsideListing, connectionsListedInFull: true });
    expect(admin.warnings.map((warning) => (warning.kind === 'other' ? warning.message : warning.kind))).toEqual([
      'library panel held "Panel held" has no file but is used by 2 dashboards: stays "Stays"; ' +
        'dashboards these credentials cannot read: hidden (plan with credentials that read every dashboard to see them); not deleted (Grafana refuses to delete a library panel in use)',
    ]);
    // Unconfirmed (not read), a dashboard the listing lacks is a user like any other: never taken for trashed.
    expect(decideLibraryPanels({ ...held, softDeleteTrash: true, trashLetsGo: true }).warnings.map((warning) => (warning.kind === 'other' ? warning.message : warning.kind))).toEqual([
      'library panel held "Panel held" has no file but is used by 3 dashboards: hidden, stays "Stays", trashed; not deleted (Grafana refuses to delete a library panel in use)',
    ]);
    expect(decideLibraryPanels(held).warnings).toEqual([
      {
        kind: 'other',
        uid: 'held',
        message: 'library panel held "Panel held" has no file but is used by 3 dashboards: hidden, stays "Stays", trashed; not deleted (Grafana refuses to delete a library panel in use)',
      },
    ]);
  });

  it('a panel taking the name of a pruned one that only deleted dashboards hold waits for its delete, unless the deletes keep them connected (Grafana 11\'s "Recently deleted")', () => {
    const taker = { ...panelEntry('taker'), name: 'Panel holder' };
    const held = input({
      tree: tree({ libraryPanels: [taker] }),
      writes: [decideLibraryPanel(taker, normalizeLibraryPanel({ uid: 'taker', name: 'Panel holder', model: { type: 'stat', title: 'taker' } }), null, 'sha256:1')],
      live: [livePanel('holder', { connectedDashboards: 1 })],
      scope: 'folders',
      connections: new Map([['holder', ['outside']]]),
      dashboards: [action({ uid: 'outside', action: 'delete', title: 'Outside' })],
    });
    const freed = decideLibraryPanels(held);
    expect([freed.refusals, freed.writes[0]!.dependsOn, freed.deletes[0]!.dependsOn]).toEqual([[], ['folder:team', 'library-panel:holder'], ['dashboard:outside']]);
    expect(decideLibraryPanels({ ...held, deletesKeepConnections: true }).refusals).toEqual([
      {
        file: 'dashboards/team/_library/taker.json',
        severity: 'error',
        rule: 'library-name-held',
        message:
          'takes the name "Panel holder" in folder "Team" from library panel holder, which prune deletes, but dashboards outside "Outside" are connected to it and this plan soft-deletes them ' +
          'into Grafana 11\'s "Recently deleted", which keeps them connected until they are purged (Grafana refuses to delete a panel in use); Grafana allows a name once per folder, ' +
          'so it would refuse this panel\'s save: apply with --delete-mode hard (which purges them), or give this panel another name (or folder) for one apply and take the name back in a later commit',
      },
    ]);
  });

  it('a pruned panel that dashboards the plan saves still hold hands its name over (renamed to a name free in its folder) instead of a refusal, unless a holder waits in "Recently deleted"', () => {
    const taker = { ...panelEntry('taker'), name: 'Panel holder' };
    const held = input({
      tree: tree({ dashboards: [entry({ uid: 'user', title: 'User', libraryPanels: ['taker'] })], libraryPanels: [taker] }),
      writes: [decideLibraryPanel(taker, normalizeLibraryPanel({ uid: 'taker', name: 'Panel holder', model: { type: 'stat', title: 'taker' } }), null, 'sha256:1')],
      // A live panel already has the first handover name (in another case): the next one is taken.
      live: [livePanel('holder', { connectedDashboards: 2 }), { ...livePanel('other'), name: 'HOLDER (being replaced by taker)' }],
      scope: 'folders',
      connections: new Map([['holder', ['user', 'outside']]]),
      dashboards: [action({ uid: 'user', action: 'update', title: 'User' }), action({ uid: 'outside', action: 'delete', title: 'Outside' })],
    });
    const decided = decideLibraryPanels(held);
    const holder = decided.deletes.find((d) => d.uid === 'holder')!;
    expect([decided.refusals, decided.writes[0]!.dependsOn, holder.dependsOn, holder.handsNameOver]).toEqual([
      [],
      ['folder:team'],
      ['dashboard:outside', 'dashboard:user'],
      { to: 'taker', renameTo: 'holder (being replaced by taker) 2' },
    ]);
    // The saved holder would let go, but the soft-deleted one keeps it: refused, naming only that one.
    expect(decideLibraryPanels({ ...held, deletesKeepConnections: true }).refusals.map((r) => r.message.split('; ')[0])).toEqual([
      'takes the name "Panel holder" in folder "Team" from library panel holder, which prune deletes, but dashboards outside "Outside" are connected to it and this plan soft-deletes them ' +
        'into Grafana 11\'s "Recently deleted", which keeps them connected until they are purged (Grafana refuses to delete a panel in use)',
    ]);
  });
});
