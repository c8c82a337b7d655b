import { describe, expect, it } from 'vitest';
import { decideDeletes } from '../../../src/plan/decide-deletes.js';
import { hit, liveFolder, liveState, tree } from './builders.js';

const HEAD = 'c881d7730852aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const FOLDER = 'ds-gs-test-79d63d5a';
const owners = { 'prov-g': { manager: 'provisioning', id: 'gs.yaml', allowsUpdates: false }, 'synced-g': { manager: 'repo', id: 'ops', allowsUpdates: false }, 'tf-g': { manager: 'terraform', id: 'tf-stack', allowsUpdates: false } };

/** audit-ux-7 F18: the commit removed gs-test, whose folder also holds three dashboards other tools manage. */
function removedDirectory(scope: 'folders' | 'all' = 'folders', rootShown?: string) {
  const uids = ['g1', ...Object.keys(owners)];
  return decideDeletes({
    tree: tree(),
    scope,
    liveDashboards: uids.map((uid) => hit({ uid, folderUid: FOLDER })),
    liveFolders: new Map([[FOLDER, liveFolder({ uid: FOLDER, title: 'gs-test' })]]),
    candidates: uids.map((uid) => ({ uid, live: liveState({ folderUid: FOLDER, title: uid, owner: owners[uid as keyof typeof owners] ?? null }) })),
    planned: [],
    knownFolders: new Set([FOLDER]),
    folderEvidence: new Map([[FOLDER, { path: 'gs-test', removed: { commit: HEAD, date: '2026-12-01' }, parent: null }]]),
    headCommit: HEAD,
    ...(rootShown === undefined ? {} : { rootShown }),
  });
}

describe('a removed directory whose folder holds other tools\' dashboards', () => {
  it('is said kept, naming them, and counted; only its own dashboard is pruned', () => {
    const decided = removedDirectory();
    expect(decided.dashboards.map((d) => d.uid)).toEqual(['g1']);
    expect(decided.folders).toEqual([]);
    expect(decided.keptFolders).toBe(1);
    const messages = decided.warnings.flatMap((w) => ('message' in w ? [w.message] : []));
    expect(messages).toContain(
      `folder "gs-test" (${FOLDER}) kept: it holds 3 dashboards other tools manage (prov-g, synced-g, tf-g), and a folder delete would take them along. It goes once it holds none`,
    );
    expect(messages).toContain(`the dashboards of folder "gs-test" (${FOLDER}) are pruned: the planned commit (c881d7730852) removed gs-test`);
    expect(messages.some((m) => m.includes('gs-test" (ds-gs-test-79d63d5a) is pruned'))).toBe(false);
  });

  it('names the removed path under the root as shown, as every other line does (walk-71 L4)', () => {
    const messages = removedDirectory('folders', 'dashboards').warnings.flatMap((w) => ('message' in w ? [w.message] : []));
    expect(messages).toContain(`the dashboards of folder "gs-test" (${FOLDER}) are pruned: the planned commit (c881d7730852) removed dashboards/gs-test`);
  });
});
