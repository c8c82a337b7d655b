import { describe, expect, it } from 'vitest';
import { holdOutUnselectedTargets } from '../../src/pull/hold-out-unselected-targets.js';
import type { DirectoryListing } from '../../src/pull/map-folder-dirs.js';

const fresh = (uid: string, file: string) => ({ uid, title: uid, file, previousFile: null, existingFile: null });
const held = (uid: string, file: string) => ({ uid, title: uid, file, previousFile: null, existingFile: file });
const folder = (uid: string, dir: string) => ({ uid, title: uid, dir, folderFile: null });
const selection = { include: [], exclude: ['staging'], from: { include: '--include', exclude: '--exclude' } };

describe('holdOutUnselectedTargets', () => {
  it('keeps every write without a selection, and the files already held (another rule skips those)', () => {
    const placed = { folders: [folder('s', 'staging')], dashboards: [fresh('a', 'staging/a.json'), held('b', 'staging/b.json')], libraryPanels: [] };

    expect(holdOutUnselectedTargets(placed, undefined, new Map())).toEqual({ ...placed, skipped: [] });
    expect(holdOutUnselectedTargets(placed, selection, new Map()).dashboards.map((d) => d.uid)).toEqual(['b']);
  });

  it('holds out new dashboards and library panels outside the selection, and the folder directories only they needed', () => {
    const listing: DirectoryListing = new Map([['', new Map()], ['staging-old', new Map()]]);
    const placed = {
      folders: [folder('s', 'staging'), folder('old', 'staging-old'), folder('t', 'team')],
      dashboards: [fresh('a', 'staging/a.json'), fresh('c', 'team/c.json')],
      libraryPanels: [{ uid: 'p', name: 'Panel', file: 'staging/_library/panel.json', previousFile: null, existingFile: null }],
    };

    const result = holdOutUnselectedTargets(placed, { ...selection, exclude: ['staging', 'staging-old'] }, listing);

    expect(result.dashboards.map((d) => d.uid)).toEqual(['c']);
    expect(result.libraryPanels).toEqual([]);
    expect(result.folders.map((f) => f.uid)).toEqual(['old', 't']);
    expect(result.skipped).toEqual([
      { uid: 'a', title: 'a', file: 'staging/a.json', why: 'is excluded by --exclude', unwritten: { kind: 'new' } },
      { uid: 'p', title: 'Panel', file: 'staging/_library/panel.json', why: 'is excluded by --exclude', unwritten: { kind: 'new' }, resource: 'library-panel' },
    ]);
  });

  it('names the include when it is the list that leaves the file out', () => {
    const placed = { folders: [], dashboards: [{ uid: 'm', title: 'M', file: 'other/m.json', previousFile: 'team/m.json', existingFile: 'team/m.json' }], libraryPanels: [] };

    expect(holdOutUnselectedTargets(placed, { include: ['team'], exclude: ['staging'], from: selection.from }, new Map()).skipped).toEqual([
      { uid: 'm', title: 'M', file: 'other/m.json', why: 'is not in --include', unwritten: { kind: 'move', from: 'team/m.json' } },
    ]);
  });
});
