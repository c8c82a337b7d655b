import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runGit } from '../../../src/git/run-git.js';
import { readGitView } from '../../../src/pull/read-git-view.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

// pull-check-52: a git stopped after its time read "git failed: Command failed: git …" (node's message, the command line).
describe("runGit names each way git gives no answer (real git)", () => {
  it('a git that never answers (reading a FIFO no one writes) is stopped after its time, and said so', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a');
    await commitAll(repo);
    await promisify(execFile)('mkfifo', [join(repo, 'held')]);
    expect(await runGit(repo, ['hash-object', 'held'], 300)).toEqual({
      ok: false,
      failure: 'timed-out',
      error: 'git did not answer within 300 ms and was stopped (see whether git status answers there: a lock, a slow disk)',
    });
  });

  it('no git on PATH: not installed, as pull says it too', async () => {
    const repo = await tempDir();
    const path = process.env.PATH;
    process.env.PATH = await tempDir();
    try {
      expect(await runGit(repo, ['status'], 30_000)).toEqual({ ok: false, failure: 'not-installed', error: 'git is not installed (no git on PATH)' });
      // pull's lines quote it: "pull cannot tell whether this file holds edits of yours (git is not installed (no git on PATH))".
      expect((await readGitView(repo)).unavailable).toBe('git is not installed (no git on PATH)');
    } finally {
      process.env.PATH = path;
    }
  });

  // pull-check-53: a directory that does not exist failed the start as a missing git does (ENOENT), and read "git is not installed".
  it('a directory that does not exist: said so, not "git is not installed"; no repository there', async () => {
    const gone = join(await tempDir(), 'gone');
    expect(await runGit(gone, ['status'], 30_000)).toEqual({ ok: false, failure: 'not-a-repository', error: `the directory ${gone} does not exist` });
    expect((await readGitView(gone)).unavailable).toBe(`the directory ${gone} does not exist`);
  });
});
