import { describe, expect, it } from 'vitest';
import type { OrgEnvironment } from '../../../src/plan/claim-prune-off.js';
import { findPrunedByOthers } from '../../../src/plan/find-pruned-by-others.js';

// env-62: the environments of a Grafana org whose prune deletes what no file holds, as a prune-off run (ops) names them.

const TEAM = 'team';
const tree = { treeDirs: new Map([[TEAM, 'team']]), treeFiles: ['top.json', 'team/t1.json', 'prod/p1.json'] };
const env = (include: string[], prune: OrgEnvironment[1]['prune'], extra: Partial<OrgEnvironment[1]> = {}): OrgEnvironment[1] => ({ include, exclude: [], prune, ...extra });

describe('findPrunedByOthers', () => {
  it('names every environment whose plan deletes a dashboard, in config order, with what its plan in this run repeats', () => {
    const org: OrgEnvironment[] = [
      ['ops', env(['top.json', 'team'], false)],
      ['team', env(['team'], 'all', { runLists: true })],
      ['prod', env(['prod'], 'all', { runPrune: 'all' })],
    ];
    const loose = { uid: 'loose', title: 'Loose board', folderUid: null };

    const found = findPrunedByOthers({ dashboards: [loose] }, org, 'ops', tree);

    expect(found.dashboards.get(loose)).toEqual([{ environment: 'team', runLists: true }, { environment: 'prod', runPrune: 'all' }]);
  });

  it('names a library panel only where no dashboard that plan keeps uses it', () => {
    const org: OrgEnvironment[] = [['ops', env([], false)], ['team', env(['team'], 'folders')]];
    const gone = { uid: 'gone', title: 'Gone', folderUid: TEAM };
    const panels = [
      { uid: 'lp-free', name: 'Free', folderUid: TEAM, users: [] },
      { uid: 'lp-gone', name: 'With gone', folderUid: TEAM, users: ['gone'] },
      { uid: 'lp-kept', name: 'With kept', folderUid: TEAM, users: ['gone', 'top'] },
      { uid: 'lp-top', name: 'At the top', folderUid: null, users: [] },
    ];

    const found = findPrunedByOthers({ dashboards: [gone], libraryPanels: panels }, org, 'ops', tree);

    expect([...found.dashboards.values()]).toEqual([[{ environment: 'team' }]]);
    // lp-top: the General level, which team's prune of folders never reaches.
    expect([...found.libraryPanels.keys()]).toEqual(['lp-free', 'lp-gone']);
  });

  it("leaves out, for an environment that plans through /api on 12+ (pushedOnly), what dashsync never pushed, and a library panel such a dashboard uses", () => {
    const org: OrgEnvironment[] = [['ops', env([], false)], ['team', env(['team'], 'folders')]];
    const pushed = { uid: 'pushed', title: 'Pushed', folderUid: TEAM };
    const byHand = { uid: 'by-hand', title: 'By hand', folderUid: TEAM };
    const panels = [{ uid: 'lp-hand', name: 'Used by hand', folderUid: TEAM, users: ['by-hand'] }];
    const unfiled = { dashboards: [pushed, byHand], libraryPanels: panels };

    const legacy = findPrunedByOthers(unfiled, org, 'ops', tree, { environments: new Set(['team']), pushed: new Set(['pushed']) });
    const apis = findPrunedByOthers(unfiled, org, 'ops', tree, { environments: new Set(), pushed: new Set(['pushed']) });

    expect([...legacy.dashboards.keys()]).toEqual([pushed]);
    expect([...legacy.libraryPanels.keys()]).toEqual([]);
    // Through /apis team's plan sees no owner and deletes both, and the panel with the one using it.
    expect([...apis.dashboards.keys()]).toEqual([pushed, byHand]);
    expect([...apis.libraryPanels.keys()]).toEqual(['lp-hand']);
  });
});
