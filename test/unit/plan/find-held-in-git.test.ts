import { describe, expect, it } from 'vitest';
import type { LastSave } from '../../../src/grafana/port.js';
import { selectDriftCandidates } from '../../../src/plan/decide-drift.js';
import { holdsLive } from '../../../src/plan/find-held-in-git.js';
import { action, desired, lastSave, liveState } from './builders.js';

const model = (title: string) => ({ uid: 'cpu', title, panels: [] });
const labelled = (labels: Record<string, string>) => ({ labels, annotations: {} });

describe('holdsLive: a committed version is the live dashboard as the plan compares them', () => {
  it('equal specs hold it; any field, another schema or an unusable file does not', () => {
    const live = { schema: 'v1' as const, spec: model('CPU'), metadata: labelled({}), onApi: true };
    expect(holdsLive(desired(model('CPU')), live)).toBe(true);
    expect(holdsLive(desired(model('CPU, edited'), {}), live)).toBe(false);
    expect(holdsLive(desired(model('CPU'), { schema: 'v2' }), live)).toBe(false);
    expect(holdsLive(null, live)).toBe(false);
  });

  it('labels count through /apis, where Grafana keeps them, and not through /api, where it keeps none', () => {
    const committed = desired(model('CPU'), { metadata: labelled({ team: 'ops' }) });
    expect(holdsLive(committed, { schema: 'v1', spec: model('CPU'), metadata: labelled({}), onApi: true })).toBe(true);
    expect(holdsLive(committed, { schema: 'v1', spec: model('CPU'), metadata: labelled({}), onApi: false })).toBe(false);
    expect(holdsLive(committed, { schema: 'v1', spec: model('CPU'), metadata: labelled({ team: 'ops' }), onApi: false })).toBe(true);
  });
});

describe('selectDriftCandidates', () => {
  it('updates and moves over a save dashsync did not make, with the folder Grafana has each in; not ours, not unknown, not unreadable', () => {
    const theirs = lastSave({ byDashsync: false, version: 7 });
    const actions = [
      action({ uid: 'a', action: 'update', folderUid: 'f', live: liveState({ version: 7, folderUid: 'f' }) }),
      action({ uid: 'b', action: 'move', folderUid: 'to', live: liveState({ version: 3, folderUid: 'from' }) }),
      action({ uid: 'c', action: 'update' }),
      action({ uid: 'd', action: 'update' }),
      action({ uid: 'e', action: 'update' }),
      action({ uid: 'f', action: 'noop' }),
    ];
    const saves = new Map<string, LastSave | 'unreadable'>([
      ['a', theirs], ['b', theirs], ['c', lastSave({ byDashsync: true })], ['d', lastSave({ byDashsync: null })], ['e', 'unreadable'], ['f', theirs],
    ]);

    expect(selectDriftCandidates(actions, saves)).toEqual([
      { uid: 'a', file: 'dashboards/a.json', folderUid: 'f', liveFolderUid: 'f', version: 7, restored: false },
      { uid: 'b', file: 'dashboards/b.json', folderUid: 'to', liveFolderUid: 'from', version: 3, restored: false },
    ]);
    const restore = new Map([...saves, ['a', lastSave({ byDashsync: false, version: 7, message: 'Restored from version 2' })] as const]);
    expect(selectDriftCandidates(actions.slice(0, 1), restore)).toEqual([expect.objectContaining({ uid: 'a', restored: true })]);
  });
});
