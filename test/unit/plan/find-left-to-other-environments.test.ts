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
    expect([...left.folders]).toEqual([[OLD, { environments: ['x'] }]]);
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

  // env-56b: an environment with prune off was left nothing, so this run pruned its folders, where nobody reviewing its plans saw it.
  it('an environment with prune off is left what it selects and what is in the folders it deploys: no plan deletes it', () => {
    const { left, decided } = inOrg([['x', { include: ['team-x'], exclude: [], prune: false }]]);
    expect(left.dashboards.map((entry) => [entry.summary.uid, entry.environments, entry.pruneOff])).toEqual([
      ['x-gone', ['x'], true],
      ['old-gone', ['x'], true],
    ]);
    expect([...left.folders]).toEqual([[OLD, { environments: ['x'], pruneOff: true }]]);
    expect(decided.dashboards.map((action) => action.uid)).toEqual(['y-gone']);
    expect(decided.folders).toEqual([]);
    expect([decided.otherEnvironments, decided.pruneOff]).toEqual([0, 2]);
    expect(decided.warnings.map((warning) => ('message' in warning ? warning.message : warning.kind))).toEqual([
      '2 dashboards in folders "Old", "team-x" and folder "Old" left to environment x, which deploys with prune off: no plan deletes them; delete them in Grafana, or turn x\'s prune on',
    ]);
  });

  it("a folder an environment with prune off deploys a file in is left to it; one an environment that prunes deploys a file in too is that one's as well, but for what x's files select", () => {
    const liveFolders = new Map([[TEAM_X, liveFolder({ uid: TEAM_X, title: 'team-x' })]]);
    const orphan = hit({ uid: 'hand', title: 'Hand made', folderUid: TEAM_X });
    const judged = (mine: string[], theirs: string[], removedFile?: string, third: string[] = ['team-z']) =>
      findLeftToOtherEnvironments({
        mine: { include: mine, exclude: [] },
        others: [
          ['x', { include: theirs, exclude: [], prune: false }],
          ['z', { include: third, exclude: [], prune: 'folders' }],
        ],
        dashboards: [orphan],
        ...(removedFile === undefined ? {} : { removedFiles: { dashboards: new Map([['hand', removedFile]]), libraryPanels: new Map() } }),
        folders: [],
        liveFolders,
        treeDirs: new Map([[TEAM_X, 'team-x']]),
        treeFiles: ['team-x/x1.json', 'team-x/mine.json', 'team-x/z1.json', 'team-y/y1.json', 'team-z/z2.json'],
      }).dashboards.map((entry) => [entry.summary.uid, entry.environments, entry.pruneOff]);
    // x names its one file: the orphan's file (team-x/Hand made.json) is nobody's, its folder x's alone.
    expect(judged(['team-y'], ['team-x/x1.json'])).toEqual([['hand', ['x'], true]]);
    // This run deploys a file in that folder too (env-57): a dashboard made by hand there is this run's to prune, which its plan shows.
    expect(judged(['team-y', 'team-x/mine.json'], ['team-x/x1.json'])).toEqual([]);
    // Where another environment that prunes deploys one there, it is left to that one: its plan deletes it, not this run's.
    expect(judged(['team-y'], ['team-x/x1.json'], undefined, ['team-z', 'team-x/z1.json'])).toEqual([['hand', ['z'], undefined]]);
    // A file of x's that git last held it in stays x's, wherever the folder's other files go.
    expect(judged(['team-y', 'team-x/mine.json'], ['team-x/x1.json', 'team-x/x0.json'], 'team-x/x0.json')).toEqual([['hand', ['x'], true]]);
    // This run selects the orphan's file: its own, as before.
    expect(judged(['team-y', 'team-x'], ['team-x/x1.json'])).toEqual([]);
    // x deploys nothing in the folder: nobody's.
    expect(judged(['team-y'], ['team-y/y1.json'])).toEqual([]);
  });

  it("an environment that prunes wins over one with prune off; 'folders' is left nothing at the General level", () => {
    const prunes = findLeftToOtherEnvironments({
      mine: { include: ['team-y'], exclude: [] },
      others: [
        ['off', { include: ['team-x'], exclude: [], prune: false }],
        ['on', { include: ['team-x'], exclude: [], prune: 'folders' }],
      ],
      dashboards: [hit({ uid: 'x-gone', title: 'X gone', folderUid: TEAM_X })],
      folders: [],
      liveFolders: new Map([[TEAM_X, liveFolder({ uid: TEAM_X, title: 'team-x' })]]),
      treeDirs: new Map([[TEAM_X, 'team-x']]),
    });
    expect(prunes.dashboards.map((entry) => [entry.environments, entry.pruneOff])).toEqual([[['on'], undefined]]);
    const atGeneral = (prune: 'folders' | 'all' | false) =>
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
    expect(atGeneral(false)).toEqual(['root-gone']);
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
    // The Action's words are saved beside them (action-57): a plan the CLI made speaks the Action's when the Action prints it.
    expect(describeLeftToOthers(byGit, liveFolders).map((warning) => ('actionMessage' in warning ? warning.actionMessage : ''))).toEqual([
      '1 dashboard and 1 library panel in folder "team-x" left to environment x (its directory; the plan step with environment: x prunes them)',
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
