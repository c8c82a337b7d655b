import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../helpers/applied-example.js';
import { withoutRoot } from '../helpers/without-root.js';
import { getDashboard, saveInGrafana, writes } from './apply/workspace.js';
import { copyFixture, dashsync } from './plan/plan-fixture.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// Every test runs the CLI several times against a sandbox.
vi.setConfig({ testTimeout: 180_000 });

/** Makes `name` in `dir` a symlink in a loop of links (`name` → `name.other` → `name`): every way through it fails with ELOOP. */
async function linkLoop(dir: string, name: string): Promise<void> {
  await symlink(`${name}.other`, join(dir, name));
  await symlink(name, join(dir, `${name}.other`));
}

const LOOP = 'it is a symlink in a loop of links';

// fixr-75 (stop 74 §8.4): fixr-74 made one table of what a file error code means; a root, a backup directory, a backup,
// pull's writes, check's listed files and show's directory still said the code alone, "not found" or words of their own, and
// a link in a loop meant to reach a directory was told to "point it at a file". Each now says the table's words, fitting
// what the name is for. Root reads any file whatever its mode (the tests run as root): withoutRoot makes the bits bind.
describe('file errors in the words of the file error table', () => {
  it('a dashboards root in a loop of links: check, plan and pull say it is one and to point it at a directory; pull makes nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await rm(join(dir, 'dashboards'), { recursive: true });
    await linkLoop(dir, 'dashboards');
    const line = `error: the dashboards root ${join(dir, 'dashboards')} cannot be read (ELOOP): ${LOOP}; point it at a directory (the root is --root or "root" in dashsync.config.json; in the GitHub Action, the "path" input)\n`;
    for (const args of [['check'], ['plan'], ['pull', '--all']]) {
      const run = await dashsync(sandbox, dir, args);
      // It was "dashboards root not found … to start from what your Grafana holds: dashsync pull", and pull failed on its mkdir.
      expect([run.code, run.stderr], args.join(' ')).toEqual([1, line]);
    }
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['dashboards', 'dashboards.other', 'dashsync.config.json']);
  });

  it("apply's backup directory and restore's: one in a loop of links, one not writable, a uid's directory and a backup it may not read", async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    await linkLoop(workspace.dir, 'loop');
    const nothingApplied = 'nothing was applied. Check backupDir / --backup-dir\n';

    sandbox.clearRequests();
    const looped = await workspace.cli(['apply', '--prune', '--backup-dir', 'loop']);
    // It was "loop cannot be read (ELOOP)", the code alone.
    expect([looped.code, looped.stderr]).toEqual([
      1,
      `error: the plan deletes, and the backups of its deletes cannot be written into loop: loop cannot be read (ELOOP): ${LOOP}; point it at a directory; ${nothingApplied}`,
    ]);

    await mkdir(join(workspace.dir, 'locked'));
    await chmod(join(workspace.dir, 'locked'), 0o555);
    const locked = await withoutRoot(workspace.dir, () => workspace.cli(['apply', '--prune', '--backup-dir', 'locked/backups']));
    expect([locked.code, locked.stderr]).toEqual([
      1,
      `error: the plan deletes, and the backups of its deletes cannot be written into locked/backups: locked is not writable (EACCES): permission denied; let the user running dashsync write there; ${nothingApplied}`,
    ]);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(200);

    // A backup directory that is there but out of reach is no missing one ("nothing to restore"): restore says why, and stops.
    const restoreLooped = await workspace.cli(['restore', 'redis-exporter', '--backup-dir', 'loop']);
    expect([restoreLooped.code, restoreLooped.stderr]).toEqual([
      1,
      `error: backup directory loop cannot be read (ELOOP): ${LOOP}; point it at a directory (check --backup-dir); nothing was restored\n`,
    ]);

    const applied = await workspace.cli(['apply', '--prune']);
    expect(applied.code, applied.stderr).toBe(0);
    sandbox.clearRequests();
    const uidDir = join(workspace.dir, '.dashsync/backups/redis-exporter');
    const [backup] = await readdir(uidDir);
    await chmod(join(uidDir, backup!), 0o000);
    const unread = await withoutRoot(workspace.dir, () => workspace.cli(['restore', 'redis-exporter', '--dry-run']));
    // It was "cannot be read (EACCES)" and "fix it".
    expect(unread.stdout + unread.stderr).toContain(
      `.dashsync/backups/redis-exporter/${backup} cannot be read (EACCES): permission denied; make it readable by the user running dashsync and run restore again (it is redis-exporter's only backup here`,
    );
    expect(unread.code).toBe(1);

    await chmod(join(uidDir, backup!), 0o644);
    await chmod(uidDir, 0o311);
    const unlisted = await withoutRoot(workspace.dir, () => workspace.cli(['restore', 'redis-exporter', '--dry-run']));
    // It was taken for no backup at all.
    expect(unlisted.stdout + unlisted.stderr).toContain(
      ".dashsync/backups/redis-exporter, the directory of redis-exporter's backups, cannot be listed (EACCES): permission denied; make it readable by the user running dashsync and run restore again",
    );
    expect(unlisted.code).toBe(1);

    await chmod(uidDir, 0o755);
    await chmod(join(workspace.dir, '.dashsync/backups'), 0o311);
    const all = await withoutRoot(workspace.dir, () => workspace.cli(['restore', '--all', '--dry-run']));
    // It read as "no backup to restore".
    expect([all.code, all.stderr]).toEqual([
      1,
      'error: backup directory .dashsync/backups cannot be listed (EACCES): permission denied; make it readable by the user running dashsync; nothing was restored\n',
    ]);
    expect(writes(sandbox)).toEqual([]);
  });

  it("pull into directories it may not write: each line names the directory refused and what to do", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const source = await copyFixture('basic');
    expect((await dashsync(sandbox, source, ['apply'])).code).toBe(0);
    const dir = await copyFixture('basic');
    await rm(join(dir, 'dashboards'), { recursive: true });
    await mkdir(join(dir, 'dashboards'));
    await chmod(join(dir, 'dashboards'), 0o555);
    const pulled = await withoutRoot(dir, () => dashsync(sandbox, dir, ['pull', '--all']));
    expect(pulled.code).toBe(1);
    // It was "cannot write here (EACCES)" and "cannot write the file (EACCES)".
    const refused = '(EACCES): permission denied; let the user running dashsync write there';
    expect(pulled.stderr).toContain(`dashboards/applications: error: cannot write in dashboards ${refused} (pull-unsafe-path)\n`);
    expect(pulled.stderr).toContain(`dashboards/overview.json: error: dashboard overview: cannot write the file in dashboards ${refused} (pull-write-failed)\n`);
    expect(await readdir(join(dir, 'dashboards'))).toEqual([]);
  });

  // fixf-75: an unreadable _folder.json counted as none, so pull planned its folder into a second directory named from the
  // title (dashboards/applications beside dashboards/apps) and moved its dashboard there.
  it("pull of a folder whose _folder.json it may not read: that folder is stopped in the table's words, no second directory made", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    expect((await dashsync(sandbox, dir, ['apply'])).code).toBe(0);
    const before = await readFile(join(dir, 'dashboards/apps/_folder.json'), 'utf8');
    await chmod(join(dir, 'dashboards/apps/_folder.json'), 0o600);
    // The tree is the other user's to write (the report's case: a pull as another user than the file's owner).
    await chmod(join(dir, 'dashboards'), 0o777);
    await chmod(join(dir, 'dashboards/apps'), 0o777);
    const pulled = await withoutRoot(dir, () => dashsync(sandbox, dir, ['pull', '--all', '--force']));
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain(
      'dashboards/applications: error: folder apps "Applications" not pulled, and no directory made for it: a _folder.json pull cannot read may say its uid, and this directory would be a second one for it ' +
        '(dashboards/apps/_folder.json: cannot read the file (EACCES): permission denied; make it readable by the user running dashsync) (pull-folder-unread)\n',
    );
    expect(pulled.stderr).toContain('dashboards/applications/api-latency.json: error: dashboard api-latency: not written: its directory dashboards/applications could not be made safely (see above) (pull-write-failed)\n');
    // It made dashboards/applications and moved api-latency there.
    expect((await readdir(join(dir, 'dashboards'))).sort()).toEqual(['apps', 'infra', 'overview.json']);
    expect((await readdir(join(dir, 'dashboards/apps'))).sort()).toEqual(['_folder.json', 'api-latency.json']);
    expect(await readFile(join(dir, 'dashboards/apps/_folder.json'), 'utf8')).toBe(before);
  });

  it("pull --force whose copy of a file cannot be made: the line says what refused it and what to do, and the file stays", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    expect((await dashsync(sandbox, dir, ['apply'])).code).toBe(0);
    await saveInGrafana(sandbox, 'overview', { title: 'Overview, edited in Grafana' });
    const before = await readFile(join(dir, 'dashboards/overview.json'), 'utf8');
    await mkdir(join(dir, '.dashsync'));
    await chmod(join(dir, '.dashsync'), 0o555);
    const pulled = await withoutRoot(dir, () => dashsync(sandbox, dir, ['pull', '--force']));
    // It was "could not be copied to .dashsync/pull-backups first (EACCES), so it is left as it is".
    expect(pulled.stderr).toContain(
      'dashboards/overview.json: error: dashboard overview: not written: your version could not be copied to .dashsync/pull-backups first, so it is left as it is: ' +
        'permission denied (EACCES) in .dashsync/pull-backups; let the user running dashsync write there (pull-write-failed)\n',
    );
    expect(pulled.code).toBe(1);
    expect(await readFile(join(dir, 'dashboards/overview.json'), 'utf8')).toBe(before);
  });

  // fixf-75 (rev-75 F5): the temp file beside a file is named 18 bytes longer than it, so a file named 238–255 bytes could
  // not be rewritten, and the line said "its path is longer than this system allows", untrue of its path.
  it('check --fix and pull rewrite a file whose name is 245 bytes (80 three-byte characters and .json)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    const name = `${'\u6f22'.repeat(80)}.json`;
    expect(Buffer.byteLength(name)).toBe(245);
    const overview = JSON.parse(await readFile(join(dir, 'dashboards/overview.json'), 'utf8'));
    await rm(join(dir, 'dashboards/overview.json'));
    const { uid: _uid, ...withoutUid } = overview;
    await writeFile(join(dir, 'dashboards', name), `${JSON.stringify(withoutUid, null, 2)}\n`);
    const fixed = await dashsync(sandbox, dir, ['check', '--fix']);
    expect(fixed.stdout + fixed.stderr).not.toContain('ENAMETOOLONG');
    const uid = JSON.parse(await readFile(join(dir, 'dashboards', name), 'utf8')).uid;
    expect(typeof uid).toBe('string');

    expect((await dashsync(sandbox, dir, ['apply'])).code).toBe(0);
    await saveInGrafana(sandbox, uid, { title: 'Overview, edited in Grafana' });
    // Outside git, --force copies the file to .dashsync/pull-backups first, under the same name.
    const pulled = await dashsync(sandbox, dir, ['pull', '--force']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(JSON.parse(await readFile(join(dir, 'dashboards', name), 'utf8')).title).toBe('Overview, edited in Grafana');
    expect((await readdir(join(dir, 'dashboards'))).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
  });

  it('check of a listed file in a loop of links, show of a directory it may not list, plan --out through a loop: before any request', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await linkLoop(join(dir, 'dashboards'), 'looped.json');
    const checked = await dashsync(sandbox, dir, ['check', 'dashboards/looped.json']);
    // It was also "no such file or directory (file-not-found)" of a name that is there: the tree's warning says it, as in a
    // check of the whole tree.
    expect(checked.stdout).not.toContain('looped.json: error');
    expect(checked.stdout).toContain('dashboards/looped.json: warning: not read: a symlink in a loop of links (ELOOP)');
    const long = `dashboards/${'p'.repeat(300)}.json`;
    const tooLong = await dashsync(sandbox, dir, ['check', long]);
    expect(tooLong.stdout).toContain(`${long}: error: cannot read it (ENAMETOOLONG): its path is longer than this system allows; shorten the names on it, or nest it less deeply (file-unreadable)\n`);
    expect(tooLong.code).toBe(1);

    await linkLoop(dir, 'plans');
    sandbox.clearRequests();
    const out = await dashsync(sandbox, dir, ['plan', '--out', 'plans/plan.json']);
    // It read Grafana first, and failed only at the write.
    expect([out.code, out.stderr, sandbox.requests().length]).toEqual([
      1,
      `error: cannot write the plan to plans/plan.json: ${LOOP} (ELOOP); save the plan elsewhere, e.g. --out plan.json\n`,
      0,
    ]);

    expect((await dashsync(sandbox, dir, ['plan', '--out', 'saved/production.plan.json'])).code).toBe(0);
    await chmod(join(dir, 'saved'), 0o311);
    const shown = await withoutRoot(dir, () => dashsync(sandbox, dir, ['show', 'saved']));
    expect([shown.code, shown.stdout, shown.stderr]).toEqual([
      1,
      '',
      'error: cannot read plan directory saved: permission denied (EACCES); make it readable by the user running dashsync\n',
    ]);
  });
});
