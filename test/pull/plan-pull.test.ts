import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import type { DashboardEntry, FolderEntry, LibraryPanelEntry, Tree } from '../../src/files/types.js';
import type { DashboardSummary, LiveFolder } from '../../src/grafana/port.js';
import type { DirectoryListing } from '../../src/pull/map-folder-dirs.js';
import { planPull, type PlanPullInput } from '../../src/pull/plan-pull.js';
import type { LiveLibraryUse, PullScope } from '../../src/pull/types.js';

function folder(uid: string, title: string, parentUid: string | null = null): LiveFolder {
  return { uid, title, parentUid, revision: null };
}

function hit(uid: string, title: string, folderUid: string | null = null): DashboardSummary {
  return { uid, title, folderUid };
}

function entry(file: string, uid: string, folderUid: string | null, title = uid): DashboardEntry {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  return { file: `dashboards/${file}`, absPath: `/repo/dashboards/${file}`, dir, folderUid, uid, title, contentHash: 'sha256:x', form: 'model', schema: 'v1', apiVersion: null, metadata: { labels: {}, annotations: {} }, libraryPanels: [], modelText: null };
}

function treeFolder(dir: string, uid = deriveFolderUid(dir), parentUid: string | null = null): FolderEntry {
  return { dir, uid, title: dir.slice(dir.lastIndexOf('/') + 1), parentUid, source: uid === deriveFolderUid(dir) ? 'derived' : 'folder-file' };
}

function libraryEntry(file: string, uid: string, folderUid: string | null): LibraryPanelEntry {
  const dir = file.slice(0, file.lastIndexOf('_library/')).replace(/\/$/, '');
  return { file: `dashboards/${file}`, absPath: `/repo/dashboards/${file}`, dir, folderUid, uid, name: uid, contentHash: 'sha256:x' };
}
function liveElement(uid: string, kind: number, folderUid: string | null): LiveLibraryUse {
  const lastSave = { by: 'admin', at: '2026-11-30T00:00:00Z', message: null, byDashsync: false, version: 1 };
  return { panel: { uid, name: uid, kind, model: {}, folderUid, folderTitle: '', revision: '1', version: 1, connectedDashboards: 0, lastSave }, users: [] };
}

function listingOf(paths: string[]): DirectoryListing {
  const listing: DirectoryListing = new Map([['', new Map()]]);
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i += 1) {
      const dir = parts.slice(0, i).join('/');
      if (!listing.has(dir)) listing.set(dir, new Map());
      listing.get(dir)!.set(parts[i]!.toLowerCase(), i === parts.length - 1 && path.endsWith('.json') ? 'file' : 'dir');
    }
  }
  return listing;
}

