import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import type { GrafanaVersion, SandboxHandle } from '../../../src/sandbox/types.js';
import { commitAll, createFolder, dashsync, git, libraryPanelRef, lines, makeWorkDir, saveDashboard, walkFiles } from '../../pull/pull-fixture.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { grid, gridItem, panel, v2Spec } from '../../unit/v2-builders.js';
import { runAction } from '../../action/run-action.js';

const classic = (title: string) => ({ uid: 'classic', title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] });
const checkout = (title: string) => v2Spec({ title, elements: { 'panel-1': panel(1, 'Requests') }, layout: grid(gridItem('panel-1', 0, 0, 6, 4)) });

/** Where Grafana stores v2, by release; 11.2 serves /api only. */
const V2: Record<GrafanaVersion, string | null> = { '11.2': null, '12': 'v2beta1', '13': 'v2' };

/**
 * The bootstrap: dashboards made in Grafana by people (a classic one, and on 12+ a v2 one with
 * labels), pulled into `<work>/<tree>` and committed. Returns the files pulled.
 */
async function bootstrap(grafanaVersion: GrafanaVersion, tree = '.') {
  const handle = await startTestSandbox({ grafanaVersion });
  const shop = await createFolder(handle, { uid: 'shop', title: 'Shop' });
  // Saved twice: the first version of a dashboard dashsync's own login made counts as dashsync's (legacy history renames its message).
  await saveDashboard(handle, classic('Classic, draft'), shop);
  await saveDashboard(handle, classic('Classic'), shop);
  const v2 = V2[grafanaVersion];
  if (v2 !== null) {
    const collection = `/apis/dashboard.grafana.app/${v2}/namespaces/default/dashboards`;
    const annotations = { 'grafana.app/folder': shop, 'example.com/owner': 'payments' };
    const created = await apiRequest(handle, 'POST', collection, { metadata: { name: 'checkout', labels: { team: 'payments' }, annotations }, spec: checkout('Checkout') });
    expect(created.status, created.text).toBe(201);
  }
  const work = await makeWorkDir();
  const cwd = join(work, tree);
  await mkdir(cwd, { recursive: true });
  const pulled = await dashsync(handle, cwd, ['pull']);
  expect(pulled.code, pulled.stderr).toBe(0);
  await commitAll(work, 'bootstrap pull');
  const files = ['dashboards/shop/classic.json', ...(v2 === null ? [] : ['dashboards/shop/checkout.json'])].map((file) => join(cwd, file));
  return { handle, work, cwd, files };
}

/** The Ops folder's directory in the tree (and the folder in Grafana, given a sandbox). */
async function addOpsFolder(handle: SandboxHandle | null, work: string): Promise<void> {
  if (handle !== null) await createFolder(handle, { uid: 'ops', title: 'Ops' });
  await mkdir(join(work, 'dashboards', 'ops'), { recursive: true });
  await writeFile(join(work, 'dashboards', 'ops', '_folder.json'), JSON.stringify({ uid: 'ops', title: 'Ops' }));
}

/** The author's edit: a new title in each file. */
async function editFiles(files: string[]): Promise<void> {
  for (const file of files) await writeFile(file, (await readFile(file, 'utf8')).replace(/"title": "(Classic|Checkout)"/, '"title": "$1, renamed in git"'));
}

async function plan(handle: SandboxHandle, cwd: string) {
  const planned = await dashsync(handle, cwd, ['plan']);
  expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  const out = lines(planned.stdout);
  return { updates: out.filter((line) => /^\s*~ /.test(line) || line.includes('update')), drift: out.filter((line) => line.includes('drift')), all: out };
}

