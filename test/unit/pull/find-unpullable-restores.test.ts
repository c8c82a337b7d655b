import { describe, expect, it } from 'vitest';
import { findUnpullableRestores } from '../../../src/pull/find-unpullable-restores.js';

const treeDirs = new Map([['team', 'team']]);
const dev = { include: ['team/dev-*.json'], exclude: [], from: { include: 'environment "dev"\'s include in dashsync.config.json', exclude: '' } };

describe('restored uids whose file pull would not write', () => {
  it('names the file pull would write and why the selection leaves it out; a dashboard and a library panel alike', () => {
    const found = findUnpullableRestores(
      [
        { uid: 'hand', title: 'Hand board', folderUid: 'team' },
        { uid: 'lp-hand', name: 'Hand panel', folderUid: 'team' },
        { uid: 'dev-c', title: 'Dev C', folderUid: 'team' },
      ],
      treeDirs,
      dev,
    );
    expect([...found].map(([orphan, skipped]) => [orphan.uid, skipped])).toEqual([
      ['hand', { file: 'team/hand-board.json', why: 'is not in environment "dev"\'s include in dashsync.config.json' }],
      ['lp-hand', { file: 'team/_library/hand-panel.json', why: 'is not in environment "dev"\'s include in dashsync.config.json' }],
    ]);
  });

  it("a dashboard and a library panel of one uid are each judged as their own (Grafana's uid spaces are apart)", () => {
    const board = { uid: 'hand', title: 'Hand board', folderUid: 'team' };
    const panel = { uid: 'hand', name: 'Hand panel', folderUid: 'elsewhere' };
    expect([...findUnpullableRestores([board, panel], treeDirs, dev).keys()]).toEqual([board]);
  });

  it('nothing without a selection, nor for a folder the tree does not hold (pull names that directory)', () => {
    expect(findUnpullableRestores([{ uid: 'hand', title: 'Hand board', folderUid: 'team' }], treeDirs, { include: [], exclude: [] }).size).toBe(0);
    expect(findUnpullableRestores([{ uid: 'hand', title: 'Hand board', folderUid: 'elsewhere' }], treeDirs, dev).size).toBe(0);
  });
});
