import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, git, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';
import { keepOutsideGit } from '../helpers/outside-git.js';

/** The refused _folder.json's own error line ends with the command that takes just that file. */
const advice = (uid: string) =>
  `not written. To take Grafana's version: commit or stash any uncommitted edit (a committed one stays in its commit), run dashsync pull --force ${uid}, then review it with git diff (--force copies a file git does not hold to .dashsync/pull-backups/ first). To keep yours: dashsync plan shows what apply would overwrite in Grafana (pull-refused)`;
/** The closing error line, as for refused dashboards: the one command that takes them all. */
const hint = (files: string, uids: string, grafana = 'Grafana says otherwise') =>
  `error: ${files}: ${files.startsWith('1 ') ? 'it' : 'each'} may hold work of yours, and ${grafana} (refused, above). To take Grafana's version: commit or stash any uncommitted edit (a committed one stays in its commit), then run dashsync pull --force ${uids} (--force copies a file git does not hold to .dashsync/pull-backups/ first); to merge the two instead, run the commands after "To merge by hand, run:" on ${files.startsWith('1 ') ? 'its line above, where it says so' : 'the lines above, where they say so'}. To keep yours: dashsync plan shows what apply would overwrite in Grafana`;

/**
 * The `_folder.json` a pull owns holds no work of yours that git cannot give back: pull writes
 * Grafana's uid and title over it only where git holds the file as it is, or with --force.
 * Git is the whole evidence (Grafana keeps no version history for folders), so one Grafana
 * release is enough here.
 */

