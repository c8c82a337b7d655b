import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { pasteInShell } from '../../helpers/paste-in-shell.js';
import { editModel, FILE, prunedAfterEdit, setUid, TITLE, UID } from './pruned-after-edit.js';

// Every test runs the CLI several times against one sandbox, and pastes the printed steps into a shell.
vi.setConfig({ testTimeout: 120_000 });

const MOVED = 'dashboards/platform/kubernetes/mysql.json';

/**
 * review-67b M1/M2: the example tree applied, dave's edit made in Grafana, the file taken out and pruned, the dashboard restored
 * (13: from "Recently deleted"; 12: from its backup through /api), the file put back and committed. `oldBackup`: the backup
 * as a release before fixl-67 wrote it, without the push dave's edit was saved over (`held.over`).
 */
async function restoredAndPutBack(grafanaVersion: '12' | '13', oldBackup: boolean, prepare?: (dir: string) => Promise<void>) {
  const { sandbox, workspace, putBack } = await prunedAfterEdit(grafanaVersion, 'basic', prepare);
  const backups = join(workspace.dir, '.dashsync/backups', UID);
  const [name] = await readdir(backups);
  if (oldBackup) {
    const backup = JSON.parse(await readFile(join(backups, name!), 'utf8'));
    expect(backup.held?.over).toBeDefined();
    delete backup.held.over;
    await writeFile(join(backups, name!), JSON.stringify(backup, null, 2));
  }
  const legacy = grafanaVersion === '12' ? ['--api', 'legacy'] : [];
  const from = grafanaVersion === '12' ? ['--from-backup', join('.dashsync/backups', UID, name!)] : [];
  expect((await workspace.cli(['restore', UID, ...legacy, ...from])).stderr).toBe('');
  await putBack();
  await commitAll(workspace.dir, 'the tree');
  return { sandbox, workspace, legacy };
}

/**
 * The pull refuses; its printed steps, pasted into a shell, end with `file` holding every change: git's and dave's. `answers`:
 * what is typed at `git checkout -p`'s questions, where the steps ask.
 */