describe.each(['11.2', '12', '13'] as const)('drift after a bootstrap pull on Grafana %s', (grafanaVersion) => {
  const uids = V2[grafanaVersion] === null ? ['classic'] : ['checkout', 'classic'];

  it('pull → commit → edit the files → plan: the updates, no drift warning (git holds what Grafana has); without git, the warning', async () => {
    const { handle, work, cwd, files } = await bootstrap(grafanaVersion);
    await editFiles(files);

    const held = await plan(handle, cwd);

    expect(held.all).toContain(`Plan: 0 to create, ${uids.length} to update, 0 to move, 0 to delete, 0 unchanged.`);
    expect(held.drift).toEqual([]);

    // The same tree without its repository: nothing says where Grafana's version came from.
    await rm(join(work, '.git'), { recursive: true, force: true });
    const unknown = await plan(handle, cwd);
    expect(unknown.drift.map((line) => /drift: (\S+)/.exec(line)?.[1]).sort()).toEqual(uids);
  });

  // walk-68 M2: a deletion git itself undid (`git revert`) ended the file's history there, so the bootstrap version read as
  // drift and pull wrote Grafana's version over the committed change not applied yet.
  it('edited and committed, deleted, the deletion reverted: no drift, pull keeps the file, the one-step Action apply updates it', async () => {
    const { handle, work, cwd, files } = await bootstrap(grafanaVersion);
    await editFiles(files);
    await commitAll(work, 'rename in git');
    for (const file of files) await git(work, 'rm', '-q', file);
    await commitAll(work, 'drop them (by mistake)');
    await git(work, 'revert', '--no-edit', 'HEAD');
    const edited = await Promise.all(files.map((file) => readFile(file, 'utf8')));

    const held = await plan(handle, cwd);
    expect(held.all).toContain(`Plan: 0 to create, ${uids.length} to update, 0 to move, 0 to delete, 0 unchanged.`);
    expect(held.drift).toEqual([]);

    const pulled = await dashsync(handle, cwd, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).filter((line) => line.startsWith('kept'))).toHaveLength(uids.length);
    expect(await Promise.all(files.map((file) => readFile(file, 'utf8')))).toEqual(edited);

    const token = await handle.createToken('Admin');
    const action = await runAction(cwd, { command: 'apply', 'grafana-url': handle.url, 'grafana-token': token, path: 'dashboards' });
    expect(action.code, action.stdout + action.stderr).toBe(0);
    expect(action.stdout).not.toMatch(/conflict/);
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/classic');
    expect(live.body.dashboard.title).toBe('Classic, renamed in git');
  });

  it('an edit made in Grafana after the commit is still drift; the others stay quiet', async () => {
    const { handle, cwd, files } = await bootstrap(grafanaVersion);
    await editFiles(files);
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/classic');
    await saveDashboard(handle, { ...live.body.dashboard, title: 'Classic, edited in the UI' }, 'shop');

    const planned = await plan(handle, cwd);

    expect(planned.drift).toEqual([expect.stringMatching(/^ {2}! drift: classic "Classic, edited in the UI" was last saved in Grafana by \S+ at .*\(to bring it in, run dashsync pull classic first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two\)$/)]);
  });

  it('the edit committed on top: a full clone finds the pulled version one commit back; a depth-1 clone cannot, warns, and says why', async () => {
    const { handle, work, files } = await bootstrap(grafanaVersion);
    await editFiles(files);
    await commitAll(work, 'rename');
    const full = join(await makeWorkDir(), 'full');
    const shallow = join(await makeWorkDir(), 'shallow');
    await git(work, 'clone', '-q', '--no-local', work, full);
    await git(work, 'clone', '-q', '--depth', '1', `file://${work}`, shallow);

    expect((await plan(handle, full)).drift).toEqual([]);

    const cut = await plan(handle, shallow);
    expect(cut.drift.map((line) => /drift: (\S+)/.exec(line)?.[1]).filter(Boolean).sort()).toEqual(uids);
    expect(cut.all).toContain(
      '  ! drift compared with the commits present only: this git checkout is shallow, so an edit an older commit already holds is reported as drift (fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0), and those warnings go away)',
    );
  });
});

