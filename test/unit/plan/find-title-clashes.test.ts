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

  it('compares titles by slug, as Grafana 11.2 does: "CPU usage" and "cpu-usage" clash', () => {
    const warnings = findTitleClashes(
      [action({ uid: 'new', action: 'create', title: 'CPU usage', folderUid: 'infra' })],
      [hit({ uid: 'theirs', title: 'cpu-usage!', folderUid: 'infra' }), hit({ uid: 'other', title: 'CPU usages', folderUid: 'infra' })],
    );
    expect(warnings).toEqual([{ kind: 'title-clash', uid: 'new', title: 'CPU usage', folderUid: 'infra', otherUid: 'theirs' }]);
  });

  it('spells Cyrillic in Latin letters, as Grafana\'s slug does: "Kafka (prod)" and "Kafka (прод)" clash, "Kafka (тест)" does not', () => {
    const warnings = findTitleClashes(
      [action({ uid: 'new', action: 'create', title: 'Kafka (прод)', folderUid: 'infra' })],
      [hit({ uid: 'theirs', title: 'Kafka (prod)', folderUid: 'infra' }), hit({ uid: 'test', title: 'Kafka (тест)', folderUid: 'infra' })],
    );
    expect(warnings).toEqual([{ kind: 'title-clash', uid: 'new', title: 'Kafka (прод)', folderUid: 'infra', otherUid: 'theirs' }]);
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

  it('says nothing when the plan writes no dashboard, though titles in Grafana already clash (those saves are not this plan\'s)', () => {
    const actions = [action({ uid: 'a', action: 'noop', title: 'CPU', folderUid: 'infra' }), action({ uid: 'gone', action: 'delete', title: 'CPU', folderUid: 'infra' })];
    expect(findTitleClashes(actions, [hit({ uid: 'theirs', title: 'cpu', folderUid: 'infra' })])).toEqual([]);
  });

  it('warns once for two files that land in one folder with one title, naming the other file; the General level is null', () => {
    const warnings = findTitleClashes(
      [action({ uid: 'a', action: 'create', title: 'Home' }), action({ uid: 'b', action: 'create', title: 'home' }), action({ uid: 'c', action: 'noop', title: 'HOME' })],
      [],
    );
    expect(warnings).toEqual([{ kind: 'title-clash', uid: 'a', title: 'Home', folderUid: null, otherUid: 'b', otherFile: 'dashboards/b.json' }]);
  });
});

describe('sharedUidSpace', () => {
  it('holds for the releases that keep folders and dashboards in one uid space (11 and older, and an unknown version)', async () => {
    const { capabilitiesOf } = await import('../../../src/grafana/legacy/capabilities.js');
    const sharesFolderUidSpace = (version: string | null) => capabilitiesOf(version).sharedUidSpace;
    expect([sharesFolderUidSpace('11.2.10'), sharesFolderUidSpace('11.6.0'), sharesFolderUidSpace(null), sharesFolderUidSpace('12.3.2'), sharesFolderUidSpace('13.0.2')]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
