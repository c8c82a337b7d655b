import { describe, expect, it } from 'vitest';
import type { Tree } from '../../../src/files/types.js';
import { setApartDeployedElsewhere, type ElsewhereSettings } from '../../../src/plan/set-apart-deployed-elsewhere.js';

const root = '/repo/dashboards';
/** Where the lists came from (Settings.environmentSelections), as messages name them: not read here. */
const FROM_FILE = { include: 'the include', exclude: 'the exclude' };
const settings: ElsewhereSettings = {
  cwd: '/repo',
  environment: 'staging',
  environmentSelections: {
    staging: { include: ['shared', 'staging'], exclude: [], prune: 'folders', from: FROM_FILE },
    qa: { include: ['qa'], exclude: [], prune: 'folders', from: FROM_FILE },
    production: { include: ['shared', 'prod'], exclude: [], prune: 'folders', from: FROM_FILE },
    eu: { include: ['prod', 'eu'], exclude: [], prune: 'folders', from: FROM_FILE },
  },
  // qa shares staging's org (or its url is not in the file): not listed.
  environmentsInOtherOrgs: { production: 'grafana', eu: 'org' },
};

function treeWith(files: Record<string, string[]>): Tree {
  const dashboardFiles = new Map(Object.entries(files).map(([uid, paths]) => [uid, paths.map((path) => `${root}/${path}`)]));
  return { root, folders: [], idleFolders: [], dashboards: [], libraryPanels: [], outsideSelection: { dashboardUids: new Set(dashboardFiles.keys()), dashboardFiles, libraryPanelUids: new Set() } };
}

describe('setApartDeployedElsewhere', () => {
  it('takes out of the outside selection only the uids whose every file environments of other orgs alone select', () => {
    const { tree, deployedElsewhere } = setApartDeployedElsewhere(
      treeWith({ moved: ['prod/moved.json'], euOnly: ['eu/x.json'], qa: ['qa/q.json'], nobody: ['archive/old.json'], twice: ['prod/twice.json', 'qa/twice.json'] }),
      settings,
    );
    expect([...deployedElsewhere]).toEqual([
      ['moved', { file: 'dashboards/prod/moved.json', environments: ['production', 'eu'], where: 'grafana' }],
      ['euOnly', { file: 'dashboards/eu/x.json', environments: ['eu'], where: 'org' }],
    ]);
    expect([...tree.outsideSelection!.dashboardUids].sort()).toEqual(['nobody', 'qa', 'twice']);
  });

  it('changes nothing without a selected environment or another org', () => {
    const tree = treeWith({ moved: ['prod/moved.json'] });
    expect(setApartDeployedElsewhere(tree, { ...settings, environment: undefined }).tree).toBe(tree);
    expect(setApartDeployedElsewhere(tree, { ...settings, environmentsInOtherOrgs: {} }).deployedElsewhere.size).toBe(0);
  });
});
