import { describe, expect, it } from 'vitest';
import type { DashboardDecision } from '../../../src/plan/decide-dashboard.js';
import { countUnreadable, setApartUnreadable, withPanelsOnlyTheyUse } from '../../../src/plan/set-apart-unreadable.js';
import { describeUnreadable, describeUnreadableHeld } from '../../../src/report/describe-unreadable.js';
import { action, entry, folderEntry, liveFolder, tree } from './builders.js';

const decision = (uid: string, act: 'create' | 'noop' | 'update' | 'move', folderUid: string | null): DashboardDecision => ({
  action: action({ uid, action: act, folderUid }),
  warning: null,
  rewriteCandidate: false,
});

/** infra (visible) › k8s (moved to the top in Grafana, hidden) › pods (below it, not listed either); apps visible. */
const TREE = tree({
  folders: [
    folderEntry({ uid: 'infra', title: 'Infrastructure' }),
    folderEntry({ uid: 'k8s', title: 'K8s', dir: 'infra/k8s', parentUid: 'infra' }),
    folderEntry({ uid: 'pods', title: 'Pods', dir: 'infra/k8s/pods', parentUid: 'k8s' }),
    folderEntry({ uid: 'apps', title: 'Apps' }),
  ],
  dashboards: [
    entry({ uid: 'k8s-net', folderUid: 'k8s', file: 'dashboards/infra/k8s/net.json', title: 'Network' }),
    entry({ uid: 'k8s-new', folderUid: 'k8s', file: 'dashboards/infra/k8s/new.json', title: 'New' }),
    entry({ uid: 'pod-list', folderUid: 'pods', file: 'dashboards/infra/k8s/pods/list.json', title: 'Pod list' }),
    entry({ uid: 'api', folderUid: 'apps', file: 'dashboards/apps/api.json', title: 'API' }),
    entry({ uid: 'fresh', folderUid: 'apps', file: 'dashboards/apps/fresh.json', title: 'Fresh' }),
  ],
});
const LIVE = new Map([['infra', liveFolder({ uid: 'infra' })], ['apps', liveFolder({ uid: 'apps' })]]);
const displayDir = (dir: string) => `dashboards/${dir}`;