// On 12 the restore's "Restored from version N" comes back through /apis, as the grafana.app/message of the history (src/sandbox/README.md).
describe.each(['11.2', '12'] as const)('drift after a bootstrap pull on Grafana %s: a rollback in Grafana', (grafanaVersion) => {
  it('a version restored in Grafana that only an older commit holds is still drift (someone rolled back); a plain save of it is not', async () => {
    const { handle, work, files } = await bootstrap(grafanaVersion);
    await editFiles(files);
    await commitAll(work, 'rename');
    const applied = await dashsync(handle, work, ['apply']);
    expect(applied.code, applied.stderr).toBe(0);
    // Version 2 is what the bootstrap pulled (the first commit holds it); dashsync's apply made version 3.
    const restored = await apiRequest(handle, 'POST', '/api/dashboards/uid/classic/restore', { version: 2 });
    expect(restored.status, restored.text).toBe(200);

    expect((await plan(handle, work)).drift).toEqual([expect.stringMatching(/^ {2}! drift: classic "Classic" .*\(version 4, "Restored from version 2"\)/)]);

    // The same content saved by hand (not a restore): the first commit holds it, nothing is lost.
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/classic');
    await saveDashboard(handle, live.body.dashboard, 'shop');
    expect((await plan(handle, work)).drift).toEqual([]);
  });
});

describe('drift after a bootstrap pull: where the tree sits in the repository', () => {
  it('a tree below the top, named with spaces and accents, planned through a symlink: git still holds the edit', async () => {
    const { handle, work, files } = await bootstrap('12', 'ops – Café dashboards');
    await editFiles(files);
    await symlink(join(work, 'ops – Café dashboards'), join(work, 'alias'));

    expect((await plan(handle, join(work, 'alias'))).drift).toEqual([]);
    await rm(join(work, '.git'), { recursive: true, force: true });
    expect((await plan(handle, join(work, 'alias'))).drift).toHaveLength(2);
  });

  it('planned from outside the repository with --root pointing into it: git is asked where the tree is', async () => {
    const { handle, work, files } = await bootstrap('12');
    await editFiles(files);
    const outside = await makeWorkDir();

    const planned = await dashsync(handle, outside, ['plan', '--root', join(work, 'dashboards')]);

    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 2 to update');
    expect(planned.stdout).not.toContain('drift');
  });

  it('a pulled file never committed (untracked) warns as before', async () => {
    const { handle, work, files } = await bootstrap('11.2');
    // The pull is committed elsewhere: this repository has never seen the file.
    await rename(join(work, '.git'), join(work, '.git-elsewhere'));
    await git(work, 'init', '-q');
    await git(work, 'commit', '-q', '--allow-empty', '-m', 'empty');
    await editFiles(files);

    expect((await plan(handle, work)).drift).toEqual([expect.stringMatching(/^ {2}! drift: classic /)]);
  });
});