function plan(overrides: Partial<PlanPullInput> & { scope?: PullScope }) {
  const tree: Tree = overrides.tree ?? { root: '/repo/dashboards', folders: [], idleFolders: [], dashboards: [], libraryPanels: [] };
  return planPull({
    scope: { kind: 'all' },
    liveFolders: [],
    liveDashboards: [],
    folderFiles: new Map(),
    listing: listingOf([]),
    rootRelative: (e) => e.file.replace(/^dashboards\//, ''),
    ...overrides,
    tree,
  });
}

const liveFolders = [
  folder('plat', 'Platform'),
  folder('k8s', 'Kubernetes', 'plat'),
  folder('nodes', 'Nodes', 'k8s'),
  folder('evil', '../../etc'),
];
const liveDashboards = [
  hit('root1', 'Home'),
  hit('n1', 'CPU', 'nodes'),
  hit('n2', 'CPU', 'nodes'),
  hit('e1', 'a/b', 'evil'),
  hit('p1', 'Overview', 'plat'),
];

describe('planPull: an empty tree', () => {
  it('places nested folders by sanitised title, with _folder.json for uid and title', () => {
    const result = plan({ liveFolders, liveDashboards });
    expect(result.folders).toEqual([
      { uid: 'evil', title: '../../etc', dir: 'etc', folderFile: { uid: 'evil', title: '../../etc' } },
      { uid: 'plat', title: 'Platform', dir: 'platform', folderFile: { uid: 'plat', title: 'Platform' } },
      { uid: 'k8s', title: 'Kubernetes', dir: 'platform/kubernetes', folderFile: { uid: 'k8s', title: 'Kubernetes' } },
      { uid: 'nodes', title: 'Nodes', dir: 'platform/kubernetes/nodes', folderFile: { uid: 'nodes', title: 'Nodes' } },
    ]);
    expect(result.dashboards.map((d) => [d.uid, d.file, d.previousFile])).toEqual([
      ['e1', 'etc/a-b.json', null],
      ['root1', 'home.json', null],
      ['n1', 'platform/kubernetes/nodes/cpu-n1.json', null],
      ['n2', 'platform/kubernetes/nodes/cpu-n2.json', null],
      ['p1', 'platform/overview.json', null],
    ]);
    expect(result.onlyInGit).toEqual([]);
  });

  it('gives the same paths whatever order Grafana lists folders and dashboards in', () => {
    const forward = plan({ liveFolders, liveDashboards });
    const backward = plan({ liveFolders: [...liveFolders].reverse(), liveDashboards: [...liveDashboards].reverse() });
    expect(backward).toEqual(forward);
  });

  it('writes no _folder.json where the directory already spells the uid and title', () => {
    const uid = deriveFolderUid('team');
    const result = plan({ liveFolders: [folder(uid, 'team')], liveDashboards: [hit('d', 'D', uid)] });
    expect(result.folders).toEqual([{ uid, title: 'team', dir: 'team', folderFile: null }]);
  });

  it('leaves out folders that hold no pulled dashboard', () => {
    const result = plan({ liveFolders: [...liveFolders, folder('empty', 'Empty')], liveDashboards });
    expect(result.folders.map((f) => f.uid)).not.toContain('empty');
  });

  it('does not reuse a name held on disk by a file or by a directory that belongs to something else', () => {
    const result = plan({
      liveFolders: [folder('plat', 'Platform')],
      liveDashboards: [hit('p1', 'Overview', 'plat'), hit('r', 'Readme')],
      listing: listingOf(['platform/notes.txt', 'readme.json']),
      folderFiles: new Map([['platform', { uid: 'someone-else', title: 'Platform' }]]),
    });
    expect(result.folders[0]!.dir).toBe('platform-plat');
    expect(result.dashboards.map((d) => d.file)).toEqual(['platform-plat/overview.json', 'readme-r.json']);
  });
});

describe('planPull: a tree that already has dashboards', () => {
  const tree: Tree = {
    root: '/repo/dashboards',
    folders: [treeFolder('infra', 'plat')],
    idleFolders: [],
    dashboards: [entry('infra/my-own-name.json', 'p1', 'plat', 'Old title'), entry('gone.json', 'gone', null), entry('infra/old.json', 'n1', 'plat')],
    libraryPanels: [],
  };

  it('keeps a known uid at its path, moves one whose folder changed (keeping its name), and lists files whose dashboard is gone', () => {
    const result = plan({ tree, liveFolders, liveDashboards, listing: listingOf(['infra/my-own-name.json', 'infra/old.json', 'gone.json']) });
    expect(result.folders.find((f) => f.uid === 'plat')!.dir).toBe('infra');
    const byUid = Object.fromEntries(result.dashboards.map((d) => [d.uid, d]));
    expect(byUid.p1).toMatchObject({ file: 'infra/my-own-name.json', previousFile: null });
    expect(byUid.n1).toMatchObject({ file: 'infra/kubernetes/nodes/old.json', previousFile: 'infra/old.json' });
    expect(result.onlyInGit).toEqual([{ file: 'gone.json', uid: 'gone', title: 'gone', folderUid: null }]);
  });

  it('by default pulls what the tree manages: its uids and everything in its folders, nothing else', () => {
    const result = plan({ tree, liveFolders, liveDashboards, scope: { kind: 'managed' } });
    expect(result.dashboards.map((d) => d.uid).sort()).toEqual(['n1', 'n2', 'p1']);
    expect(result.onlyInGit.map((g) => g.uid)).toEqual(['gone']);
  });

  it('--folder reaches subfolders and answers only for files in those folders', () => {
    const result = plan({ tree, liveFolders, liveDashboards, scope: { kind: 'folders', uids: ['k8s'] } });
    // By file: n1's moved file keeps its name (old.json), after n2's new one.
    expect(result.dashboards.map((d) => d.uid)).toEqual(['n2', 'n1']);
    expect(result.onlyInGit).toEqual([]);
    const root = plan({ tree, liveFolders, liveDashboards, scope: { kind: 'folders', uids: ['general'] } });
    expect(root.dashboards.map((d) => d.uid)).toEqual(['root1']);
    expect(root.onlyInGit.map((g) => g.uid)).toEqual(['gone']);
  });

  it('keeps the directory of a folder that moved in Grafana, and says so', () => {
    const withParent: Tree = { ...tree, folders: [treeFolder('infra', 'plat'), treeFolder('etc', 'evil')] };
    const result = plan({ tree: withParent, liveFolders: [folder('plat', 'Platform', 'evil'), folder('evil', '../../etc')], liveDashboards: [hit('p1', 'Overview', 'plat')] });
    expect(result.folders.map((f) => [f.uid, f.dir])).toEqual([['evil', 'etc'], ['plat', 'infra']]);
    expect(result.notes).toContain('folder "Platform" (plat) has another parent in Grafana than in the tree; its directory stays at infra: move it by hand (git mv infra etc/infra)');
  });

  it('names a free directory for the git mv where the parent already has one of that name, which git would nest the folder in (review-65b L6)', () => {
    const twins: Tree = { ...tree, folders: [treeFolder('infra', 'plat'), treeFolder('etc', 'evil'), treeFolder('etc/infra', 'other')] };
    const result = plan({
      tree: twins,
      liveFolders: [folder('plat', 'Platform', 'evil'), folder('evil', '../../etc'), folder('other', 'Infra', 'evil')],
      liveDashboards: [hit('p1', 'Overview', 'plat'), hit('o1', 'Other', 'other')],
      listing: listingOf(['infra/my-own-name.json', 'etc/infra/o1.json']),
    });
    expect(result.notes).toContain('folder "Platform" (plat) has another parent in Grafana than in the tree; its directory stays at infra: move it by hand (git mv infra etc/platform; etc/infra is taken, so under another name)');
  });

  it('gives no git mv into a folder the tree holds no directory for: the pull that takes that folder in, with the run\'s flags (walk-65 M4)', () => {
    const result = plan({
      tree,
      liveFolders: [folder('plat', 'Platform', 'scratch'), folder('scratch', 'Scratch')],
      liveDashboards: [hit('p1', 'Overview', 'plat'), hit('ui', 'UI only', 'scratch')],
      scope: { kind: 'managed' },
      runSelection: { environment: 'prod' },
    });
    expect(result.notes.filter((note) => note.includes('(plat)'))).toEqual([
      'folder "Platform" (plat) was moved in Grafana into folder "Scratch" (scratch), which the tree holds no directory for; its directory stays at infra, and the next plan moves it back where the tree has it. ' +
        "To keep Grafana's place instead, the tree must take that folder in with its dashboards first (dashsync pull --env prod --folder scratch; a directory made for it by hand would have prune delete its dashboards no file holds), after which pull names the git mv",
    ]);
    // Once that pull wrote the folder's dashboards, the git mv has a directory to go into.
    const taken = plan({ tree, liveFolders: [folder('plat', 'Platform', 'scratch'), folder('scratch', 'Scratch')], liveDashboards: [hit('p1', 'Overview', 'plat'), hit('ui', 'UI only', 'scratch')], scope: { kind: 'folders', uids: ['scratch'] } });
    expect(taken.notes).toContain('folder "Platform" (plat) has another parent in Grafana than in the tree; its directory stays at infra: move it by hand (git mv infra scratch/infra)');
  });

  it('refuses a --folder uid that neither Grafana nor the tree knows', () => {
    expect(() => plan({ tree, liveFolders, liveDashboards, scope: { kind: 'folders', uids: ['nope'] } })).toThrow(ConfigError);
  });
});

describe('planPull: _library/ files whose library panel Grafana does not list', () => {
  const tree: Tree = {
    root: '/repo/dashboards',
    folders: [treeFolder('infra', 'plat'), treeFolder('infra/nodes', 'nodes', 'plat')],
    idleFolders: [],
    dashboards: [entry('infra/overview.json', 'p1', 'plat')],
    libraryPanels: [
      libraryEntry('_library/root-gone.json', 'lp-root', null),
      libraryEntry('infra/_library/gone.json', 'lp-gone', 'plat'),
      libraryEntry('infra/_library/copy.json', 'lp-gone', 'plat'),
      libraryEntry('infra/nodes/_library/nodes-gone.json', 'lp-nodes', 'nodes'),
      libraryEntry('infra/_library/live.json', 'lp-live', 'plat'),
      libraryEntry('infra/_library/variable.json', 'lp-variable', 'plat'),
    ],
  };
  const libraryUses = [liveElement('lp-live', 1, 'plat'), liveElement('lp-variable', 2, 'plat')];

  it('lists each gone uid once, by its first file; a uid Grafana holds as a library variable is not gone', () => {
    const result = plan({ tree, liveFolders, liveDashboards, libraryUses, scope: { kind: 'managed' } });
    expect(result.libraryOnlyInGit).toEqual([
      { file: '_library/root-gone.json', uid: 'lp-root', name: 'lp-root', folderUid: null },
      { file: 'infra/_library/copy.json', uid: 'lp-gone', name: 'lp-gone', folderUid: 'plat' },
      { file: 'infra/nodes/_library/nodes-gone.json', uid: 'lp-nodes', name: 'lp-nodes', folderUid: 'nodes' },
    ]);
  });

  it('--folder answers for the panels in those folders and below (by the folder of the panel, not of its users); pull <uid…> for none', () => {
    const nodes = plan({ tree, liveFolders, liveDashboards, libraryUses, scope: { kind: 'folders', uids: ['nodes'] } });
    expect(nodes.libraryOnlyInGit.map((gone) => gone.uid)).toEqual(['lp-nodes']);
    const root = plan({ tree, liveFolders, liveDashboards, libraryUses, scope: { kind: 'folders', uids: ['general'] } });
    expect(root.libraryOnlyInGit.map((gone) => gone.uid)).toEqual(['lp-root']);
    const uids = plan({ tree, liveFolders, liveDashboards, libraryUses, scope: { kind: 'uids', uids: ['p1'] } });
    expect(uids.libraryOnlyInGit).toEqual([]);
  });
});

describe('planPull and the files outside the config\'s include/exclude', () => {
  const tree = (dashboards: DashboardEntry[]): Tree => ({ root: '/repo/dashboards', folders: [treeFolder('prod'), treeFolder('beta')], idleFolders: [], dashboards, libraryPanels: [] });
  const prodFolder = folder(deriveFolderUid('prod'), 'prod');
  const betaFolder = folder(deriveFolderUid('beta'), 'beta');

  it('a uid held by a selected file and by one outside the selection (each environment its copy) is the selected file\'s, without the two-files note', () => {
    const result = plan({
      scope: { kind: 'managed' },
      liveFolders: [prodFolder, betaFolder],
      liveDashboards: [hit('ui-v2', 'UI v2', prodFolder.uid)],
      tree: tree([entry('prod/ui-v2.json', 'ui-v2', prodFolder.uid), entry('beta/ui-v2.json', 'ui-v2', betaFolder.uid)]),
      listing: listingOf(['prod/ui-v2.json', 'beta/ui-v2.json']),
      unselected: new Map([['/repo/dashboards/beta/ui-v2.json', 'is excluded by environment "production"\'s exclude in dashsync.config.json']]),
    });
    expect(result.dashboards).toEqual([{ uid: 'ui-v2', title: 'UI v2', file: 'prod/ui-v2.json', previousFile: null, existingFile: 'prod/ui-v2.json' }]);
    expect(result.skipped).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it('a uid held only outside the selection is skipped with the reason (--all); a gone one there is not only in git', () => {
    const result = plan({
      scope: { kind: 'all' },
      liveFolders: [prodFolder, betaFolder],
      liveDashboards: [hit('ui-v2', 'UI v2', prodFolder.uid)],
      tree: tree([entry('beta/ui-v2.json', 'ui-v2', betaFolder.uid), entry('beta/gone.json', 'gone', betaFolder.uid)]),
      listing: listingOf(['beta/ui-v2.json', 'beta/gone.json']),
      unselected: new Map([
        ['/repo/dashboards/beta/ui-v2.json', 'is not in the "include" of dashsync.config.json'],
        ['/repo/dashboards/beta/gone.json', 'is not in the "include" of dashsync.config.json'],
      ]),
    });
    expect(result.dashboards).toEqual([]);
    expect(result.onlyInGit).toEqual([]);
    expect(result.skipped).toEqual([{ uid: 'ui-v2', title: 'UI v2', file: 'beta/ui-v2.json', why: 'is not in the "include" of dashsync.config.json' }]);
    expect(result.notConsidered).toBe(0);
  });

  it('a refresh (no flags) leaves another run\'s dashboards out altogether: not skipped, not placed, no folder of theirs; only counted', () => {
    const why = 'is not in the "include" of dashsync.config.json';
    const result = plan({
      scope: { kind: 'managed' },
      liveFolders: [prodFolder, betaFolder],
      // ui-v2: held outside the selection; beta-new: new, its file would be beta/beta-new.json (outside); prod-new: new, inside.
      liveDashboards: [hit('ui-v2', 'UI v2', betaFolder.uid), hit('beta-new', 'Beta new', betaFolder.uid), hit('prod-new', 'Prod new', prodFolder.uid)],
      tree: tree([entry('beta/ui-v2.json', 'ui-v2', betaFolder.uid), entry('prod/api.json', 'api', prodFolder.uid)]),
      listing: listingOf(['beta/ui-v2.json', 'prod/api.json']),
      unselected: new Map([['/repo/dashboards/beta/ui-v2.json', why]]),
      selection: { include: ['prod/**'], exclude: [], from: { include: 'the "include" of dashsync.config.json', exclude: 'x' } },
    });
    expect(result.dashboards.map((target) => target.file)).toEqual(['prod/prod-new.json']);
    expect(result.folders.map((target) => target.dir)).toEqual(['prod']);
    expect(result.skipped).toEqual([]);
    expect(result.notConsidered).toBe(2);
    expect(result.unfiled).toEqual([]);
  });
  it("a refresh counts another run's library panels (those --all would skip) and names one its own dashboards use", () => {
    const why = 'is not in the "include" of dashsync.config.json';
    const result = plan({
      scope: { kind: 'managed' },
      liveFolders: [prodFolder, betaFolder],
      liveDashboards: [hit('api', 'API', prodFolder.uid), hit('ui', 'UI', betaFolder.uid)],
      tree: {
        ...tree([entry('prod/api.json', 'api', prodFolder.uid), entry('beta/ui.json', 'ui', betaFolder.uid)]),
        libraryPanels: [libraryEntry('beta/_library/shared.json', 'lp-shared', betaFolder.uid), libraryEntry('beta/_library/beta-only.json', 'lp-beta', betaFolder.uid)],
      },
      listing: listingOf(['prod/api.json', 'beta/ui.json', 'beta/_library/shared.json', 'beta/_library/beta-only.json']),
      unselected: new Map(['beta/ui.json', 'beta/_library/shared.json', 'beta/_library/beta-only.json'].map((file) => [`/repo/dashboards/${file}`, why])),
      selection: { include: ['prod/**'], exclude: [] },
      libraryUses: [{ ...liveElement('lp-shared', 1, betaFolder.uid), users: ['api', 'ui'] }, { ...liveElement('lp-beta', 1, betaFolder.uid), users: ['ui'] }],
    });
    expect(result.skipped.map((target) => [target.resource, target.uid])).toEqual([['library-panel', 'lp-shared']]);
    expect(result.notConsidered).toBe(1);
    expect(result.notConsideredLibraryPanels).toBe(1);
  });

  describe("--all and another run's folder directory", () => {
    const renamedBeta = { ...betaFolder, title: 'Beta (renamed)' };
    const input = (folderFiles: PlanPullInput['folderFiles'], selective: boolean) =>
      plan({
        scope: { kind: 'all' },
        liveFolders: [prodFolder, renamedBeta],
        // beta-new is new: its file would be beta/beta-new.json.
        liveDashboards: [hit('api', 'API', prodFolder.uid), hit('ui', 'UI', betaFolder.uid), hit('beta-new', 'Beta new', betaFolder.uid)],
        tree: tree([entry('prod/api.json', 'api', prodFolder.uid), entry('beta/ui.json', 'ui', betaFolder.uid)]),
        listing: listingOf(['prod/api.json', 'beta/ui.json', 'beta/_folder.json']),
        folderFiles,
        ...(selective ? { unselected: new Map([['/repo/dashboards/beta/ui.json', 'is not in --include']]), selection: { include: ['prod/**'], exclude: [] } } : {}),
      });

    it("its _folder.json is not written; where it says other than Grafana that is a skipped line", () => {
      const result = input(new Map([['beta', { uid: betaFolder.uid, title: 'beta' }]]), true);
      expect(result.folders.map((target) => target.dir)).toEqual(['prod']);
      expect(result.skipped.filter((target) => target.resource === 'folder')).toEqual([
        { uid: betaFolder.uid, title: 'Beta (renamed)', file: 'beta/_folder.json', why: "this run's selection (--include) holds no dashboard or library panel file beside or below it", resource: 'folder' },
      ]);
    });

    it('one that already says what Grafana says gets no line; without include/exclude it is written as before', () => {
      const same = input(new Map([['beta', { uid: betaFolder.uid, title: 'Beta (renamed)' }]]), true);
      expect(same.folders.map((target) => target.dir)).toEqual(['prod']);
      expect(same.skipped.filter((target) => target.resource === 'folder')).toEqual([]);
      const everything = input(new Map([['beta', { uid: betaFolder.uid, title: 'beta' }]]), false);
      expect(everything.folders.find((target) => target.dir === 'beta')?.folderFile).toEqual({ uid: betaFolder.uid, title: 'Beta (renamed)' });
      expect(everything.skipped).toEqual([]);
    });
  });
});

describe('planPull and the library panels no dashboard uses (audit-ux-10 F8)', () => {
  const prod = folder(deriveFolderUid('prod'), 'prod');
  const beta = folder(deriveFolderUid('beta'), 'beta');
  const elsewhere = folder('elsewhere', 'Elsewhere');
  const liveFolders = [prod, beta, elsewhere];
  const liveDashboards = [hit('p1', 'P1', prod.uid), hit('b1', 'B1', beta.uid)];
  const libraryUses = [liveElement('lp-prod', 1, prod.uid), liveElement('lp-beta', 1, beta.uid), liveElement('lp-else', 1, 'elsewhere'), liveElement('lp-root', 1, null), liveElement('lp-var', 2, prod.uid)];
  const tree: Tree = { root: '/repo/dashboards', folders: [treeFolder('prod'), treeFolder('beta')], idleFolders: [], dashboards: [entry('prod/p1.json', 'p1', prod.uid), entry('beta/b1.json', 'b1', beta.uid)], libraryPanels: [] };
  const written = (result: ReturnType<typeof plan>) => result.libraryPanels.map((target) => target.file);

  it('--all writes every panel, in its folder\'s _library/ (a library variable is no panel)', () => {
    const result = plan({ scope: { kind: 'all' }, liveFolders, liveDashboards, libraryUses });
    expect(written(result)).toEqual(['_library/lp-root.json', 'beta/_library/lp-beta.json', 'elsewhere/_library/lp-else.json', 'prod/_library/lp-prod.json']);
    expect(result.notes).toEqual([]);
  });

  it('--folder writes those of its folders; the General level\'s only with general', () => {
    expect(written(plan({ scope: { kind: 'folders', uids: [prod.uid] }, liveFolders, liveDashboards, libraryUses, tree }))).toEqual(['prod/_library/lp-prod.json']);
    expect(written(plan({ scope: { kind: 'folders', uids: ['general'] }, liveFolders, liveDashboards, libraryUses, tree }))).toEqual(['_library/lp-root.json']);
    expect(written(plan({ scope: { kind: 'uids', uids: ['p1'] }, liveFolders, liveDashboards, libraryUses, tree }))).toEqual([]);
  });

  it('a refresh writes those of the tree\'s folders and counts the others on the no-file hint', () => {
    const result = plan({ scope: { kind: 'managed' }, liveFolders, liveDashboards, libraryUses, tree });
    expect(written(result)).toEqual(['beta/_library/lp-beta.json', 'prod/_library/lp-prod.json']);
    expect(result.unfiled).toEqual([]);
    expect(result.unfiledLibraryPanels).toBe(2);
  });

  it('with include, a refresh counts an unused panel of another run\'s folder as not considered, with no skipped line; --all names it', () => {
    const selection = { include: ['prod/**'], exclude: [] };
    const refresh = plan({ scope: { kind: 'managed' }, liveFolders, liveDashboards, libraryUses, tree, selection });
    expect(written(refresh)).toEqual(['prod/_library/lp-prod.json']);
    expect(refresh.skipped).toEqual([]);
    expect(refresh.notConsideredLibraryPanels).toBe(3);
    const all = plan({ scope: { kind: 'all' }, liveFolders, liveDashboards, libraryUses, tree, selection });
    expect(all.skipped.filter((target) => target.resource === 'library-panel').map((target) => target.file)).toEqual(['_library/lp-root.json', 'beta/_library/lp-beta.json', 'elsewhere/_library/lp-else.json']);
  });
});
