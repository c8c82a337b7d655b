import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCommittedVersions } from '../../../src/git/read-committed-versions.js';
import { runGit } from '../../../src/git/run-git.js';
import { readGitView } from '../../../src/pull/read-git-view.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';
import { keepOutsideGit } from '../../helpers/outside-git.js';

/** Each version names the commit that holds it (pull's unapplied-commit check reads it). */
const SHA = expect.stringMatching(/^[0-9a-f]{40}$/);

/**
 * A user whose git speaks German: LANGUAGE picks the translation (Debian's git package ships
 * de/LC_MESSAGES/git.mo), and gettext honours it under C.UTF-8, the one UTF-8 locale every
 * Debian has (de_DE.UTF-8 needs the locales package).
 */
const GERMAN = { LANG: 'C.UTF-8', LANGUAGE: 'de' };

/** git's stderr, run directly in the user's environment (not through dashsync). */
function stderrOf(cwd: string, args: string[]): Promise<string> {
  return new Promise((done) => execFile('git', args, { cwd, env: { ...process.env } }, (_error, _stdout, stderr) => done(stderr)));
}

describe('git speaks English to dashsync whatever the locale (real git, German translation)', () => {
  const saved = new Map<string, string | undefined>();
  beforeEach(async () => {
    for (const [key, value] of Object.entries({ ...GERMAN, LC_ALL: undefined, LC_MESSAGES: undefined })) {
      saved.set(key, process.env[key]);
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    // The precondition: this git translates (otherwise these tests would prove nothing).
    expect(await stderrOf(await tempDir(), ['rev-parse', '--show-toplevel'])).toMatch(/Kein Git-Repository/);
  });
  afterEach(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('outside a repository the failure reads "not a git repository" (the old code: "git failed: Kein Git-Repository …")', async () => {
    const plain = keepOutsideGit(await tempDir());

    expect(await runGit(plain, ['rev-parse', '--show-toplevel'], 30_000)).toEqual({ ok: false, failure: 'not-a-repository', error: 'not a git repository' });
    expect((await readGitView(plain)).unavailable).toBe('not a git repository');
  });

  it("git's own refusal is quoted in English, its fatal: prefix taken off", async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a');
    await commitAll(repo);

    expect(await runGit(repo, ['log', '-1', 'no-such-revision'], 30_000)).toEqual({ ok: false, failure: 'failed', error: expect.stringMatching(/^git failed: ambiguous argument 'no-such-revision'/) });
  });

  it('file names with non-ASCII characters keep their bytes: status, an uncommitted rename and the committed history all find them', async () => {
    const repo = await tempDir();
    const before = join(repo, 'Übersicht – Café', 'Größe ü.json');
    const after = join(repo, 'Übersicht – Café', 'Größe 日本.json');
    const other = join(repo, 'Übersicht – Café', 'Ärger.json');
    await write(before, '{"v":1}');
    await write(other, '{"o":1}');
    await commitAll(repo, 'eins');
    await write(before, '{"v":2}');
    await commitAll(repo, 'zwei – Größe ü');
    await git(repo, 'mv', before, after);
    await write(other, '{"o":2}');

    const read = await readCommittedVersions([after], { cwd: repo, depth: 5, tree: repo });
    const view = await readGitView(repo);

    expect(read?.versions.get(after)).toEqual([
      { text: '{"v":2}', path: 'Übersicht – Café/Größe ü.json', repoPath: 'Übersicht – Café/Größe ü.json', commit: SHA, subject: 'zwei – Größe ü' },
      { text: '{"v":1}', path: 'Übersicht – Café/Größe ü.json', repoPath: 'Übersicht – Café/Größe ü.json', commit: SHA, subject: 'eins', added: true },
    ]);
    expect(view.unavailable).toBeNull();
    expect(view.stateOf('Übersicht – Café/Ärger.json')).toBe('uncommitted');
    expect(view.stateOf('Übersicht – Café/Größe 日本.json')).toBe('uncommitted');
    expect(view.stateOf('Übersicht – Café/nie da.json')).toBe('committed');
  });
});
