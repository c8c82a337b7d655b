import { describe, expect, it } from 'vitest';
import { heldTakeovers } from '../../../src/apply/unreviewed-drift.js';
import { findFolderTakeovers, type PushedByDashsync } from '../../../src/plan/find-folder-takeovers.js';
import { renderConflict } from '../../../src/report/render-apply-result.js';
import { action, folderAction, heldFolderUpdate, hit, plan } from './builders.js';

// own-64: under api "legacy" prune holds what dashsync did not save last, so a takeover is its rename alone; an unread history
// is no evidence that dashsync never pushed a dashboard (fix-63b leftover).
const renamed = folderAction({ uid: 'data-team', action: 'update', title: 'Analytics', dir: 'analytics', live: { title: 'Data Team', parentUid: null, revision: '1' } });
const inside = [hit({ uid: 'data-etl', folderUid: 'data-team' }), hit({ uid: 'data-quality', folderUid: 'data-team' })];
const deletes = inside.map((dashboard) => action({ uid: dashboard.uid, action: 'delete', folderUid: 'data-team' }));
const find = (dashboards: typeof deletes, pushed: Record<string, PushedByDashsync>, held: string[] = []) =>
  findFolderTakeovers([renamed], dashboards, inside, { pushed: (uid) => pushed[uid] ?? 'never', held: new Set(held), heldBefore: new Set() }, (dir) => `dashboards/${dir}`);

describe('findFolderTakeovers', () => {
  it('names a takeover whose dashboards a legacy prune holds, as their rename alone', () => {
    expect(find([], {}, ['data-etl', 'data-quality']).map((warning) => [warning.rule, warning.message])).toEqual([
      [
        'folder-takeover',
        `folder takeover: this plan takes over folder "Data Team" (data-team), made in Grafana, never dashsync's: dashboards/analytics/_folder.json renames it "Analytics" ` +
          'and prune holds its 2 dashboards no file holds, none of which dashsync pushed (data-etl, data-quality); api "legacy" deletes only dashboards dashsync saved last, ' +
          "so they stay in it under the new title. If that folder is not this tree's, give dashboards/analytics/_folder.json a uid of its own",
      ],
    ]);
  });

  it('says a takeover is not judged where a history could not be read, and none where one shows a push of dashsync\'s', () => {
    const [unjudged] = find(deletes, { 'data-quality': 'unread' });
    expect(unjudged?.rule).toBe('folder-takeover-not-judged');
    expect(unjudged?.message).toContain('the version history that shows whether dashsync pushed data-quality could not be read');
    expect(find(deletes, { 'data-etl': 'pushed', 'data-quality': 'unread' })).toEqual([]);
  });

  it('an apply no one reviewed holds the not-judged one too, and its line says the history could not be read', () => {
    const warnings = find(deletes, { 'data-etl': 'unread', 'data-quality': 'unread' });
    const takeover = heldTakeovers(plan({ warnings, actions: [renamed, ...deletes] })).get('data-team');
    expect(takeover).toEqual({ folderUid: 'data-team', folderTitle: 'Data Team', file: 'dashboards/analytics/_folder.json', historyUnread: true });
    const line = renderConflict(heldFolderUpdate({ uid: 'data-team', title: 'Analytics', takeover: takeover! }));
    expect(line).toMatch(
      /^conflict: folder "Data Team" \(data-team\) not renamed "Analytics": dashboards\/analytics\/_folder\.json takes over folder "Data Team" \(data-team\), which may be made in Grafana: the version history that shows whether dashsync pushed its dashboards could not be read when the plan was made/,
    );
  });
});
