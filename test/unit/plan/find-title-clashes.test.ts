import { describe, expect, it } from 'vitest';
import { findTitleClashes } from '../../../src/plan/find-title-clashes.js';
import { action, hit } from './builders.js';

describe('findTitleClashes', () => {
  it('warns when a dashboard lands where a live one has the same title (trimmed, any case)', () => {
    const warnings = findTitleClashes(
      [action({ uid: 'new', action: 'create', title: 'CPU ', folderUid: 'infra' })],
      [hit({ uid: 'theirs', title: 'cpu', folderUid: 'infra' }), hit({ uid: 'elsewhere', title: 'CPU', folderUid: 'apps' })],
    );
    expect(warnings).toEqual([{ kind: 'title-clash', uid: 'new', title: 'CPU ', folderUid: 'infra', otherUid: 'theirs' }]);
  });

  it('counts a live dashboard the plan moves, retitles or deletes where the plan puts it', () => {
    const actions = [
      action({ uid: 'new', action: 'create', title: 'CPU', folderUid: 'infra' }),
      action({ uid: 'leaving', action: 'move', title: 'CPU', folderUid: 'apps' }),
      action({ uid: 'renamed', action: 'update', title: 'Memory', folderUid: 'infra' }),
      action({ uid: 'gone', action: 'delete', title: 'CPU', folderUid: 'infra' }),
    ];
    const live = [
      hit({ uid: 'leaving', title: 'CPU', folderUid: 'infra' }),
      hit({ uid: 'renamed', title: 'CPU', folderUid: 'infra' }),
      hit({ uid: 'gone', title: 'CPU', folderUid: 'infra' }),
    ];
    expect(findTitleClashes(actions, live)).toEqual([]);
  });

  it('warns once for two files that land in one folder with one title; the General level is null', () => {
    const warnings = findTitleClashes(
      [action({ uid: 'a', action: 'create', title: 'Home' }), action({ uid: 'b', action: 'create', title: 'home' }), action({ uid: 'c', action: 'noop', title: 'HOME' })],
      [],
    );
    expect(warnings).toEqual([{ kind: 'title-clash', uid: 'a', title: 'Home', folderUid: null, otherUid: 'b' }]);
  });
});
