import { describe, expect, it } from 'vitest';
import { describeUidCopy } from '../../../src/check/describe-uid-copy.js';

const added = (entries: Record<string, number>) => new Map(Object.entries(entries).map(([file, order]) => [file, { commit: `c${order}`, order }]));

describe('describeUidCopy: which file sharing a uid is the copy', () => {
  it('the one git added first is the original; every other one a copy', () => {
    expect(describeUidCopy('a.json', ['b.json', 'c.json'], added({ 'a.json': 0, 'b.json': 2 }))).toBe('; git held this file first, so the others are copies');
    expect(describeUidCopy('c.json', ['a.json'], added({ 'a.json': 0 }))).toBe('; git held a.json first, so this file is the copy');
    expect(describeUidCopy('a.json', ['b.json'], added({ 'a.json': 3, 'b.json': 1 }))).toBe('; git held b.json first, so this file is the copy');
  });

  it('cannot tell files of one commit, files git holds none of, or without git', () => {
    expect(describeUidCopy('a.json', ['b.json', 'c.json'], added({ 'b.json': 0, 'c.json': 0 }))).toBe('; git added b.json and c.json in one commit, so it cannot tell which is the copy');
    expect(describeUidCopy('a.json', ['b.json'], added({}))).toBe('; git holds none of them yet, so it cannot tell which is the copy');
    expect(describeUidCopy('a.json', ['b.json'], null)).toBe('; git cannot tell which of them is the copy (no git repository here)');
  });
});