describe('setApartUnreadable', () => {
  it("/api: a refused read proves its folder there and hidden; what goes in or below it is set apart by folder, each once, never a create", () => {
    const decisions = [decision('k8s-new', 'create', 'k8s'), decision('pod-list', 'create', 'pods'), decision('api', 'update', 'apps'), decision('fresh', 'create', 'apps')];
    const found = setApartUnreadable({ tree: TREE, decisions, refusedReads: new Set(['k8s-net']), hiddenFolders: [], liveFolders: LIVE, displayDir });

    expect(found.decisions.map((kept) => kept.action.uid)).toEqual(['api', 'fresh']);
    expect(found.warnings).toEqual([
      { kind: 'unreadable', uid: 'k8s', folderTitle: 'K8s', folderDir: 'dashboards/infra/k8s', folderHidden: true, inferred: true, uids: ['k8s-net', 'k8s-new'], files: ['dashboards/infra/k8s/net.json', 'dashboards/infra/k8s/new.json'], titles: ['Network', 'New'] },
      { kind: 'unreadable', uid: 'pods', folderTitle: 'Pods', folderDir: 'dashboards/infra/k8s/pods', folderHidden: true, below: 'k8s', inferred: true, uids: ['pod-list'], files: ['dashboards/infra/k8s/pods/list.json'], titles: ['Pod list'] },
    ]);
    expect(countUnreadable(found.warnings)).toEqual({ unreadable: 3, notMovedIntoHidden: 0, usesHiddenPanels: 0, unreadableLibraryPanels: 0 });
  });

  it('/apis: a hidden folder with no dashboard file of its own is named (not created); a refused read in a visible folder is set apart without hiding it', () => {
    const onlyBelow = tree({ ...TREE, dashboards: TREE.dashboards.filter((dashboard) => dashboard.folderUid !== 'k8s') });
    const decisions = [decision('pod-list', 'create', 'pods'), decision('fresh', 'create', 'apps')];
    const found = setApartUnreadable({ tree: onlyBelow, decisions, refusedReads: new Set(['api']), hiddenFolders: ['k8s'], liveFolders: LIVE, displayDir });

    expect(found.decisions.map((kept) => kept.action.uid)).toEqual(['fresh']);
    expect(found.warnings.map((warning) => [warning.uid, warning.folderHidden, warning.uids])).toEqual([
      ['k8s', true, []],
      ['pods', true, ['pod-list']],
      ['apps', false, ['api']],
    ]);
  });

  it('a dashboard it can read whose file moves into the hidden folder, and the library panels there: set apart and named apart, no write left that needs the folder (review-64b H1)', () => {
    const withPanels = tree({
      ...TREE,
      dashboards: [...TREE.dashboards, entry({ uid: 'overview', folderUid: 'k8s', file: 'dashboards/infra/k8s/overview.json', title: 'Overview' })],
      libraryPanels: [
        { file: 'dashboards/infra/k8s/_library/cpu.json', absPath: '/repo/dashboards/infra/k8s/_library/cpu.json', dir: 'infra/k8s', folderUid: 'k8s', uid: 'lp-k8s', name: 'K8s CPU', contentHash: 'sha256:1' },
        { file: 'dashboards/apps/_library/mem.json', absPath: '/repo/dashboards/apps/_library/mem.json', dir: 'apps', folderUid: 'apps', uid: 'lp-apps', name: 'Mem', contentHash: 'sha256:2' },
      ],
    });
    const decisions = [decision('k8s-new', 'create', 'k8s'), decision('overview', 'move', 'k8s'), decision('fresh', 'create', 'apps')];
    const found = setApartUnreadable({ tree: withPanels, decisions, refusedReads: new Set(['k8s-net']), hiddenFolders: [], liveFolders: LIVE, displayDir });

    expect(found.decisions.map((kept) => kept.action.uid)).toEqual(['fresh']);
    expect(found.warnings[0]).toEqual({
      kind: 'unreadable',
      uid: 'k8s',
      folderTitle: 'K8s',
      folderDir: 'dashboards/infra/k8s',
      folderHidden: true,
      inferred: true,
      uids: ['k8s-net', 'k8s-new', 'overview'],
      files: ['dashboards/infra/k8s/net.json', 'dashboards/infra/k8s/new.json', 'dashboards/infra/k8s/overview.json'],
      titles: ['Network', 'New', 'Overview'],
      readable: ['overview'],
      libraryPanels: [{ uid: 'lp-k8s', file: 'dashboards/infra/k8s/_library/cpu.json', name: 'K8s CPU' }],
    });
    // Read, but not movable there: counted apart from those it could not read.
    expect(countUnreadable(found.warnings)).toEqual({ unreadable: 2, notMovedIntoHidden: 1, usesHiddenPanels: 0, unreadableLibraryPanels: 1 });
  });

  it('a readable dashboard elsewhere whose write uses a library panel of the tree in the hidden folder: set apart under that folder, never planned (review-65a H1)', () => {
    const withPanels = tree({
      ...TREE,
      dashboards: [...TREE.dashboards, entry({ uid: 'overview', folderUid: null, file: 'dashboards/overview.json', title: 'Overview', libraryPanels: ['lp-k8s'] })],
      libraryPanels: [{ file: 'dashboards/infra/k8s/_library/cpu.json', absPath: '/repo/dashboards/infra/k8s/_library/cpu.json', dir: 'infra/k8s', folderUid: 'k8s', uid: 'lp-k8s', name: 'K8s CPU', contentHash: 'sha256:1' }],
    });
    const decisions = [decision('overview', 'update', null), decision('api', 'noop', 'apps'), decision('fresh', 'create', 'apps')];
    const found = setApartUnreadable({ tree: withPanels, decisions, refusedReads: new Set(), hiddenFolders: ['k8s'], liveFolders: LIVE, displayDir });

    expect(found.decisions.map((kept) => kept.action.uid)).toEqual(['api', 'fresh']);
    expect(found.warnings[0]).toMatchObject({ uid: 'k8s', uids: ['overview'], files: ['dashboards/overview.json'], usesPanels: ['overview'], libraryPanels: [{ uid: 'lp-k8s' }] });
    expect(found.warnings[0]).not.toHaveProperty('readable');
    // Read, and readable: counted apart from those the plan could not read (fixh-66).
    expect(countUnreadable(found.warnings)).toEqual({ unreadable: 0, notMovedIntoHidden: 0, usesHiddenPanels: 1, unreadableLibraryPanels: 1 });
  });

  it('a library panel write only dashboards set apart use (in the tree, and as Grafana connects them) is held with the first of them; one another dashboard uses is not (review-64b L3)', () => {
    const using = (uid: string, folderUid: string, libraryPanels: string[]) => entry({ uid, folderUid, file: `dashboards/${uid}.json`, title: uid, libraryPanels });
    const panelTree = tree({ ...TREE, dashboards: [using('k8s-net', 'k8s', ['only-hidden', 'shared']), using('pod-list', 'pods', ['only-hidden', 'connected']), using('api', 'apps', ['shared'])] });
    const warnings = setApartUnreadable({ tree: panelTree, decisions: [], refusedReads: new Set(['k8s-net', 'pod-list']), hiddenFolders: [], liveFolders: LIVE, displayDir }).warnings;
    const write = (uid: string, act: 'create' | 'update' | 'noop') => ({ uid, action: act, file: `dashboards/_library/${uid}.json`, title: uid.toUpperCase() });
    const writes = [write('only-hidden', 'create'), write('shared', 'create'), write('connected', 'update'), write('unused', 'create'), write('idle', 'noop')];

    const held = withPanelsOnlyTheyUse(warnings, panelTree, writes, new Map([['connected', ['pod-list', 'ui-made']]]));

    expect(held.map((warning) => [warning.uid, warning.usedOnlyByThem])).toEqual([
      ['k8s', [{ uid: 'only-hidden', file: 'dashboards/_library/only-hidden.json', name: 'ONLY-HIDDEN' }]],
      ['pods', undefined],
    ]);
  });

  it('/api: refused dashboards git saw move into a folder the listing leaves out name the folder they came from; the new folder is not taken as hidden, its creates stay (review-64b M2)', () => {
    const renamed = tree({
      ...TREE,
      folders: [...TREE.folders, folderEntry({ uid: 'kube', title: 'Kube', dir: 'infra/kube', parentUid: 'infra' })],
      dashboards: [entry({ uid: 'k8s-net', folderUid: 'kube', file: 'dashboards/infra/kube/net.json', title: 'Network' }), entry({ uid: 'kube-new', folderUid: 'kube', file: 'dashboards/infra/kube/new.json', title: 'New' })],
    });
    const formerFolders = new Map([['k8s-net', { uid: 'k8s', title: 'K8s', dir: 'infra/k8s' }]]);
    const found = setApartUnreadable({ tree: renamed, decisions: [decision('kube-new', 'create', 'kube')], refusedReads: new Set(['k8s-net']), hiddenFolders: [], liveFolders: LIVE, displayDir, formerFolders });

    expect(found.decisions.map((kept) => kept.action.uid)).toEqual(['kube-new']);
    expect(found.warnings).toEqual([
      {
        kind: 'unreadable',
        uid: 'kube',
        folderTitle: 'Kube',
        folderDir: 'dashboards/infra/kube',
        folderHidden: false,
        uids: ['k8s-net'],
        files: ['dashboards/infra/kube/net.json'],
        titles: ['Network'],
        formerFolder: 'k8s',
        formerFolderTitle: 'K8s',
        formerFolderDir: 'dashboards/infra/k8s',
      },
    ]);
  });

  it('a folder the tree has at the top level, hidden by its own permissions, is not said to have moved there; one below it names it for the grant (walk-65 L4)', () => {
    const decisions = [decision('k8s-new', 'create', 'k8s'), decision('pod-list', 'create', 'pods')];
    const found = setApartUnreadable({ tree: TREE, decisions, refusedReads: new Set(['api']), hiddenFolders: ['infra'], liveFolders: new Map([['apps', liveFolder({ uid: 'apps' })]]), displayDir });
    const byUid = new Map(found.warnings.map((warning) => [warning.uid, warning]));
    expect([...byUid.keys()]).toEqual(['infra', 'k8s', 'pods', 'apps']);
    expect(byUid.get('k8s')).toMatchObject({ folderHidden: true, below: 'infra', hidingFolderAtTop: true });
    expect(byUid.get('apps')).not.toHaveProperty('hidingFolderAtTop');

    const plan = describeUnreadable(byUid.get('k8s')!, 'cli');
    expect(plan).toMatch(/; grant these credentials' user or service account View on folder infra to plan, Edit to apply \(the tree has folder infra at the top level too, so no move hid it: its own permissions in Grafana do\)$/);
    expect(plan).not.toContain('moved to the top level');
    expect(describeUnreadableHeld(byUid.get('infra')!, 'action')).toMatch(/first: grant the token's service account Edit on that folder \(the tree has it at the top level too, so no move hid it: its own permissions in Grafana do\)\)$/);
    // A nested folder of the tree that hides what is in it was most likely moved to the top level: the move back is named.
    const moved = setApartUnreadable({ tree: TREE, decisions, refusedReads: new Set(), hiddenFolders: ['k8s'], liveFolders: LIVE, displayDir }).warnings[0]!;
    expect(moved).not.toHaveProperty('hidingFolderAtTop');
    expect(describeUnreadable(moved, 'cli')).toContain('a folder moved to the top level in Grafana keeps no role grants of its own: grant');
  });

  it('a refused read whose file goes to a folder the plan creates: no move into it advised before it is made, then only where the apply made it (fixh-66)', () => {
    const withMisc = tree({ ...TREE, folders: [...TREE.folders, folderEntry({ uid: 'misc', title: 'misc' })], dashboards: [...TREE.dashboards, entry({ uid: 'secret', folderUid: 'misc', file: 'dashboards/misc/secret.json' })] });
    const found = setApartUnreadable({ tree: withMisc, decisions: [], refusedReads: new Set(['secret']), hiddenFolders: [], liveFolders: LIVE, displayDir, foldersProven: true });
    const warning = found.warnings.find((each) => each.uid === 'misc')!;
    expect(warning).toMatchObject({ folderAbsent: true, uids: ['secret'] });
    const where = 'folder "misc" (uid misc, directory dashboards/misc)';

    expect(describeUnreadable(warning, 'cli')).toMatch(new RegExp(`, or, once the apply has made ${where.replace(/[()]/g, '\\$&')}, move it into it in Grafana$`));
    expect(describeUnreadableHeld(warning, 'cli', new Set(['misc']))).toMatch(/, or move it into folder "misc" \(uid misc, directory dashboards\/misc\) in Grafana, which has it now\)$/);
    const notMade = describeUnreadableHeld(warning, 'cli', new Set());
    expect(notMade).toMatch(/Edit on the folder that holds it in Grafana \(this apply did not make folder "misc" \(uid misc, directory dashboards\/misc\), where the tree has it\)\)$/);
    expect(notMade).not.toContain('move it into');
  });

  it('nothing refused, nothing hidden: the decisions as they are, no warning', () => {
    const decisions = [decision('api', 'noop', 'apps')];
    expect(setApartUnreadable({ tree: TREE, decisions, refusedReads: new Set(), hiddenFolders: [], liveFolders: LIVE, displayDir })).toEqual({ decisions, warnings: [] });
  });
});
