import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, commitChange, createLibraryPanel, dashsync, deleteInGrafana, git, libraryPanelRef, lines, makeWorkDir, sandboxBootstrapped, saveDashboard } from './pull-fixture.js';

// Several CLI runs against a sandbox a test.
vi.setConfig({ testTimeout: 180_000 });

// fixl-74 left: the record of library panel pulls made outside git was found from the working directory, so a pull run from
// another directory (`--root ../dashboards`) neither wrote nor read the one a later run from the project read. It is the
// tree's now (`<root>/.dashsync/library-pulls/`), and one an older dashsync left in the working directory is still read.
describe("the record of library panel pulls made before git init is the tree's (fixl-75)", () => {
  it('a bootstrap pull run from another directory records in the tree, which a pull --prune from the project reads; a record an older dashsync left in the working directory still counts', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    for (const uid of ['lp-gone', 'lp-old', 'lp-stays']) await createLibraryPanel(handle, uid, '');
    await saveDashboard(handle, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-stays')] });
    const project = await makeWorkDir();
    const elsewhere = await makeWorkDir();

    const bootstrap = await dashsync(handle, elsewhere, ['pull', '--root', join(project, 'dashboards')]);

    expect(bootstrap.code, bootstrap.stdout + bootstrap.stderr).toBe(0);
    expect((await readdir(join(project, 'dashboards/.dashsync/library-pulls'))).sort()).toEqual(['lp-gone.json', 'lp-old.json', 'lp-stays.json']);
    expect(await readdir(elsewhere)).toEqual([]);
    // What an older dashsync run in the project's directory left: lp-old's record there.
    await mkdir(join(project, '.dashsync/library-pulls'), { recursive: true });
    await rename(join(project, 'dashboards/.dashsync/library-pulls/lp-old.json'), join(project, '.dashsync/library-pulls/lp-old.json'));
    // The README's line keeps both out of git: `.dashsync/` at any depth.
    await writeFile(join(project, '.gitignore'), '.dashsync/\n');
    await commitAll(project, 'bootstrap');
    expect(await git(project, 'ls-files')).not.toContain('.dashsync/');
    for (const uid of ['lp-gone', 'lp-old']) await deleteInGrafana(handle, `/api/library-elements/${uid}`);

    const pruned = await dashsync(handle, project, ['pull', '--prune']);

    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect(lines(pruned.stdout).filter((line) => line.startsWith('deleted'))).toEqual([
      'deleted  dashboards/_library/panel-lp-gone.json (library panel lp-gone is not in Grafana)',
      'deleted  dashboards/_library/panel-lp-old.json (library panel lp-old is not in Grafana)',
    ]);
    expect(existsSync(join(project, 'dashboards/_library/panel-lp-stays.json'))).toBe(true);
    // The older record is read, not moved or written.
    expect(await readdir(join(project, '.dashsync/library-pulls'))).toEqual(['lp-old.json']);
  });

  it('an apply run from another directory on a tree outside git records its panel push in the tree too, which a pull --prune from the project reads', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const project = await makeWorkDir();
    const elsewhere = await makeWorkDir();
    const panelFile = 'dashboards/_library/applied-panel.json';
    await mkdir(join(project, 'dashboards/_library'), { recursive: true });
    await writeFile(join(project, panelFile), `${JSON.stringify({ uid: 'lp-applied', name: 'Applied', kind: 1, model: { type: 'stat', title: 'a' } }, null, 2)}\n`);
    await writeFile(join(project, 'dashboards/node.json'), `${JSON.stringify({ uid: 'node', title: 'Node', schemaVersion: 39, panels: [] }, null, 2)}\n`);

    const applied = await dashsync(handle, elsewhere, ['apply', '--auto-approve', '--root', join(project, 'dashboards')]);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await readdir(join(project, 'dashboards/.dashsync/library-pulls'))).toEqual(['lp-applied.json']);
    expect(existsSync(join(elsewhere, '.dashsync/library-pulls'))).toBe(false);
    await writeFile(join(project, '.gitignore'), '.dashsync/\n');
    await commitAll(project, 'the tree as applied');
    await deleteInGrafana(handle, '/api/library-elements/lp-applied');

    const pruned = await dashsync(handle, project, ['pull', '--prune']);

    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toContain(`deleted  ${panelFile} (library panel lp-applied is not in Grafana)`);
  });

  // fixl-74 left: the refusal of an unaccounted `_library/` change named only git's record.
  it('a refused `_library/` change names each record pull read, the one outside git and the former one too, as seen from where pull runs', async () => {
    const model = { type: 'stat', title: 'cpu', description: '' };
    const { handle, dir } = await sandboxBootstrapped('12', (made) => made('/api/library-elements', { uid: 'lp-cpu', name: 'CPU', kind: 1, folderUid: '', model }));
    const file = 'dashboards/_library/cpu.json';
    // The bootstrap ran outside git: its record is the tree's, which the bootstrap's commit took (no .gitignore in this test).
    expect(await readdir(join(dir, 'dashboards/.dashsync/library-pulls'))).toEqual(['lp-cpu.json']);
    await mkdir(join(dir, '.dashsync/library-pulls'), { recursive: true });
    await commitChange(dir, file, '"title": "cpu"', '"title": "cpu (reviewed)"');
    const live = (await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu')).body.result;
    const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.version, model: { ...live.model, description: 'edited in the UI' } }, bearerHeaders(await handle.createToken('Editor')));
    expect(patched.status, patched.text).toBe(200);

    const refused = await dashsync(handle, dir, ['pull', 'lp-cpu']);

    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(lines(refused.stdout).find((line) => line.startsWith('refused'))).toContain(
      'no pull or apply in this clone took that content from this Grafana, pushed it there or found it there (its record: .git/dashsync/library-pulls/, dashboards/.dashsync/library-pulls/ and .dashsync/library-pulls/). ',
    );
    // From inside the tree: git's and the tree's, as seen from there (the project's directory is no working directory of this run).
    const fromTree = await dashsync(handle, join(dir, 'dashboards'), ['pull', '--root', '.', 'lp-cpu']);
    expect(fromTree.code, fromTree.stdout + fromTree.stderr).toBe(1);
    expect(fromTree.stdout).toContain('(its record: ../.git/dashsync/library-pulls/ and .dashsync/library-pulls/). ');
    expect(JSON.parse(await readFile(join(dir, file), 'utf8')).model.title).toBe('cpu (reviewed)');
  });
});