describe('drift after a bootstrap pull: files renamed or moved in git since', () => {
  it('renamed in its directory (committed, with an edit): git holds what Grafana has, no warning; on 12 through /apis too', async () => {
    for (const grafanaVersion of ['11.2', '12'] as const) {
      const { handle, work, files } = await bootstrap(grafanaVersion);
      for (const file of files) await git(work, 'mv', file, file.replace(/\.json$/, '-overview.json'));
      await editFiles(files.map((file) => file.replace(/\.json$/, '-overview.json')));
      await commitAll(work, 'rename and edit');

      const planned = await plan(handle, work);

      expect(planned.all, grafanaVersion).toContain(`Plan: 0 to create, ${files.length} to update, 0 to move, 0 to delete, 0 unchanged.`);
      expect(planned.drift, grafanaVersion).toEqual([]);
    }
  });

  it('moved in git to another folder: the plan moves it, no warning (Grafana still has it where the pulled file was)', async () => {
    const { handle, work } = await bootstrap('11.2');
    await addOpsFolder(handle, work);
    await git(work, 'mv', 'dashboards/shop/classic.json', 'dashboards/ops/classic.json');
    await commitAll(work, 'move to ops');
    // A second file keeps dashboards/shop a directory of the tree.
    await writeFile(join(work, 'dashboards', 'shop', 'kept.json'), JSON.stringify({ uid: 'kept', title: 'Kept', panels: [] }));

    const planned = await plan(handle, work);

    expect(planned.all).toContain('Plan: 1 to create, 0 to update, 1 to move, 0 to delete, 0 unchanged.');
    expect(planned.drift).toEqual([]);
  });

  it("moved in git to another folder, the old folder's directory removed with it: no warning; an edit made in Grafana since still warns", async () => {
    const { handle, work } = await bootstrap('11.2');
    await addOpsFolder(handle, work);
    await git(work, 'mv', 'dashboards/shop/classic.json', 'dashboards/ops/classic.json');
    // The pull wrote dashboards/shop/_folder.json ("shop" is no uid derived from the path): gone too, the directory is no more.
    await git(work, 'rm', '-q', 'dashboards/shop/_folder.json');
    await commitAll(work, 'move to ops, drop shop');

    const moved = await plan(handle, work);

    expect(moved.all).toContain('Plan: 0 to create, 0 to update, 1 to move, 0 to delete, 0 unchanged.');
    // The old code warned: today's tree has no directory for "shop", so the version committed in dashboards/shop/ did not count.
    expect(moved.drift).toEqual([]);

    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/classic');
    await saveDashboard(handle, { ...live.body.dashboard, title: 'Classic, edited in the UI' }, 'shop');
    expect((await plan(handle, work)).drift).toEqual([expect.stringMatching(/^ {2}! drift: classic "Classic, edited in the UI" /)]);
  });

  it('a directory without _folder.json renamed in git (its folder uid is derived from the path): the plan moves the dashboard to the new folder, no warning', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    // The folder a directory "team" stands for, made first in Grafana: pull writes no _folder.json for it.
    const team = await createFolder(handle, { uid: deriveFolderUid('team'), title: 'team' });
    await saveDashboard(handle, classic('Classic, draft'), team);
    await saveDashboard(handle, classic('Classic'), team);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    expect((await walkFiles(join(work, 'dashboards'))).map((file) => file.path)).toEqual(['team/classic.json']);
    await commitAll(work, 'bootstrap pull');
    await git(work, 'mv', 'dashboards/team', 'dashboards/group');
    await commitAll(work, 'team is now group');

    const planned = await plan(handle, work);

    expect(planned.all).toContain('Plan: 0 to create, 0 to update, 1 to move, 0 to delete, 0 unchanged. Folders: 1 to create.');
    // The old code warned: "team" is no directory of today's tree.
    expect(planned.drift).toEqual([]);

    // Moved in Grafana to a folder no committed directory stood for: the warning stays.
    const elsewhere = await createFolder(handle, { uid: 'elsewhere', title: 'Elsewhere' });
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/classic');
    await saveDashboard(handle, live.body.dashboard, elsewhere);
    expect((await plan(handle, work)).drift).toEqual([expect.stringMatching(/^ {2}! drift: classic "Classic" /)]);
  });

  it('renamed with git mv and edited, not committed yet: git holds what Grafana has, no warning', async () => {
    const { handle, work, files } = await bootstrap('11.2');
    const renamed = files.map((file) => file.replace(/\.json$/, '-overview.json'));
    for (const [index, file] of files.entries()) await git(work, 'mv', file, renamed[index]!);
    await editFiles(renamed);

    const planned = await plan(handle, work);

    expect(planned.all).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 0 unchanged.');
    // The old code warned: the renamed path had no committed history.
    expect(planned.drift).toEqual([]);
  });

  it('moved to another folder with a plain mv (git not told, nothing staged): paired by its identical bytes, the plan moves it, no warning', async () => {
    const { handle, work } = await bootstrap('11.2');
    await addOpsFolder(handle, work);
    await rename(join(work, 'dashboards', 'shop', 'classic.json'), join(work, 'dashboards', 'ops', 'classic.json'));
    await writeFile(join(work, 'dashboards', 'shop', 'kept.json'), JSON.stringify({ uid: 'kept', title: 'Kept', panels: [] }));

    const planned = await plan(handle, work);

    expect(planned.all).toContain('Plan: 1 to create, 0 to update, 1 to move, 0 to delete, 0 unchanged.');
    expect(planned.drift).toEqual([]);
  });

  it('moved in Grafana to another folder still warns, also when the file was moved in git to a third one', async () => {
    const { handle, work } = await bootstrap('11.2');
    await createFolder(handle, { uid: 'ops', title: 'Ops' });
    await createFolder(handle, { uid: 'elsewhere', title: 'Elsewhere' });
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/classic');
    await saveDashboard(handle, live.body.dashboard, 'elsewhere');

    const inPlace = await plan(handle, work);
    expect(inPlace.all).toContain('Plan: 0 to create, 0 to update, 1 to move, 0 to delete, 0 unchanged.');
    expect(inPlace.drift).toEqual([expect.stringMatching(/^ {2}! drift: classic "Classic" /)]);

    await addOpsFolder(null, work);
    await git(work, 'mv', 'dashboards/shop/classic.json', 'dashboards/ops/classic.json');
    await commitAll(work, 'move to ops');
    expect((await plan(handle, work)).drift).toEqual([expect.stringMatching(/^ {2}! drift: classic "Classic" /)]);
  });
});

