import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { decideDeletes } from '../../../src/plan/decide-deletes.js';
import { describeLeftToOthers, findLeftToOtherEnvironments, type LeftToOthersInput } from '../../../src/plan/find-left-to-other-environments.js';
import type { LiveLibraryPanel } from '../../../src/grafana/port.js';
import { mapFolderDirs } from '../../../src/pull/map-folder-dirs.js';
import { placeFreshFiles } from '../../../src/pull/place-fresh-files.js';
import { folderEntry, hit, liveFolder, liveState, tree } from './builders.js';

const TEAM_X = deriveFolderUid('team-x');
const OLD = deriveFolderUid('team-x/old');
const TEAM_Y = deriveFolderUid('team-y');

/** Environment y's prune in an org it shares with x (each includes its own directory); team-x/old left the tree, its folder is still live. */
function inOrg(others: LeftToOthersInput['others'] = [['x', { include: ['team-x'], exclude: [], prune: 'folders' }]]) {
  const liveFolders = new Map([
    [TEAM_X, liveFolder({ uid: TEAM_X, title: 'team-x' })],
    [OLD, liveFolder({ uid: OLD, title: 'Old', parentUid: TEAM_X })],
    [TEAM_Y, liveFolder({ uid: TEAM_Y, title: 'team-y' })],
  ]);
  const dashboards = [hit({ uid: 'x-gone', title: 'X gone', folderUid: TEAM_X }), hit({ uid: 'old-gone', title: 'Old gone', folderUid: OLD }), hit({ uid: 'y-gone', title: 'Y gone', folderUid: TEAM_Y })];
  const folders = [folderEntry({ uid: TEAM_X, dir: 'team-x', title: 'team-x' }), folderEntry({ uid: TEAM_Y, dir: 'team-y', title: 'team-y' })];
  const left = findLeftToOtherEnvironments({
    mine: { include: ['team-y'], exclude: [] },
    others,
    dashboards,
    folders: [liveFolders.get(OLD)!],
    liveFolders,
    treeDirs: new Map(folders.map((folder) => [folder.uid, folder.dir])),
  });
  const leftUids = new Set(left.dashboards.map((entry) => entry.summary.uid));
  const decided = decideDeletes({
    tree: tree({ folders }),
    scope: 'folders',
    liveDashboards: dashboards,
    liveFolders,
    folderMarks: new Map(),
    candidates: dashboards.filter((summary) => !leftUids.has(summary.uid)).map((summary) => ({ uid: summary.uid, live: liveState({ folderUid: summary.folderUid, title: summary.title }) })),
    leftToOthers: left,
    planned: [],
    knownFolders: new Set([OLD, TEAM_X, TEAM_Y]),
  });
  return { left, decided };
}

