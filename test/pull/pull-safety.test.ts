import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

async function seedSmall() {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  await createFolder(handle, { uid: 'plat', title: 'Platform' });
  await saveDashboard(handle, { uid: 'overview', title: 'Overview', panels: [] }, 'plat');
  await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [] });
  return handle;
}

describe('dashsync pull: what is already on disk', () => {
  it('never writes through symlinks that point out of the root, and plan still shows zero changes', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();
    const outside = join(work, 'outside');
    await mkdir(join(outside, 'dir'), { recursive: true });
    await writeFile(join(outside, 'home.json'), 'SECRET');
    await mkdir(join(work, 'dashboards'));
    await symlink(join(outside, 'dir'), join(work, 'dashboards/platform'));
    await symlink(join(outside, 'home.json'), join(work, 'dashboards/home.json'));

    const pulled = await dashsync(handle, work, ['pull', '--all']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual([
      'wrote    dashboards/platform-plat/_folder.json',
      'created  dashboards/home-home.json',
      'created  dashboards/platform-plat/overview.json',
      'Pull: 2 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.',
    ]);
    expect(await readdir(join(outside, 'dir'))).toEqual([]);
    expect(await readFile(join(outside, 'home.json'), 'utf8')).toBe('SECRET');
    const plan = await dashsync(handle, work, ['plan']);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged.');
  });

  it('reports a file that does not parse and leaves it alone', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashboards/home.json'), '{ "uid": "home", ');

    const pulled = await dashsync(handle, work, ['pull', '--all']);

    expect(pulled.code).toBe(0);
    // The cut-off text still names its uid, so home is left alone rather than given a second file.
    expect(lines(pulled.stderr)).toEqual([
      expect.stringMatching(/^dashboards\/home\.json:1:\d+: warning: .*; this file is left as it is \(json-syntax\)$/),
      'note: home ("Home") lives in dashboards/home.json, which has errors (see above): not pulled; fix the file, then pull again',
    ]);
    expect(await readFile(join(work, 'dashboards/home.json'), 'utf8')).toBe('{ "uid": "home", ');
    expect((await walkFiles(join(work, 'dashboards'))).map((f) => f.path)).toEqual(['home.json', 'platform/_folder.json', 'platform/overview.json']);
  });

  it('does not pull a uid whose file has errors (an unmapped input), so it never gets a second file', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const exported = JSON.stringify({ uid: 'home', title: 'Home', panels: [{ id: 1, datasource: '${DS_PROM}' }] });
    await writeFile(join(work, 'dashboards/home.json'), exported);

    const pulled = await dashsync(handle, work, ['pull', '--all']);

    expect(pulled.code).toBe(0);
    expect(lines(pulled.stderr)).toEqual([
      expect.stringMatching(/^dashboards\/home\.json:1:\d+: warning: input DS_PROM is not mapped: .*; this file is left as it is \(input-unmapped\)$/),
      'note: home ("Home") lives in dashboards/home.json, which has errors (see above): not pulled; fix the file, then pull again',
    ]);
    expect(await readFile(join(work, 'dashboards/home.json'), 'utf8')).toBe(exported);
    expect((await walkFiles(join(work, 'dashboards'))).map((f) => f.path)).toEqual(['home.json', 'platform/_folder.json', 'platform/overview.json']);
  });

  it('moves the file when the dashboard moved to another folder in Grafana', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await commitAll(work);
    await createFolder(handle, { uid: 'apps', title: 'Apps' });
    await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [] }, 'apps');

    const pulled = await dashsync(handle, work, ['pull', '--all']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual([
      'wrote  dashboards/apps/_folder.json',
      'moved  dashboards/home.json → dashboards/apps/home.json',
      'Pull: 0 created, 0 updated, 1 moved, 1 unchanged, 0 deleted.',
    ]);
    await expect(stat(join(work, 'dashboards/home.json'))).rejects.toThrow(/ENOENT/);
    const plan = await dashsync(handle, work, ['plan']);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged.');
  });

  it('a folder renamed in Grafana keeps its directory; its (committed) _folder.json takes the new title', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    // git holds the _folder.json as it is, so pull may write over it (outside git it is refused: pull-folder-file-keeps-work).
    await commitAll(work);
    const live = await apiRequest(handle, 'GET', '/api/folders/plat');
    expect((await apiRequest(handle, 'PUT', '/api/folders/plat', { title: 'Platform Team', version: live.body.version })).status).toBe(200);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(lines(pulled.stdout)).toEqual(['wrote  dashboards/platform/_folder.json: title "Platform" → "Platform Team"', 'Pull: 0 created, 0 updated, 0 moved, 2 unchanged, 0 deleted.']);
    expect(await readFile(join(work, 'dashboards/platform/_folder.json'), 'utf8')).toBe('{\n  "title": "Platform Team",\n  "uid": "plat"\n}\n');
    const plan = await dashsync(handle, work, ['plan']);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged.');
  });

  it('by default refreshes what the tree manages and leaves other dashboards in Grafana out', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--folder', 'plat'])).code).toBe(0);
    await commitAll(work);
    await saveDashboard(handle, { uid: 'overview', title: 'Overview', panels: [], tags: ['edited'] }, 'plat');
    await saveDashboard(handle, { uid: 'fresh', title: 'Fresh', panels: [] }, 'plat');
    await createFolder(handle, { uid: 'ops', title: 'Ops' });
    await saveDashboard(handle, { uid: 'on-call', title: 'On call', panels: [] }, 'ops');
    handle.clearRequests();

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.stderr).toBe('');
    expect(lines(pulled.stdout)).toEqual([
      'created  dashboards/platform/fresh.json',
      'updated  dashboards/platform/overview.json',
      '2 dashboards in Grafana have no file in the tree (pull refreshes what the tree holds): home "Home", on-call "On call". Pull with --all to write them, or --folder <uid> for one folder\'s.',
      'Pull: 1 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.',
    ]);
    expect((await walkFiles(join(work, 'dashboards'))).map((f) => f.path)).toEqual(['platform/_folder.json', 'platform/fresh.json', 'platform/overview.json']);
    // Counted from the listing pull reads anyway: not one request about the dashboards it leaves out.
    expect(handle.requests().filter((r) => /home|on-call/.test(r.path))).toEqual([]);

    const all = await dashsync(handle, work, ['pull', '--all']);

    expect(all.code, all.stderr).toBe(0);
    expect(lines((await dashsync(handle, work, ['pull'])).stdout)).toEqual(['Pull: 0 created, 0 updated, 0 moved, 4 unchanged, 0 deleted.']);
  });
});