async function pullAndPaste(context: Awaited<ReturnType<typeof restoredAndPutBack>>, file: string, words: RegExp, shell: 'sh' | 'bash' = 'sh', answers = ''): Promise<Record<string, any>> {
  const { sandbox, workspace, legacy } = context;
  const pulled = await workspace.cli(['pull', ...legacy, UID]);
  expect(pulled.code, pulled.stdout).toBe(1);
  expect(pulled.stdout).toMatch(words);
  expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`)).body.dashboard.description).toBe('tuned by dave');
  const steps = /To merge by hand, run: (.*?) \((?:where git apply|git checkout -p asks)/.exec(pulled.stdout)?.[1];
  expect(steps, pulled.stdout).toBeDefined();
  expect(steps!.includes('git checkout -p'), steps).toBe(answers !== '');
  const merged = await pasteInShell(sandbox, workspace.dir, steps!, answers, {}, shell);
  expect(merged.code, merged.stdout + merged.stderr).toBe(0);
  const document = JSON.parse(await readFile(join(workspace.dir, file), 'utf8'));
  return document.spec ?? document;
}

describe('pull after a restore, two commits not applied yet (review-67b M1): the pasted steps keep both and the edit made in Grafana', () => {
  it.each([
    ['13', false, /changed on both sides since dashsync applied version \d+ \(before its delete; .*\): in git by [0-9a-f]{12} \(and 1 later commit\), not applied yet/],
    ['12', false, /changed on both sides since dashsync applied version \d+ \(before its delete; .* from a backup at .*\): in git by [0-9a-f]{12} \(and 1 later commit\), not applied yet/],
    // No push recorded: the commit that put the file back is no proven base (it may hold a change never applied, review-68a
    // M1), so it counts among the changes and the steps ask for each difference.
    ['13', true, /and git changed the file in [0-9a-f]{12} to [0-9a-f]{12} \(3 commits, the first of them putting the file back: no push recorded shows what it held before the delete was applied\) to content Grafana never had, not applied yet/],
    ['12', true, /and git changed the file in [0-9a-f]{12} to [0-9a-f]{12} \(3 commits, the first of them putting the file back: no push recorded shows what it held before the delete was applied\) to content Grafana never had, not applied yet/],
  ] as const)('Grafana %s, backup without the push the edit was saved over: %s', async (grafanaVersion, oldBackup, words) => {
    const context = await restoredAndPutBack(grafanaVersion, oldBackup);
    await editModel(context.workspace, FILE, (spec) => void (spec.title = `${TITLE} (reviewed in git)`));
    await commitAll(context.workspace.dir, 'change 1: title');
    await editModel(context.workspace, FILE, (spec) => void (spec.tags = [...(spec.tags ?? []), 'second-change']));
    await commitAll(context.workspace.dir, 'change 2: tag');
    // Asked (no push recorded): dave's description (keep Grafana's), the stored schemaVersion with the tag (take yours), the title (take yours).
    const spec = await pullAndPaste(context, FILE, words, 'sh', oldBackup ? 'n\ny\ny\n' : '');
    expect(spec.title).toBe(`${TITLE} (reviewed in git)`);
    expect(spec.tags).toContain('second-change');
    expect(spec.description).toBe('tuned by dave');
  });
});

describe('pull after a restore, the file moved in git since (review-67b M2): the refusal names the move, and the pasted steps keep it', () => {
  it.each([
    ['13', false],
    ['13', true],
    ['12', false],
  ] as const)('Grafana %s, backup without the push the edit was saved over: %s', async (grafanaVersion, oldBackup) => {
    const context = await restoredAndPutBack(grafanaVersion, oldBackup);
    const { workspace } = context;
    await git(workspace.dir, 'mv', FILE, MOVED);
    await editModel(workspace, MOVED, (spec) => void (spec.title = `${TITLE} (reviewed in git)`));
    await commitAll(workspace.dir, 'moved and retitled');
    const before = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim();
    // No push recorded: the steps ask (dave's description: keep Grafana's; the stored schemaVersion: keep it; the title: yours).
    const spec = await pullAndPaste(context, MOVED, new RegExp(`\\(git moved it here from ${FILE}: a pull alone would put it back at ${FILE}; the steps below keep it here\\)`), 'sh', oldBackup ? 'n\nn\ny\n' : '');
    expect(spec.title).toBe(`${TITLE} (reviewed in git)`);
    expect(spec.description).toBe('tuned by dave');
    await expect(readFile(join(workspace.dir, FILE), 'utf8')).rejects.toThrow(/ENOENT/);
    // fixo-68 (fixp-67 left it): the steps leave the tree as they say: the file merged where git moved it, nothing else
    // changed or left behind (a `_folder.json` the pull wrote for the directory it put the file back into).
    expect(await git(workspace.dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect((await git(workspace.dir, 'diff', '--name-status', before, 'HEAD')).trim()).toBe(`M\t${MOVED}`);
  });
});

describe('pull after a restore, the file moved in git out of a directory the same commit removed (fixo-68: fixp-67 left it)', () => {
  it('the pasted steps take back the _folder.json the pull writes into the directory it makes for Grafana\'s folder', async () => {
    // The databases folder named by its own _folder.json (a folder made in Grafana, pulled): its directory needs one.
    const named = (dir: string) => writeFile(join(dir, 'dashboards/platform/databases/_folder.json'), `${JSON.stringify({ uid: 'dbs', title: 'Databases' }, null, 2)}\n`);
    const context = await restoredAndPutBack('13', false, named);
    const { workspace } = context;
    await git(workspace.dir, 'mv', FILE, MOVED);
    await git(workspace.dir, 'rm', '-q', '-r', 'dashboards/platform/databases');
    await editModel(workspace, MOVED, (spec) => void (spec.title = `${TITLE} (reviewed in git)`));
    await commitAll(workspace.dir, 'moved and retitled; the databases folder is no more in the tree');
    const before = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim();

    const spec = await pullAndPaste(context, MOVED, new RegExp(`\\(git moved it here from ${FILE}: a pull alone would put it back at ${FILE}; the steps below keep it here\\).* && git rm -q -- dashboards/platform/databases/_folder\\.json && `));

    expect(spec.title).toBe(`${TITLE} (reviewed in git)`);
    expect(spec.description).toBe('tuned by dave');
    expect(await git(workspace.dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect((await git(workspace.dir, 'diff', '--name-status', before, 'HEAD')).trim()).toBe(`M\t${MOVED}`);
  });
});

describe('pull after a restore, the file moved in git under another name (review-68b M1) or one git reads as a pattern (M2)', () => {
  it('moved and renamed: the pasted steps (sh) end with the merge committed where git put it', async () => {
    const context = await restoredAndPutBack('13', false);
    const { workspace } = context;
    const renamed = 'dashboards/platform/kubernetes/mysql-db.json';
    await git(workspace.dir, 'mv', FILE, renamed);
    await editModel(workspace, renamed, (spec) => void (spec.title = `${TITLE} (reviewed in git)`));
    await commitAll(workspace.dir, 'moved, renamed and retitled');
    const before = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim();
    const spec = await pullAndPaste(context, renamed, /\(git moved it here from /);
    expect(spec.title).toBe(`${TITLE} (reviewed in git)`);
    expect(spec.description).toBe('tuned by dave');
    expect(await git(workspace.dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect((await git(workspace.dir, 'diff', '--name-status', before, 'HEAD')).trim()).toBe(`M\t${renamed}`);
  });

  it("moved to mysql[1].json beside mysql1.json, whose edit is not committed: the pasted steps (bash) take the brackets as they are and leave mysql1.json's edit alone", async () => {
    const context = await restoredAndPutBack('13', false);
    const { workspace } = context;
    const bracketed = 'dashboards/platform/kubernetes/mysql[1].json';
    const lookAlike = 'dashboards/platform/kubernetes/mysql1.json';
    await git(workspace.dir, 'mv', FILE, bracketed);
    await editModel(workspace, bracketed, (spec) => void (spec.title = `${TITLE} (reviewed in git)`));
    const other = JSON.parse(await readFile(join(workspace.dir, bracketed), 'utf8'));
    if (other.metadata !== undefined) other.metadata.name = 'mysql-one';
    else other.uid = 'mysql-one';
    (other.spec ?? other).title = 'MySQL One';
    await writeFile(join(workspace.dir, lookAlike), `${JSON.stringify(other, null, 2)}\n`);
    await commitAll(workspace.dir, 'moved and retitled; another dashboard beside it');
    const before = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim();
    await editModel(workspace, lookAlike, (spec) => void (spec.title = 'MySQL One (half-done)'));

    const spec = await pullAndPaste(context, bracketed, /\(git moved it here from /, 'bash');
    expect(spec.title).toBe(`${TITLE} (reviewed in git)`);
    expect(spec.description).toBe('tuned by dave');
    expect(await git(workspace.dir, 'status', '--porcelain', '--untracked-files=all')).toBe(` M ${lookAlike}\n`);
    expect((await git(workspace.dir, 'diff', '--name-status', before, 'HEAD')).trim()).toBe(`M\t${bracketed}`);
  });
});

describe('pull <old uid> after a commit changed the file\'s uid (review-67b L3)', () => {
  it('names the commit and the new uid; the advice followed (uid put back, committed, pulled), the pasted steps keep the retitle and the edit', async () => {
    const context = await restoredAndPutBack('13', false);
    const { workspace } = context;
    await editModel(workspace, FILE, (spec) => void (spec.title = `${TITLE} (reviewed in git)`));
    await setUid(workspace, FILE, `${UID}-2`);
    await commitAll(workspace.dir, 'uid changed and retitled');
    const changedIn = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const pulled = await workspace.cli(['pull', UID]);
    expect(pulled.code).toBe(0);
    const created = /^created +(\S+)/m.exec(pulled.stdout)?.[1];
    expect(created, pulled.stdout).toBeDefined();
    // Notes go to stderr, beside the result lines on stdout.
    expect(pulled.stderr).toContain(
      `note: ${created}: ${FILE} held uid ${UID} until commit ${changedIn}, which changed it to ${UID}-2; this pull wrote ${UID} as a second file, and the next apply keeps that dashboard and creates ${UID}-2 beside it. ` +
        `To keep one dashboard with the edits of both: remove ${created}, put "uid": "${UID}" back in ${FILE} and commit it, then dashsync pull ${UID} merges the edit into it`,
    );

    await rm(join(workspace.dir, created!));
    await setUid(workspace, FILE, UID);
    await commitAll(workspace.dir, 'uid back, as the note advised');
    const spec = await pullAndPaste(context, FILE, /To merge by hand, run: /);
    expect(spec.title).toBe(`${TITLE} (reviewed in git)`);
    expect(spec.description).toBe('tuned by dave');
  });
});
