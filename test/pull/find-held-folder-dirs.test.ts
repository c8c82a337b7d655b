import { describe, expect, it } from 'vitest';
import { findHeldFolderDirs, type FindHeldFolderDirsInput } from '../../src/pull/find-held-folder-dirs.js';

function input(overrides: Partial<FindHeldFolderDirsInput>): FindHeldFolderDirsInput {
  return { unplaced: [{ uid: 'ops' }], heldDirs: new Map(), treeDirByUid: new Map(), liveFolderUids: new Set(['ops']), folderFiles: new Map(), ...overrides };
}

describe('findHeldFolderDirs: the directory a folder the tree does not name takes back', () => {
  it('one directory without _folder.json holds its files: adopted', () => {
    const held = findHeldFolderDirs(input({ heldDirs: new Map([['ops', new Set(['operations'])]]), treeDirByUid: new Map([['ds-operations-12345678', 'operations']]) }));
    expect(held).toEqual({ adopted: new Map([['ops', 'operations']]), refused: new Map() });
  });

  it('files in a directory whose _folder.json names another folder, or at the root: a plain move, no word', () => {
    const held = findHeldFolderDirs(input({ heldDirs: new Map([['ops', new Set(['apps'])]]), folderFiles: new Map([['apps', { uid: 'apps', title: 'Apps' }]]) }));
    expect(held).toEqual({ adopted: new Map(), refused: new Map() });
    expect(findHeldFolderDirs(input({ heldDirs: new Map([['ops', new Set([''])]]) }))).toEqual({ adopted: new Map(), refused: new Map() });
  });

  it('a _folder.json that does not parse: not adopted, and why', () => {
    const held = findHeldFolderDirs(input({ heldDirs: new Map([['ops', new Set(['operations'])]]), folderFiles: new Map([['operations', null]]) }));
    expect(held.refused).toEqual(new Map([['ops', { dirs: ['operations'], why: 'whose _folder.json does not parse' }]]));
  });

  it('two folders whose files sit in the same directory: neither takes it', () => {
    const held = findHeldFolderDirs(input({ unplaced: [{ uid: 'a' }, { uid: 'b' }], heldDirs: new Map([['a', new Set(['shared'])], ['b', new Set(['shared'])]]), liveFolderUids: new Set(['a', 'b']) }));
    expect(held.adopted).toEqual(new Map());
    expect(held.refused.get('a')).toEqual({ dirs: ['shared'], why: 'which also holds the files of folder b' });
    expect(held.refused.get('b')).toEqual({ dirs: ['shared'], why: 'which also holds the files of folder a' });
  });

  it('files in the root and in a directory: ambiguous', () => {
    const held = findHeldFolderDirs(input({ heldDirs: new Map([['ops', new Set(['operations', ''])]]) }));
    expect(held.refused.get('ops')).toEqual({ dirs: ['', 'operations'], why: 'so pull cannot tell which directory is its' });
  });
});