describe('dashsync pull: --dry-run and provisioned dashboards', () => {
  it('--dry-run prints what it would write and writes nothing', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull', '--dry-run']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual([
      'would write   dashboards/platform/_folder.json',
      'would create  dashboards/home.json',
      'would create  dashboards/platform/overview.json',
      'Pull (dry run, nothing written): 2 to create, 0 to update, 0 to move, 0 unchanged, 0 to delete.',
    ]);
    expect(await readdir(work)).toEqual([]);
  });

  it('refuses --include (pull selects by folder, not by file)', async () => {
    const handle = await seedSmall();
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull', '--include', 'team-a/**']);
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toBe('error: --include/--exclude select files of the tree; pull reads the whole tree and selects live dashboards with --folder UID\n');
    expect(await readdir(work)).toEqual([]);
  });

  it('pulls provisioned dashboards and says that Grafana\'s provisioning owns them', async () => {
    const handle = await seedSmall();
    await handle.provisionDashboard({ dashboard: { uid: 'prov', title: 'From Provisioning', panels: [] }, folderUid: 'plat' });
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull', '--all']);

    expect(pulled.code).toBe(0);
    expect(lines(pulled.stdout)).toContain('created  dashboards/platform/from-provisioning.json (provisioned from file from-provisioning.json)');
    expect(pulled.stderr).toContain('note: pulled dashboard prov is provisioned from a file on the Grafana server; dashsync apply never overwrites or deletes it.');
  });
});
