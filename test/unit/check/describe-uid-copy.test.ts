import { describe, expect, it } from 'vitest';
import { describeUidCopy } from '../../../src/check/describe-uid-copy.js';
import type { FirstAddition } from '../../../src/git/read-first-additions.js';

const added = (entries: Record<string, number | Partial<FirstAddition>>) => ({
  ok: true as const,
  added: new Map(Object.entries(entries).map(([file, at]) => {
    const order = typeof at === 'number' ? at : (at.order ?? 0);
    return [file, { commit: `c${order}`, order, ...(typeof at === 'number' ? {} : at) }];
  })),
});

describe('describeUidCopy: which file sharing a uid is the copy', () => {
  it('the one git added first is the original; every other one a copy', () => {
    expect(describeUidCopy('a.json', ['b.json', 'c.json'], added({ 'a.json': 0, 'b.json': 2 }))).toBe('; git held this file first, so the others are copies');
    expect(describeUidCopy('c.json', ['a.json'], added({ 'a.json': 0 }))).toBe('; git held a.json first, so this file is the copy');
    expect(describeUidCopy('a.json', ['b.json'], added({ 'a.json': 3, 'b.json': 1 }))).toBe('; git held b.json first, so this file is the copy');
  });

  it('cannot tell files of one commit, files git holds none of, or without git', () => {
    expect(describeUidCopy('a.json', ['b.json', 'c.json'], added({ 'b.json': 0, 'c.json': 0 }))).toBe('; git added b.json and c.json in one commit, so it cannot tell which is the copy');
    expect(describeUidCopy('a.json', ['b.json'], added({}))).toBe('; git holds none of them yet, so it cannot tell which is the copy');
    expect(describeUidCopy('a.json', ['b.json'], { ok: false, failure: 'not-a-repository', error: 'not a git repository' })).toBe('; git cannot tell which of them is the copy (no git repository here)');
  });

  // pull-check-52: main said "(no git repository here)" whatever kept git from answering.
  it("names why git could not answer, with what to do, as runGit words it", () => {
    expect(describeUidCopy('a.json', ['b.json'], { ok: false, failure: 'not-installed', error: 'git is not installed (no git on PATH)' })).toBe(
      '; git cannot tell which of them is the copy (git is not installed (no git on PATH))',
    );
    expect(describeUidCopy('a.json', ['b.json'], { ok: false, failure: 'timed-out', error: 'git did not answer within 60 s and was stopped (see whether git status answers there: a lock, a slow disk)' })).toBe(
      '; git cannot tell which of them is the copy (git did not answer within 60 s and was stopped (see whether git status answers there: a lock, a slow disk))',
    );
  });

  it("a shallow clone's oldest commit holding both: not one commit's files, so it cannot tell and says how to fetch the history", () => {
    expect(describeUidCopy('a.json', ['b.json'], added({ 'a.json': { order: 0, atShallowEdge: true }, 'b.json': { order: 0, atShallowEdge: true } }))).toBe(
      '; git cannot tell which of them is the copy (a shallow clone: its oldest commit holds this file and b.json; fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0))',
    );
    // nl-60: the Action's check step says it in the Action's words.
    expect(describeUidCopy('a.json', ['b.json'], added({ 'a.json': { order: 0, atShallowEdge: true }, 'b.json': { order: 0, atShallowEdge: true } }), 'action')).toBe(
      "; git cannot tell which of them is the copy (a shallow clone: its oldest commit holds this file and b.json; set fetch-depth: 0 on this job's actions/checkout step and push that change)",
    );
    // A later commit of the clone added the other one: that one is the copy, however old the first is.
    expect(describeUidCopy('b.json', ['a.json'], added({ 'a.json': { order: 0, atShallowEdge: true }, 'b.json': 1 }))).toBe('; git held a.json first, so this file is the copy');
  });

  it('a file moved without git is named with where it was', () => {
    const moved = added({ 'new/a.json': { order: 0, moved: { from: 'old/a.json', how: 'untracked' } }, 'b.json': 1 });
    expect(describeUidCopy('new/a.json', ['b.json'], moved)).toBe('; git held this file (moved from old/a.json: stage both paths, and git records the move) first, so b.json is the copy');
    expect(describeUidCopy('b.json', ['new/a.json'], moved)).toBe('; git held new/a.json (moved from old/a.json: stage both paths, and git records the move) first, so this file is the copy');
  });

  // pull-check-53: a staged move was followed without a word ("git held this file first" of a path git never held), and a
  // move edited before staging was no move at all.
  it('a staged move, and a move edited before staging (paired by uid), are named as such', () => {
    const staged = added({ 'new/a.json': { order: 0, moved: { from: 'old/a.json', how: 'staged' } }, 'b.json': 1 });
    expect(describeUidCopy('new/a.json', ['b.json'], staged)).toBe('; git held this file (moved from old/a.json, a move staged for the next commit) first, so b.json is the copy');
    const edited = added({ 'new/a.json': { order: 0, moved: { from: 'old/a.json', how: 'edited' } }, 'b.json': 1 });
    expect(describeUidCopy('b.json', ['new/a.json'], edited)).toBe(
      '; git held new/a.json (moved from old/a.json and edited, going by the uid that file held: stage both paths, and git records the move if it finds the two alike) first, so this file is the copy',
    );
  });
});
