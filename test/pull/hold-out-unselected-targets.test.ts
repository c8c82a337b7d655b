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

    expect(holdOutUnselectedTargets(placed, undefined, new Map())).toEqual({ ...placed, skipped: [], inPlace: [] });
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
    // Its file is another run's too (else it keeps its place, below).
    const panel = { uid: 'p', name: 'P', file: 'other/_library/p.json', previousFile: 'staging/_library/p.json', existingFile: 'staging/_library/p.json' };
    const placed = { folders: [], dashboards: [], libraryPanels: [panel] };

    expect(holdOutUnselectedTargets(placed, { include: ['team'], exclude: ['staging'], from: selection.from }, new Map()).skipped).toEqual([
      { uid: 'p', title: 'P', file: 'other/_library/p.json', why: 'is not in --include', unwritten: { kind: 'move', from: 'staging/_library/p.json' }, resource: 'library-panel' },
    ]);
  });

  it("keeps a dashboard's file in its place where its move goes to a directory the selection leaves out, and says where Grafana has it", () => {
    const placed = {
      folders: [folder('other', 'other')],
      dashboards: [{ uid: 'm', title: 'M', file: 'other/m.json', previousFile: 'team/m.json', existingFile: 'team/m.json' }, { uid: 'x', title: 'X', file: 'other/x.json', previousFile: 'staging/x.json', existingFile: 'staging/x.json' }],
      libraryPanels: [],
    };

    const result = holdOutUnselectedTargets(placed, { include: ['team'], exclude: ['staging'], from: selection.from }, new Map());

    // The file it is in now is this run's: it takes Grafana's content there; one that is not stays another run's (skipped).
    expect(result.dashboards).toEqual([{ uid: 'm', title: 'M', file: 'team/m.json', previousFile: null, existingFile: 'team/m.json' }]);
    expect(result.inPlace).toEqual([{ uid: 'm', title: 'M', file: 'team/m.json', liveDir: 'other', why: 'is not in --include', folder: { uid: 'other', title: 'other' } }]);
    expect(result.skipped.map((target) => target.uid)).toEqual(['x']);
  });

  it("keeps a library panel's _library/ file in its place alike: its folder is that of the directory holding _library/", () => {
    const placed = {
      folders: [folder('other', 'other')],
      dashboards: [],
      libraryPanels: [{ uid: 'p', name: 'P', file: 'other/_library/p.json', previousFile: 'team/_library/p.json', existingFile: 'team/_library/p.json' }],
    };

    const result = holdOutUnselectedTargets(placed, { include: ['team'], exclude: ['staging'], from: selection.from }, new Map());

    expect(result.libraryPanels).toEqual([{ uid: 'p', name: 'P', file: 'team/_library/p.json', previousFile: null, existingFile: 'team/_library/p.json' }]);
    expect(result.inPlace).toEqual([{ uid: 'p', title: 'P', file: 'team/_library/p.json', liveDir: 'other', why: 'is not in --include', folder: { uid: 'other', title: 'other' }, resource: 'library-panel' }]);
    expect(result.skipped).toEqual([]);
  });
});