describe.each(['11.2', '12'] as const)('library panels after a bootstrap pull on Grafana %s (drift judged by login)', (grafanaVersion) => {
  /** A person (an Editor's token) makes a library panel in Grafana; a dashboard uses it; pull and commit. */
  async function bootstrapLibrary() {
    const handle = await startTestSandbox({ grafanaVersion });
    const shop = await createFolder(handle, { uid: 'shop', title: 'Shop' });
    const person = bearerHeaders(await handle.createToken('Editor'));
    const created = await apiRequest(handle, 'POST', '/api/library-elements', { uid: 'lp-cpu', name: 'CPU usage', kind: 1, folderUid: shop, model: { type: 'stat', title: 'CPU' } }, person);
    expect(created.status, created.text).toBe(200);
    await saveDashboard(handle, { uid: 'uses', title: 'Uses', panels: [libraryPanelRef(1, 'lp-cpu')] }, shop);
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    await commitAll(work, 'bootstrap pull');
    const library = (await walkFiles(join(work, 'dashboards'))).map((file) => file.path).filter((path) => path.includes('_library/'));
    expect(library).toHaveLength(1);
    return { handle, work, file: join(work, 'dashboards', library[0]!) };
  }

  const libraryDrift = (out: string[]) => out.filter((line) => line.includes('drift: library panel'));
  const editPanel = async (file: string) => writeFile(file, (await readFile(file, 'utf8')).replace('"title": "CPU"', '"title": "CPU, from git"'));

  it('pull → commit → edit the file → plan: the update, no drift warning (git holds what Grafana has); without git, the warning', async () => {
    const { handle, work, file } = await bootstrapLibrary();
    await editPanel(file);

    const held = await plan(handle, work);
    expect(held.all).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged. Library panels: 1 to update.');
    expect(libraryDrift(held.all)).toEqual([]);

    await rm(join(work, '.git'), { recursive: true, force: true });
    expect(libraryDrift((await plan(handle, work)).all)).toEqual([expect.stringMatching(/drift: library panel lp-cpu "CPU usage" was last changed in Grafana by sa-\S+ /)]);
  });

  it('renamed in _library/ and committed with the edit: still held; an edit made in Grafana since is drift', async () => {
    const { handle, work, file } = await bootstrapLibrary();
    const renamed = join(work, 'dashboards', 'shop', '_library', 'cpu-usage-renamed.json');
    await git(work, 'mv', file, renamed);
    await editPanel(renamed);
    await commitAll(work, 'rename and edit');

    expect(libraryDrift((await plan(handle, work)).all)).toEqual([]);

    const person = bearerHeaders(await handle.createToken('Editor'));
    const live = (await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu')).body.result;
    const edit = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.version, model: { ...live.model, title: 'CPU from the UI' } }, person);
    expect(edit.status, edit.text).toBe(200);
    expect(libraryDrift((await plan(handle, work)).all)).toEqual([expect.stringMatching(/drift: library panel lp-cpu /)]);
  });
});

