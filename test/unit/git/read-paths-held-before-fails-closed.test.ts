import { describe, expect, it } from 'vitest';
import { failsClosed } from '../../../src/git/read-paths-held-before.js';

// review-70a M3: git refusing the repository (dubious ownership) or missing counted as "nothing held": the put-back hold failed open.
describe('which git failures hold every create (the put-back check fails closed)', () => {
  it.each([
    ['dubious-ownership', 'git refused the repository: dubious ownership, it belongs to another user (git config --global --add safe.directory /w)'],
    ['not-installed', 'git is not installed (no git on PATH)'],
    ['timed-out', 'git did not answer within 60 s and was stopped'],
    ['failed', 'git failed: bad object HEAD'],
  ] as const)('%s holds', (failure, error) => {
    expect(failsClosed({ failure, error })).toBe(true);
  });

  it.each([
    ['not-a-repository', 'not a git repository'],
    ['failed', "git failed: your current branch 'main' does not have any commits yet"],
    ['failed', "git failed: ambiguous argument 'HEAD': unknown revision or path not in the working tree."],
  ] as const)('%s (%s) holds nothing: no history there', (failure, error) => {
    expect(failsClosed({ failure, error })).toBe(false);
  });
});
