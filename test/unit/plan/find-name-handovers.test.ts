import { describe, expect, it } from 'vitest';
import { findNameHandovers, type PlacedLibraryPanel } from '../../../src/plan/find-name-handovers.js';

const at = (uid: string, folderUid: string | null, name: string, live: [string | null, string] | null): PlacedLibraryPanel => ({
  uid,
  folderUid,
  name,
  live: live && { folderUid: live[0], name: live[1] },
});

describe('findNameHandovers', () => {
  it('a create, a rename and a move each wait for the panel that gives up the folder and name they take', () => {
    const { waitsFor, cycles } = findNameHandovers([
      at('new', 'f', 'A', null),
      at('a', 'f', 'B', ['f', 'A']),
      at('b', 'g', 'B', ['f', 'B']),
      at('c', 'f', 'C', ['f', 'C']),
    ]);
    expect([...waitsFor]).toEqual([
      ['new', 'a'],
      ['a', 'b'],
    ]);
    expect(cycles).toEqual([]);
  });

  it('a deleted one gives up where it is, even at its own name, and waits for none', () => {
    const { waitsFor, cycles } = findNameHandovers([
      at('new', 'f', 'A', null),
      { ...at('gone', 'f', 'A', ['f', 'A']), deleted: true },
      { ...at('other', 'f', 'B', ['f', 'B']), deleted: true },
    ]);
    expect([...waitsFor]).toEqual([['new', 'gone']]);
    expect(cycles).toEqual([]);
  });

  it('the same name in another folder, or the General level, is no handover', () => {
    expect(findNameHandovers([at('a', null, 'A', [null, 'B']), at('b', 'f', 'B', ['f', 'A'])]).waitsFor.size).toBe(0);
  });

  it('finds each ring once, from its smallest uid, beside a chain leading into it', () => {
    const { cycles } = findNameHandovers([
      at('z', 'f', 'X', ['f', 'Z']),
      at('x', 'f', 'Y', ['f', 'X']),
      at('y', 'f', 'Z', ['f', 'Y']),
      at('w', 'f', 'Z', null),
      at('p', 'f', 'Q', ['f', 'P']),
      at('q', 'f', 'P', ['f', 'Q']),
    ]);
    expect(cycles).toEqual([
      ['p', 'q'],
      ['x', 'y', 'z'],
    ]);
  });
});
