import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import type { CliResult } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

/**
 * A folder whose `_folder.json` was deleted from the tree while its dashboards stay in their
 * directory: the directory now stands for a folder derived from its path, which Grafana does
 * not have. pull writes the `_folder.json` back into that directory (the one that holds the
 * folder's dashboards) instead of making a new directory and moving every dashboard into it,
 * unless that directory is ambiguous, which a note explains.
 */
describe('dashsync pull after a _folder.json was deleted', () => {
  /** Folder `ops-7` "Operations 7" with two dashboards, pulled (into `operations-7/`) and committed; then its `_folder.json` deleted. */
  async function pulledThenDeleted(handle: SandboxHandle) {
    await createFolder(handle, { uid: 'ops-7', title: 'Operations 7' });
    await saveDashboard(handle, { uid: 'svc-a', title: 'Service A', panels: [], schemaVersion: 39 }, 'ops-7');
    await saveDashboard(handle, { uid: 'svc-b', title: 'Service B', panels: [], schemaVersion: 39 }, 'ops-7');
    await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [], schemaVersion: 39 });
    const work = await makeWorkDir();
    const bootstrap = await dashsync(handle, work, ['pull']);
    expect(bootstrap.code, bootstrap.stderr).toBe(0);
    expect(lines(bootstrap.stdout)).toContain('wrote    dashboards/operations-7/_folder.json');
    await commitAll(work);
    const folderFile = join(work, 'dashboards/operations-7/_folder.json');
    const grafanaText = await readFile(folderFile, 'utf8');
    await rm(folderFile);
    return { work, folderFile, grafanaText };
  }

  /** Today's behaviour where the directory is ambiguous: a new directory, both dashboards move into it (from `from`), and the note says why (`sitIn`: after "its files sit in"). */
  async function expectNewDirectory(pulled: CliResult, from: [string, string], sitIn: string) {
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual([
      'wrote  dashboards/operations-7-ops-7/_folder.json',
      `moved  dashboards/${from[0]}/service-a.json → dashboards/operations-7-ops-7/service-a.json`,
      `moved  dashboards/${from[1]}/service-b.json → dashboards/operations-7-ops-7/service-b.json`,
      'Pull: 0 created, 0 updated, 2 moved, 1 unchanged, 0 deleted.',
    ]);
    expect(pulled.stderr).toBe(`note: folder ops-7 "Operations 7" has no directory in the tree that says its uid; its files sit in ${sitIn}: it gets a new one, dashboards/operations-7-ops-7\n`);
  }

  it("the issue's repro: the _folder.json goes back into the directory holding the folder's dashboards, nothing moves, plan is empty", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { work, folderFile, grafanaText } = await pulledThenDeleted(handle);
    const before = await walkFiles(join(work, 'dashboards'));

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual(['wrote  dashboards/operations-7/_folder.json', 'Pull: 0 created, 0 updated, 0 moved, 3 unchanged, 0 deleted.']);
    expect(pulled.stderr).toBe('');
    expect(await readFile(folderFile, 'utf8')).toBe(grafanaText);
    const after = await walkFiles(join(work, 'dashboards'));
    expect(after.map((f) => f.path)).toEqual(['home.json', 'operations-7/_folder.json', 'operations-7/service-a.json', 'operations-7/service-b.json']);
    // The dashboards were not rewritten.
    for (const file of before) expect(after.find((f) => f.path === file.path)).toEqual(file);
    const plan = await dashsync(handle, work, ['plan']);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged.');
  });

  it('--folder and pull <uid> put it back the same way', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const { work, folderFile, grafanaText } = await pulledThenDeleted(handle);

    const byFolder = await dashsync(handle, work, ['pull', '--folder', 'ops-7']);
    expect(lines(byFolder.stdout)).toEqual(['wrote  dashboards/operations-7/_folder.json', 'Pull: 0 created, 0 updated, 0 moved, 2 unchanged, 0 deleted.']);
    expect(byFolder.code, byFolder.stderr).toBe(0);
    expect(await readFile(folderFile, 'utf8')).toBe(grafanaText);

    await rm(folderFile);
    const byUid = await dashsync(handle, work, ['pull', 'svc-a']);
    expect(lines(byUid.stdout)).toEqual(['wrote  dashboards/operations-7/_folder.json', 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.']);
    expect(byUid.code, byUid.stderr).toBe(0);
  });

  it('a folder that holds only a subfolder takes back the directory its subfolder sits in', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    await createFolder(handle, { uid: 'plat', title: 'Platform' });
    await createFolder(handle, { uid: 'k8s', title: 'Kubernetes', parentUid: 'plat' });
    await saveDashboard(handle, { uid: 'pods', title: 'Pods', panels: [], schemaVersion: 39 }, 'k8s');
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await commitAll(work);
    const folderFile = join(work, 'dashboards/platform/_folder.json');
    const grafanaText = await readFile(folderFile, 'utf8');
    await rm(folderFile);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(lines(pulled.stdout)).toEqual(['wrote  dashboards/platform/_folder.json', 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).toBe('');
    expect(await readFile(folderFile, 'utf8')).toBe(grafanaText);
    expect((await walkFiles(join(work, 'dashboards'))).map((f) => f.path)).toEqual(['platform/_folder.json', 'platform/kubernetes/_folder.json', 'platform/kubernetes/pods.json']);
  });

  it("the folder's dashboards in two directories: ambiguous, so a new directory as before, and a note says why", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { work } = await pulledThenDeleted(handle);
    await mkdir(join(work, 'dashboards/elsewhere'));
    await writeFile(join(work, 'dashboards/elsewhere/service-b.json'), await readFile(join(work, 'dashboards/operations-7/service-b.json')));
    await rm(join(work, 'dashboards/operations-7/service-b.json'));
    await commitAll(work);

    const pulled = await dashsync(handle, work, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    // service-b's committed move to elsewhere/ is not applied (Grafana holds it in ops-7, whose directory it was in): kept there (walk-61 H1).
    expect(lines(pulled.stdout)).toEqual([
      'wrote  dashboards/operations-7-ops-7/_folder.json',
      expect.stringMatching(/^kept   dashboards\/elsewhere\/service-b\.json: committed in [0-9a-f]{12} \(moved here from dashboards\/operations-7\/service-b\.json\) and not applied yet: /),
      'moved  dashboards/operations-7/service-a.json → dashboards/operations-7-ops-7/service-a.json',
      'Pull: 0 created, 0 updated, 1 moved, 1 unchanged, 0 deleted, 1 kept.',
    ]);
    expect(pulled.stderr).toBe('note: folder ops-7 "Operations 7" has no directory in the tree that says its uid; its files sit in dashboards/elsewhere and dashboards/operations-7, so pull cannot tell which directory is its: it gets a new one, dashboards/operations-7-ops-7\n');
  });

  it('the directory stands for another folder (Grafana has its derived uid): a new directory as before, and a note says why', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { work } = await pulledThenDeleted(handle);
    // The directory's path-derived uid is a live folder: operations-7/ is that folder's now.
    const derivedUid = deriveFolderUid('operations-7');
    await createFolder(handle, { uid: derivedUid, title: 'operations-7' });

    await expectNewDirectory(await dashsync(handle, work, ['pull']), ['operations-7', 'operations-7'], `dashboards/operations-7, which stands for folder ${derivedUid}`);
  });
});