/** The run's directory under .dashsync/pull-backups/ that a --force line names. */
const stampOf = (stdout: string) => /pull-backups\/([0-9T-]+Z)\//.exec(stdout)?.[1] ?? '(none)';
describe('dashsync pull and a _folder.json holding work of yours', () => {
  let handle: SandboxHandle;
  let seq = 0;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion: '13' });
  });

  /**
   * A folder whose directory name differs from its uid (so the tree keeps a `_folder.json`), with
   * one dashboard, pulled into a fresh work directory; committed unless `git` says otherwise.
   */
  async function pulledFolder(options: { title?: string; git?: 'committed' | 'untracked' | 'none' } = {}) {
    seq += 1;
    const uid = `ops-${seq}`;
    const title = options.title ?? `Operations ${seq}`;
    await createFolder(handle, { uid, title });
    await saveDashboard(handle, { uid: `svc-${seq}`, title: `Service ${seq}`, panels: [], schemaVersion: 39 }, uid);
    // Outside git ('none') means in no repository, wherever TMPDIR lies.
    const work = options.git === 'none' ? keepOutsideGit(await makeWorkDir()) : await makeWorkDir();
    const bootstrap = await dashsync(handle, work, ['pull', '--folder', uid]);
    expect(bootstrap.code, bootstrap.stderr).toBe(0);
    const folderLine = lines(bootstrap.stdout).find((line) => line.endsWith('/_folder.json'));
    expect(folderLine, bootstrap.stdout).toBeDefined();
    const rel = folderLine!.replace(/^wrote\s+/, '');
    if (options.git === 'untracked') await git(work, 'init', '-q');
    else if (options.git !== 'none') await commitAll(work);
    return { uid, title, work, rel, path: join(work, rel), grafanaText: await readFile(join(work, rel), 'utf8') };
  }

  async function editTitle(path: string, title: string): Promise<string> {
    const edited = `${JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), title }, null, 2)}\n`;
    await writeFile(path, edited);
    return edited;
  }

  it("the issue's repro: a title edited in _folder.json, not committed, Grafana unchanged: refused, the edit stays, exit 1", async () => {
    const { uid, title, work, rel, path } = await pulledFolder();
    const edited = await editTitle(path, 'Operations (renamed in git)');

    const pulled = await dashsync(handle, work, ['pull', '--folder', uid]);

    const why = `changed here (not committed), and Grafana says folder ${uid} "${title}"`;
    expect(lines(pulled.stdout)).toEqual([`refused  ${rel}: ${why}`, 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 refused.']);
    expect(lines(pulled.stderr)).toEqual([`${rel}: error: ${why}: ${advice(uid)}`, hint('1 file was not written', uid)]);
    expect(pulled.code).toBe(1);
    expect(await readFile(path, 'utf8')).toBe(edited);

    const dryRun = await dashsync(handle, work, ['pull', '--folder', uid, '--dry-run']);
    expect(lines(dryRun.stdout)[0]).toBe(`would refuse  ${rel}: ${why}`);
    expect(dryRun.code).toBe(1);
  });

  it('an uncommitted edit while Grafana renamed the folder too: refused, with the title escaped; committing it lets the next pull take Grafana\'s title', async () => {
    const { uid, work, rel, path } = await pulledFolder();
    const edited = await editTitle(path, 'Mine');
    const renamed = await apiRequest(handle, 'PUT', `/api/folders/${uid}`, { title: 'Theirs\u001b[2J', overwrite: true });
    expect(renamed.status, renamed.text).toBe(200);

    const pulled = await dashsync(handle, work, ['pull', '--folder', uid]);

    const why = `changed here (not committed), and Grafana says folder ${uid} "Theirs\\x1b[2J"`;
    expect(lines(pulled.stdout)[0]).toBe(`refused  ${rel}: ${why}`);
    expect(lines(pulled.stderr)).toEqual([`${rel}: error: ${why}: ${advice(uid)}`, hint('1 file was not written', uid)]);
    expect(pulled.stdout + pulled.stderr).not.toContain('\u001b');
    expect(pulled.code).toBe(1);
    expect(await readFile(path, 'utf8')).toBe(edited);

    await commitAll(work, 'my title');
    const again = await dashsync(handle, work, ['pull', '--folder', uid]);
    expect(lines(again.stdout)).toEqual([`wrote  ${rel}: title "Mine" → "Theirs\\x1b[2J"`, 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(await readFile(path, 'utf8')).title).toBe('Theirs\u001b[2J');
    // git holds the edit it replaced: git diff shows it.
    expect(await git(work, 'diff', '--', rel)).toContain('-  "title": "Mine"');
  });

  it('an untracked _folder.json that says other than Grafana is refused like a modified one', async () => {
    const { uid, title, work, rel, path } = await pulledFolder({ git: 'untracked' });
    const edited = await editTitle(path, 'Not committed yet');

    const pulled = await dashsync(handle, work, ['pull', '--folder', uid]);

    expect(await git(work, 'status', '--porcelain', '--untracked-files=all', '--', rel)).toBe(`?? ${rel}\n`);
    expect(lines(pulled.stdout)[0]).toBe(`refused  ${rel}: changed here (not committed), and Grafana says folder ${uid} "${title}"`);
    expect(pulled.code).toBe(1);
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  it('--force takes Grafana\'s uid and title over the uncommitted edit', async () => {
    const { uid, work, rel, path, grafanaText } = await pulledFolder();
    await editTitle(path, 'Overwritten on purpose');

    const pulled = await dashsync(handle, work, ['pull', '--folder', uid, '--force']);

    expect(lines(pulled.stdout)).toEqual([`wrote  ${rel} (your uncommitted edit saved to .dashsync/pull-backups/${stampOf(pulled.stdout)}/${rel.replace('dashboards/', '')}): title "Overwritten on purpose" → "Operations 4"`, 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(grafanaText);
  });

  it('outside git, a _folder.json that differs is refused (pull cannot tell), and written with --force', async () => {
    const { uid, title, work, rel, path, grafanaText } = await pulledFolder({ git: 'none' });
    const edited = await editTitle(path, 'No git here');

    const pulled = await dashsync(handle, work, ['pull', '--folder', uid]);

    const why = `Grafana says folder ${uid} "${title}", and pull cannot tell whether this file holds edits of yours (`;
    expect(lines(pulled.stdout)[0]!.startsWith(`refused  ${rel}: ${why}`), pulled.stdout).toBe(true);
    expect(pulled.stderr.startsWith(`${rel}: error: ${why}`), pulled.stderr).toBe(true);
    expect(pulled.code).toBe(1);
    expect(await readFile(path, 'utf8')).toBe(edited);

    const forced = await dashsync(handle, work, ['pull', '--folder', uid, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(grafanaText);
  });

  it('the command the hint names takes the _folder.json, and nothing else; pull --force <dashboard uid> no longer takes its folder\'s', async () => {
    const { uid, work, rel, path, grafanaText } = await pulledFolder();
    const edited = await editTitle(path, 'Mine, not committed');
    const dashboard = `dashboards/${rel.split('/')[1]}/service-${seq}.json`;
    const mine = `${JSON.stringify({ ...JSON.parse(await readFile(join(work, dashboard), 'utf8')), description: 'mine' }, null, 2)}\n`;
    await writeFile(join(work, dashboard), mine);
    await saveDashboard(handle, { uid: `svc-${seq}`, title: `Service ${seq}`, panels: [], schemaVersion: 39, description: 'theirs' }, uid);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code).toBe(1);
    expect(lines(pulled.stderr).at(-1)).toBe(hint('2 files were not written', `${uid} svc-${seq}`, 'Grafana changed too or says otherwise'));

    // The dashboard's uid alone takes the dashboard, not the uncommitted _folder.json beside it: the hint then names the folder.
    const dashboardOnly = await dashsync(handle, work, ['pull', '--force', `svc-${seq}`]);
    expect(lines(dashboardOnly.stdout)).toEqual([`refused  ${rel}: changed here (not committed), and Grafana says folder ${uid} "Operations ${seq}"`, `updated  ${dashboard} (your uncommitted edit saved to .dashsync/pull-backups/${stampOf(dashboardOnly.stdout)}/${dashboard.replace('dashboards/', '')})`, 'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted, 1 refused.']);
    expect(lines(dashboardOnly.stderr).at(-1)).toBe(hint('1 file was not written', uid));
    expect(dashboardOnly.code).toBe(1);
    expect(await readFile(path, 'utf8')).toBe(edited);

    const folderOnly = await dashsync(handle, work, ['pull', '--force', uid]);
    expect(lines(folderOnly.stdout)).toEqual([`wrote  ${rel} (your uncommitted edit saved to .dashsync/pull-backups/${stampOf(folderOnly.stdout)}/${rel.replace('dashboards/', '')}): title "Mine, not committed" → "Operations 6"`, 'Pull: 0 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.']);
    expect(folderOnly.code, folderOnly.stderr).toBe(0);
    expect(folderOnly.stderr).toBe('');
    expect(await readFile(path, 'utf8')).toBe(grafanaText);
  });

  it('an uncommitted _folder.json that already says what Grafana says is left in its own formatting, with no line', async () => {
    const { uid, work, path } = await pulledFolder();
    const reformatted = `${JSON.stringify(JSON.parse(await readFile(path, 'utf8')))}\n`;
    await writeFile(path, reformatted);

    const pulled = await dashsync(handle, work, ['pull', '--folder', uid]);

    expect(lines(pulled.stdout)).toEqual(['Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(reformatted);
  });
});
