import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { keepOutsideGit } from '../helpers/outside-git.js';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commitAll, git } from '../pull/pull-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { refuseOwnership } from '../helpers/refuse-ownership.js';

const dashboard = (title: string) => `${JSON.stringify({ panels: [], schemaVersion: 39, title, uid: 'cpu' }, null, 2)}\n`;
const BASE = 'every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one)';

async function workspace(): Promise<string> {
  const dir = keepOutsideGit(await mkdtemp(join(tmpdir(), 'dashsync-uid-copy-')));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards/infra'), { recursive: true });
  await writeFile(join(dir, 'dashboards/infra/cpu.json'), dashboard('CPU'));
  return dir;
}

const linesOf = (stdout: string) => stdout.split('\n').filter((line) => line.includes('(uid-duplicate)'));

// check-50: a uid-duplicate line named the other file but not which of the two is the copy to change.
describe('check: which of two files sharing a uid is the copy', () => {
  it('the one git added later, or not yet: said on both lines, also when the hook lists the copy alone', async () => {
    const dir = await workspace();
    await commitAll(dir, 'cpu');
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    const uncommitted = await runCliInProcess(['check'], { cwd: dir });
    expect(linesOf(uncommitted.stdout)).toEqual([
      `dashboards/cpu-copy.json:5:10: error: uid "cpu" is also used by dashboards/infra/cpu.json: ${BASE}; git held dashboards/infra/cpu.json first, so this file is the copy (uid-duplicate)`,
      `dashboards/infra/cpu.json:5:10: error: uid "cpu" is also used by dashboards/cpu-copy.json: ${BASE}; git held this file first, so dashboards/cpu-copy.json is the copy (uid-duplicate)`,
    ]);
    await commitAll(dir, 'copy');
    const hook = await runCliInProcess(['check', '--pre-commit', 'dashboards/cpu-copy.json'], { cwd: dir });
    expect(linesOf(hook.stdout)).toEqual([linesOf(uncommitted.stdout)[0]]);
  });

  it("as the pre-commit hook, gives no args: [--fix] advice for a copy's uid, which --fix never removes (walk-73 M3); once the uid line is deleted, it does", async () => {
    const dir = await workspace();
    await commitAll(dir, 'cpu');
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    const note =
      "note: this hook's dashsync is not on PATH (it lives in pre-commit's environment): for dashsync check --fix, add args: [--fix] to the dashsync-check hook " +
      'in .pre-commit-config.yaml and commit again (the hook rewrites the files and fails once: review, stage and commit them), or run check --fix where dashsync is installed';
    const hook = await runCliInProcess(['check', '--pre-commit', 'dashboards/cpu-copy.json'], { cwd: dir });
    expect(hook.stdout).toContain('(uid-duplicate)');
    expect(hook.stderr).not.toContain('args: [--fix]');
    // The copy's uid line deleted, as the error says: now a finding check --fix mends, and the note says how to run it.
    const copy = JSON.parse(await readFile(join(dir, 'dashboards/cpu-copy.json'), 'utf8'));
    delete copy.uid;
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), `${JSON.stringify(copy, null, 2)}\n`);
    const withoutUid = await runCliInProcess(['check', '--pre-commit', 'dashboards/cpu-copy.json'], { cwd: dir });
    expect(withoutUid.stderr.trimEnd().split('\n').at(-1)).toContain(note);
    expect((await runCliInProcess(['check', 'dashboards/cpu-copy.json'], { cwd: dir })).stderr).not.toContain('note:');
    // The hook already has args: [--fix]: its next commit fixes what it can; no advice to add it.
    expect((await runCliInProcess(['check', '--pre-commit', '--fix', 'dashboards/cpu-copy.json'], { cwd: dir })).stderr).not.toContain('args: [--fix]');
  });

  it('files git added in one commit, or none of them yet, or no git: says it cannot tell', async () => {
    const dir = await workspace();
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    const noGit = await runCliInProcess(['check'], { cwd: dir });
    expect(linesOf(noGit.stdout)[0]).toMatch(/; git cannot tell which of them is the copy \(no git repository here\) \(uid-duplicate\)$/);
    await git(dir, 'init', '-q');
    const noneYet = await runCliInProcess(['check'], { cwd: dir });
    expect(linesOf(noneYet.stdout)[0]).toMatch(/; git holds none of them yet, so it cannot tell which is the copy \(uid-duplicate\)$/);
    await commitAll(dir, 'both');
    const together = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(together.stdout).diagnostics.map((d: { message: string }) => d.message.slice(d.message.indexOf(BASE) + BASE.length))).toEqual([
      '; git added this file and dashboards/infra/cpu.json in one commit, so it cannot tell which is the copy',
      '; git added this file and dashboards/cpu-copy.json in one commit, so it cannot tell which is the copy',
    ]);
  });

  // pull-check-51 (stop 50 §14): the original, moved with git mv after the copy was committed, is still the original (main
  // took the move's new path as added by the move: "git held dashboards/cpu-copy.json first, so this file is the copy").
  it('follows a rename back: an original moved after the copy was made is still the original', async () => {
    const dir = await workspace();
    await commitAll(dir, 'cpu');
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    await commitAll(dir, 'copy');
    await mkdir(join(dir, 'dashboards/platform'));
    await git(dir, 'mv', 'dashboards/infra/cpu.json', 'dashboards/platform/cpu.json');
    await commitAll(dir, 'move the original');
    const moved = await runCliInProcess(['check'], { cwd: dir });
    expect(linesOf(moved.stdout)).toEqual([
      `dashboards/cpu-copy.json:5:10: error: uid "cpu" is also used by dashboards/platform/cpu.json: ${BASE}; git held dashboards/platform/cpu.json first, so this file is the copy (uid-duplicate)`,
      `dashboards/platform/cpu.json:5:10: error: uid "cpu" is also used by dashboards/cpu-copy.json: ${BASE}; git held this file first, so dashboards/cpu-copy.json is the copy (uid-duplicate)`,
    ]);
    // Moved again and staged, as the pre-commit hook sees it: the staged rename is followed too, and said (pull-check-53: main
    // said "git held this file first" of a path git never held).
    await git(dir, 'mv', 'dashboards/platform/cpu.json', 'dashboards/cpu.json');
    const staged = await runCliInProcess(['check', '--pre-commit', 'dashboards/cpu.json'], { cwd: dir });
    expect(linesOf(staged.stdout)).toEqual([
      `dashboards/cpu.json:5:10: error: uid "cpu" is also used by dashboards/cpu-copy.json: ${BASE}; git held this file (moved from dashboards/platform/cpu.json, a move staged for the next commit) first, so dashboards/cpu-copy.json is the copy (uid-duplicate)`,
    ]);
  });

  // pull-check-52: main called this file "the copy" (git held dashboards/cpu-copy.json first): git had never been told of the
  // move, so the moved original was an untracked file to it.
  it('a move git was not told of (mv, not git mv): the moved original is still the original, and the line says it moved', async () => {
    const dir = await workspace();
    await commitAll(dir, 'cpu');
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    await commitAll(dir, 'copy');
    await mkdir(join(dir, 'dashboards/platform'));
    await rename(join(dir, 'dashboards/infra/cpu.json'), join(dir, 'dashboards/platform/cpu.json'));
    const moved = ' (moved from dashboards/infra/cpu.json: stage both paths, and git records the move)';
    expect(linesOf((await runCliInProcess(['check'], { cwd: dir })).stdout)).toEqual([
      `dashboards/cpu-copy.json:5:10: error: uid "cpu" is also used by dashboards/platform/cpu.json: ${BASE}; git held dashboards/platform/cpu.json${moved} first, so this file is the copy (uid-duplicate)`,
      `dashboards/platform/cpu.json:5:10: error: uid "cpu" is also used by dashboards/cpu-copy.json: ${BASE}; git held this file${moved} first, so dashboards/cpu-copy.json is the copy (uid-duplicate)`,
    ]);
  });

  // pull-check-53: moved and edited before staging, the original was a new file to git, so main called it the copy ("git held
  // dashboards/cpu-copy.json first, so this file is the copy").
  it('moved and edited before staging: still the original, by the uid the deleted file held; once staged, a staged move', async () => {
    const dir = await workspace();
    await commitAll(dir, 'cpu');
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    await commitAll(dir, 'copy');
    await mkdir(join(dir, 'dashboards/platform'));
    await rm(join(dir, 'dashboards/infra/cpu.json'));
    await writeFile(join(dir, 'dashboards/platform/cpu.json'), dashboard('CPU, edited after the move'));
    const lines = (moved: string) => [
      `dashboards/cpu-copy.json:5:10: error: uid "cpu" is also used by dashboards/platform/cpu.json: ${BASE}; git held dashboards/platform/cpu.json${moved} first, so this file is the copy (uid-duplicate)`,
      `dashboards/platform/cpu.json:5:10: error: uid "cpu" is also used by dashboards/cpu-copy.json: ${BASE}; git held this file${moved} first, so dashboards/cpu-copy.json is the copy (uid-duplicate)`,
    ];
    expect(linesOf((await runCliInProcess(['check'], { cwd: dir })).stdout)).toEqual(
      lines(' (moved from dashboards/infra/cpu.json and edited, going by the uid that file held: stage both paths, and git records the move if it finds the two alike)'),
    );
    await git(dir, 'add', '-A');
    expect(linesOf((await runCliInProcess(['check'], { cwd: dir })).stdout)).toEqual(lines(' (moved from dashboards/infra/cpu.json, a move staged for the next commit)'));
  });

  // pull-check-52: a depth-1 clone (actions/checkout's default) holds every file in its one commit: main said "git added this
  // file and … in one commit", which is not so.
  it("a shallow clone whose oldest commit holds both: says so, and how to fetch the history; a deeper one tells", async () => {
    const origin = await workspace();
    await commitAll(origin, 'cpu');
    await writeFile(join(origin, 'dashboards/unrelated.json'), `${JSON.stringify({ panels: [], schemaVersion: 39, title: 'Other', uid: 'other' }, null, 2)}\n`);
    await commitAll(origin, 'unrelated');
    await writeFile(join(origin, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    await commitAll(origin, 'copy');
    const clone = async (depth: number) => {
      const dir = keepOutsideGit(await mkdtemp(join(tmpdir(), 'dashsync-uid-copy-clone-')));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      await git(dir, 'clone', '-q', `--depth=${depth}`, `file://${origin}`, '.');
      return dir;
    };
    const shallow = await runCliInProcess(['check', 'dashboards/cpu-copy.json'], { cwd: await clone(1) });
    expect(linesOf(shallow.stdout)).toEqual([
      `dashboards/cpu-copy.json:5:10: error: uid "cpu" is also used by dashboards/infra/cpu.json: ${BASE}; git cannot tell which of them is the copy (a shallow clone: its oldest commit holds this file and dashboards/infra/cpu.json; ` +
        'fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0)) (uid-duplicate)',
    ]);
    // Two commits deep: the copy's commit is in the clone, the original already in its oldest one.
    const deeper = await runCliInProcess(['check', 'dashboards/cpu-copy.json'], { cwd: await clone(2) });
    expect(linesOf(deeper.stdout)).toEqual([`dashboards/cpu-copy.json:5:10: error: uid "cpu" is also used by dashboards/infra/cpu.json: ${BASE}; git held dashboards/infra/cpu.json first, so this file is the copy (uid-duplicate)`]);
  });

  // pull-check-52: main said "(no git repository here)" for git missing, and for a repository git refused.
  it('git not installed, or refusing a repository of another owner: named, with what to do', async () => {
    const dir = await workspace();
    await commitAll(dir, 'cpu');
    await writeFile(join(dir, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    const noteOf = (stdout: string) => linesOf(stdout)[0]!.replace(/^.*\(it writes a new one\)/, '');
    const path = process.env.PATH;
    const noGit = await mkdtemp(join(tmpdir(), 'dashsync-no-git-'));
    process.env.PATH = noGit;
    try {
      expect(noteOf((await runCliInProcess(['check'], { cwd: dir })).stdout)).toBe('; git cannot tell which of them is the copy (git is not installed (no git on PATH)) (uid-duplicate)');
    } finally {
      process.env.PATH = path;
      await rm(noGit, { recursive: true, force: true });
    }
    await refuseOwnership(dir);
    expect(noteOf((await runCliInProcess(['check'], { cwd: dir })).stdout)).toBe(
      `; git cannot tell which of them is the copy (git refused the repository: dubious ownership, it belongs to another user (git config --global --add safe.directory ${dir})) (uid-duplicate)`,
    );
  });
});

