import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitInfo } from '../../../src/config/read-git-info.js';

let repo: string;
let outside: string;
let head: string;

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'dashsync-git-'));
  outside = await mkdtemp(join(tmpdir(), 'dashsync-nogit-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  git('init', '-q');
  await writeFile(join(repo, 'a.txt'), 'a');
  git('add', 'a.txt');
  git('-c', 'user.name=Ada Lovelace', '-c', 'user.email=ada@example.com', 'commit', '-q', '-m', 'Add CPU dashboard');
  head = git('rev-parse', 'HEAD');
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('readGitInfo', () => {
  it('reads sha, subject and author from git', async () => {
    // The sha is HEAD's, read in this directory: apply's notes and the not-in-branch check name it without asking git again.
    expect(await readGitInfo(repo, {})).toEqual({ sha: head, subject: 'Add CPU dashboard', actor: 'Ada Lovelace', headIn: repo });
  });

  it('prefers the GitHub environment', async () => {
    expect(await readGitInfo(repo, { GITHUB_SHA: head, GITHUB_ACTOR: 'octocat' })).toEqual({
      sha: head,
      subject: 'Add CPU dashboard',
      actor: 'octocat',
    });
  });

  it('keeps GITHUB_SHA even when git does not know it', async () => {
    expect(await readGitInfo(outside, { GITHUB_SHA: 'f'.repeat(40), GITHUB_ACTOR: 'octocat' })).toEqual({
      sha: 'f'.repeat(40),
      subject: null,
      actor: 'octocat',
    });
  });

  it('returns nulls outside a repository and never throws', async () => {
    expect(await readGitInfo(outside, {})).toEqual({ sha: null, subject: null, actor: null });
    expect(await readGitInfo(join(outside, 'does-not-exist'), {})).toEqual({ sha: null, subject: null, actor: null });
  });
});