describe("prune leaves to another environment of the org what that one selects and this one does not", () => {
  it('keeps the dashboards in its directory, the folder that left it and its dashboards, and says so in one warning', () => {
    const { left, decided } = inOrg();
    expect(left.dashboards.map((entry) => [entry.summary.uid, entry.environments])).toEqual([
      ['x-gone', ['x']],
      ['old-gone', ['x']],
    ]);
    expect([...left.folders]).toEqual([[OLD, ['x']]]);
    expect(decided.dashboards.map((action) => action.uid)).toEqual(['y-gone']);
    expect(decided.folders).toEqual([]);
    expect(decided.otherEnvironments).toBe(2);
    expect(decided.warnings.map((warning) => ('message' in warning ? warning.message : warning.kind))).toEqual([
      '2 dashboards in folders "Old", "team-x" and folder "Old" left to environment x (their directories; dashsync plan --env x prunes them)',
    ]);
  });

  it('an orphan in a directory no other environment selects stays this run\'s (deleted, with the folder that left the tree)', () => {
    const { left, decided } = inOrg([['z', { include: ['team-z'], exclude: [], prune: 'folders' }]]);
    expect(left.dashboards).toEqual([]);
    expect(left.folders.size).toBe(0);
    expect(decided.dashboards.map((action) => action.uid).sort()).toEqual(['old-gone', 'x-gone', 'y-gone']);
    expect(decided.folders.map((folder) => folder.uid)).toEqual([OLD]);
    expect(decided.otherEnvironments).toBe(0);
  });

  it('a directory both select is pruned by both, as before', () => {
    const { left } = inOrg([['x', { include: ['team-x', 'team-y'], exclude: [], prune: 'folders' }]]);
    expect(left.dashboards.map((entry) => entry.summary.uid)).toEqual(['x-gone', 'old-gone']);
    const both = findLeftToOtherEnvironments({
      mine: { include: [], exclude: [] },
      others: [['x', { include: ['team-x'], exclude: [], prune: 'folders' }]],
      dashboards: [hit({ uid: 'x-gone', folderUid: TEAM_X })],
      folders: [],
      liveFolders: new Map([[TEAM_X, liveFolder({ uid: TEAM_X, title: 'team-x' })]]),
      treeDirs: new Map([[TEAM_X, 'team-x']]),
    });
    expect(both.dashboards).toEqual([]);
  });

  it("nothing is left to an environment whose own prune would not take it: prune off, or 'folders' at the General level", () => {
    const { left, decided } = inOrg([['x', { include: ['team-x'], exclude: [], prune: false }]]);
    expect(left.dashboards).toEqual([]);
    expect(left.folders.size).toBe(0);
    expect(decided.dashboards.map((action) => action.uid).sort()).toEqual(['old-gone', 'x-gone', 'y-gone']);
    const atGeneral = (prune: 'folders' | 'all') =>
      findLeftToOtherEnvironments({
        mine: { include: ['team-y'], exclude: [] },
        others: [['x', { include: ['*.json'], exclude: [], prune }]],
        dashboards: [hit({ uid: 'root-gone', title: 'Root gone', folderUid: null })],
        folders: [],
        liveFolders: new Map(),
        treeDirs: new Map(),
      }).dashboards.map((entry) => entry.summary.uid);
    expect(atGeneral('folders')).toEqual([]);
    expect(atGeneral('all')).toEqual(['root-gone']);
  });

  it("a library panel is judged by its _library/ file, and a removed file's own path wins over the title's", () => {
    const liveFolders = new Map([[TEAM_X, liveFolder({ uid: TEAM_X, title: 'team-x' })]]);
    const panel = { uid: 'lp-x', name: 'Panel X', kind: 1, folderUid: TEAM_X, folderTitle: 'team-x' } as LiveLibraryPanel;
    const input: LeftToOthersInput = {
      mine: { include: ['team-x/mine.json'], exclude: [] },
      others: [['x', { include: ['team-x/_library', 'team-x/x2.json'], exclude: [], prune: 'folders' }]],
      dashboards: [hit({ uid: 'x2', title: 'Second', folderUid: TEAM_X })],
      libraryPanels: [panel],
      folders: [],
      liveFolders,
      treeDirs: new Map([[TEAM_X, 'team-x']]),
    };
    // Without git, the dashboard's file is team-x/Second.json (x's include names team-x/x2.json): this run's.
    const bySlug = findLeftToOtherEnvironments(input);
    expect(bySlug.dashboards).toEqual([]);
    expect(bySlug.libraryPanels.map((left) => [left.panel.uid, left.environments])).toEqual([['lp-x', ['x']]]);
    const byGit = findLeftToOtherEnvironments({ ...input, removedFiles: { dashboards: new Map([['x2', 'team-x/x2.json']]), libraryPanels: new Map() } });
    expect(byGit.dashboards.map((left) => left.summary.uid)).toEqual(['x2']);
    expect(describeLeftToOthers(byGit, liveFolders).map((warning) => ('message' in warning ? warning.message : ''))).toEqual([
      '1 dashboard and 1 library panel in folder "team-x" left to environment x (its directory; dashsync plan --env x prunes them)',
    ]);
  });

  it('judges a file by the name pull writes: a title with no Latin letters falls back to the uid as pull spells it', () => {
    // Titles pull cannot spell in Latin letters: pull names the folder and the dashboard by their uids, as sanitizeName spells them.
    const data = liveFolder({ uid: '_Data_', title: 'データ', parentUid: TEAM_X });
    const liveFolders = new Map([[TEAM_X, liveFolder({ uid: TEAM_X, title: 'team-x' })], [data.uid, data]]);
    const gone = hit({ uid: '_Ops_', title: '日本', folderUid: data.uid });
    const treeDirs = new Map([[TEAM_X, 'team-x']]);
    const folderDir = mapFolderDirs({ needed: [...liveFolders.values()], treeDirByUid: treeDirs, folderFiles: new Map(), treeDirs: new Set(['team-x']), listing: new Map() }).folders.find((folder) => folder.uid === data.uid)!.dir;
    const pulled = placeFreshFiles({ dir: folderDir, hits: [{ uid: gone.uid, title: gone.title! }], listing: new Map(), held: () => false }).get(gone.uid)!.file;
    expect(pulled).toBe('team-x/data/ops.json');

    const left = findLeftToOtherEnvironments({
      mine: { include: ['team-y'], exclude: [] },
      others: [['x', { include: [pulled], exclude: [], prune: 'folders' }]],
      dashboards: [gone],
      folders: [],
      liveFolders,
      treeDirs,
    });

    expect(left.dashboards.map((entry) => [entry.summary.uid, entry.environments])).toEqual([['_Ops_', ['x']]]);
  });
});
