import { describe, expect, it } from 'vitest';
import type { LastSave } from '../../../src/grafana/port.js';
import { selectDriftCandidates } from '../../../src/plan/decide-drift.js';
import { holdsLive } from '../../../src/plan/find-held-in-git.js';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { findLibraryPanelsHeld, folderDirOf } from '../../../src/plan/find-library-panels-held.js';
import { folderAtCommit, folderFileOf } from '../../../src/plan/folder-at-commit.js';
import type { LiveLibraryPanel } from '../../../src/grafana/port.js';
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

describe('findLibraryPanelsHeld: a committed version of the file is the live element', () => {
  const element = (folderUid: string | null): LiveLibraryPanel => ({
    uid: 'lp', name: 'CPU', kind: 1, model: { type: 'stat', title: 'CPU', description: '' }, folderUid, folderTitle: '', revision: '3', version: 3, connectedDashboards: 1,
    lastSave: lastSave({ byDashsync: false, version: 3 }),
  });
  const text = (name: string) => JSON.stringify({ uid: 'lp', name, kind: 1, model: { type: 'stat', title: 'CPU' } });
  const folders = new Map<string, string | null>([['', null], ['shop', 'shop'], ['ops', 'ops']]);
  const held = (live: LiveLibraryPanel, fileFolder: string | null, versions: { text: string; path: string; companion?: string | null }[]) =>
    findLibraryPanelsHeld([{ uid: 'lp', file: 'dashboards/x/_library/cpu.json', folderUid: fileFolder, live }], () => versions.map((version) => ({ commit: 'c0ffee', ...version })), { inputs: {} }, (dir) => folders.get(dir));

  it('same name and model: held, from any earlier name; another name is not', () => {
    expect(held(element('shop'), 'shop', [{ text: text('CPU, edited'), path: 'shop/_library/cpu.json' }, { text: text('CPU'), path: 'shop/_library/old.json' }])).toEqual(new Set(['lp']));
    expect(held(element('shop'), 'shop', [{ text: text('CPU, edited'), path: 'shop/_library/cpu.json' }])).toEqual(new Set());
  });

  it('a move is held only by a version committed in the _library/ of the folder Grafana has it in', () => {
    expect(held(element('shop'), 'ops', [{ text: text('CPU'), path: 'ops/_library/cpu.json' }])).toEqual(new Set());
    expect(held(element('shop'), 'ops', [{ text: text('CPU'), path: 'shop/_library/cpu.json' }])).toEqual(new Set(['lp']));
    expect(held(element(null), 'ops', [{ text: text('CPU'), path: '_library/cpu.json' }])).toEqual(new Set(['lp']));
    expect(held(element('shop'), 'ops', [{ text: text('CPU'), path: 'gone/_library/cpu.json' }])).toEqual(new Set());
  });

  it("a directory gone from today's tree counts by what its commit said: its _folder.json then, else the uid derived from its path", () => {
    const folderFile = JSON.stringify({ uid: 'shop', title: 'Shop' });
    expect(held(element('shop'), 'ops', [{ text: text('CPU'), path: 'gone/_library/cpu.json', companion: folderFile }])).toEqual(new Set(['lp']));
    expect(held(element(deriveFolderUid('gone')), 'ops', [{ text: text('CPU'), path: 'gone/_library/cpu.json', companion: null }])).toEqual(new Set(['lp']));
    expect(held(element('shop'), 'ops', [{ text: text('CPU'), path: 'gone/_library/cpu.json', companion: null }])).toEqual(new Set());
  });
});

describe("folderAtCommit: the folder a directory stood for in a version's commit", () => {
  const today = new Map<string, string | null>([['shop', 'shop-today']]);
  const at = (dir: string, companion?: string | null) => folderAtCommit(dir, companion === undefined ? {} : { companion }, (known) => today.get(known));

  it("that commit's _folder.json, else (none, or one the tree would reject) the uid derived from the path; the root is General", () => {
    expect(at('shop', JSON.stringify({ uid: 'shop', title: 'Shop' }))).toBe('shop');
    expect(at('team/sub', null)).toBe(deriveFolderUid('team/sub'));
    expect(at('team', JSON.stringify({ uid: 'bad uid!', title: 'Team' }))).toBe(deriveFolderUid('team'));
    expect(at('team', '{ not json')).toBe(deriveFolderUid('team'));
    expect(at('', null)).toBeNull();
  });

  it("no answer read from the commit: today's tree; outside the tree: no folder", () => {
    expect(at('shop')).toBe('shop-today');
    expect(at('gone')).toBeUndefined();
    expect(at('../elsewhere', null)).toBeUndefined();
    expect(at('..', null)).toBeUndefined();
  });

  it('the directory whose _folder.json is read: a dashboard\'s own, the one holding a library panel\'s _library/', () => {
    expect([folderDirOf('shop/a.json', false), folderDirOf('a.json', false), folderDirOf('shop/_library/p.json', true), folderDirOf('_library/p.json', true), folderDirOf('shop/p.json', true)]).toEqual(['shop', '', 'shop', '', '..']);
    expect([folderFileOf('shop/sub'), folderFileOf(''), folderFileOf('..'), folderFileOf('../x')]).toEqual(['shop/sub/_folder.json', null, null, null]);
  });
});

