import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pasteInShell } from '../helpers/paste-in-shell.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, deleteDashboardForGood, deleteInGrafana, git, GRAFANA_VERSIONS, libraryPanelRef, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(() => true, () => false);
}

describe.each(GRAFANA_VERSIONS)('pull --prune and _library/ files whose panel is gone from Grafana (Grafana %s)', (grafanaVersion) => {
  // Where no "Recently deleted" can be read (11.2 without its toggle, 12 on legacy storage), a deleted line says what was not known.
  const unknownOnLegacy = grafanaVersion === '13' ? '' : '; whether this Grafana ever held it is not known: see the note';
  it('lists them as only in git; --prune deletes those git holds and nothing uses, in the scope of the pull, and keeps the others with the reason', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    await createFolder(handle, { uid: 'ops', title: 'Ops' });
    await createFolder(handle, { uid: 'shared', title: 'Shared' });
    for (const [uid, folderUid] of [['lp-cpu', 'shared'], ['lp-extra', 'shared'], ['lp-old', '']] as const) await createLibraryPanel(handle, uid, folderUid);
    await saveDashboard(handle, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-cpu'), libraryPanelRef(2, 'lp-old')] }, 'ops');
    await saveDashboard(handle, { uid: 'extra', title: 'Extra', panels: [libraryPanelRef(1, 'lp-extra')] }, 'ops');
    const work = await makeWorkDir();
    const tree = join(work, 'dashboards');
    // A repository first: the pull records the panels it writes (git's directory), which tells prune this Grafana held them.
    await git(work, 'init', '-q');
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    // A panel committed for a dashboard not applied yet, and a panel file not committed yet: neither is in Grafana.
    await writeFile(join(tree, '_library/draft-panel.json'), text({ uid: 'lp-draft', name: 'Draft panel', kind: 1, model: { type: 'stat', title: 'draft' } }));
    await commitAll(work);
    await writeFile(join(tree, 'draft.json'), text({ uid: 'draft', title: 'Draft', panels: [libraryPanelRef(1, 'lp-draft')], schemaVersion: 39 }));
    await writeFile(join(tree, '_library/new-panel.json'), text({ uid: 'lp-new', name: 'New panel', kind: 1, model: { type: 'stat', title: 'new' } }));
    // In Grafana: lp-old unlinked from node and deleted; dashboard extra deleted, then its panel.
    await saveDashboard(handle, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-cpu')] }, 'ops');
    await deleteInGrafana(handle, '/api/library-elements/lp-old');
    await deleteDashboardForGood(handle, 'extra');
    await deleteInGrafana(handle, '/api/library-elements/lp-extra');

    const listed = await dashsync(handle, work, ['pull', '--dry-run']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(lines(listed.stdout)).toEqual([
      'would update  dashboards/ops/node.json',
      'only in git   dashboards/_library/draft-panel.json (library panel lp-draft is not in Grafana; dashboard draft in the tree still uses it: --prune keeps it, and apply creates the panel again)',
      'only in git   dashboards/_library/new-panel.json (library panel lp-new is not in Grafana)',
      'only in git   dashboards/_library/panel-lp-old.json (library panel lp-old is not in Grafana)',
      'only in git   dashboards/draft.json (uid draft is not in Grafana)',
      'only in git   dashboards/ops/extra.json (uid extra is not in Grafana)',
      'only in git   dashboards/shared/_library/panel-lp-extra.json (library panel lp-extra is not in Grafana)',
      '5 files only in git: their dashboards or library panels are not in Grafana. Deleted there: dashsync pull --prune deletes the files (git keeps them); new ones not applied yet: dashsync apply creates them.',
      'Pull (dry run, nothing written): 0 to create, 1 to update, 0 to move, 0 unchanged, 0 to delete, 6 only in git. Library panels: 1 unchanged.',
    ]);

    // --folder ops answers for ops only: extra.json goes, its panel (in folder shared) and lp-old (General) stay.
    const ops = await dashsync(handle, work, ['pull', '--folder', 'ops', '--prune']);
    expect(ops.code, ops.stderr).toBe(0);
    expect(lines(ops.stdout)).toEqual([
      'Deleting 1 file whose dashboard is not in Grafana:',
      '  dashboards/ops/extra.json (uid extra)',
      'updated  dashboards/ops/node.json',
      `deleted  dashboards/ops/extra.json (uid extra is not in Grafana${unknownOnLegacy})`,
      'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 1 deleted. Library panels: 1 unchanged.',
    ]);
    expect(await exists(join(tree, 'shared/_library/panel-lp-extra.json'))).toBe(true);

    const dryRun = await dashsync(handle, work, ['pull', '--prune', '--dry-run']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    // One list: the report's `would delete` lines (no list ahead of them as a real run prints).
    expect(lines(dryRun.stdout).filter((line) => line.includes('lp-old') || line.includes('lp-extra'))).toEqual([
      'would delete  dashboards/_library/panel-lp-old.json (library panel lp-old is not in Grafana)',
      'would delete  dashboards/shared/_library/panel-lp-extra.json (library panel lp-extra is not in Grafana)',
    ]);
    expect(lines(dryRun.stdout).at(-1)).toBe('Pull (dry run, nothing written): 0 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete, 1 kept. Library panels: 1 unchanged, 2 to delete, 2 kept.');
    expect(await exists(join(tree, '_library/panel-lp-old.json'))).toBe(true);

    const pruned = await dashsync(handle, work, ['pull', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toEqual([
      'Deleting 2 files whose library panels are not in Grafana:',
      '  dashboards/_library/panel-lp-old.json (library panel lp-old)',
      '  dashboards/shared/_library/panel-lp-extra.json (library panel lp-extra)',
      'kept     dashboards/_library/draft-panel.json: library panel lp-draft is not in Grafana, but dashboard draft in the tree still uses it (without this file check reports library-panel-missing; apply creates the panel again): not deleted',
      'kept     dashboards/_library/new-panel.json: library panel lp-new is not in Grafana, but it is not committed in git (a new library panel not applied yet?): not deleted',
      'kept     dashboards/draft.json: uid draft is not in Grafana, but it is not committed in git (a new dashboard not applied yet?): not deleted',
      'deleted  dashboards/_library/panel-lp-old.json (library panel lp-old is not in Grafana)',
      'deleted  dashboards/shared/_library/panel-lp-extra.json (library panel lp-extra is not in Grafana)',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 kept. Library panels: 1 unchanged, 2 deleted, 2 kept.',
    ]);
    expect((await walkFiles(tree)).map((file) => file.path)).toEqual([
      '_library/draft-panel.json',
      '_library/new-panel.json',
      'draft.json',
      'ops/_folder.json',
      'ops/node.json',
      'shared/_folder.json',
      'shared/_library/panel-lp-cpu.json',
    ]);
    // The tree stays valid: every reference has its panel.
    const check = await dashsync(handle, work, ['check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});

describe('pull --prune and library panel files it cannot be sure of (Grafana 13)', () => {
  it('a panel that only a deleted dashboard used goes with it; one whose folder the token cannot read is kept, as pull cannot tell', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await createFolder(handle, { uid: 'old', title: 'Old' });
    await createFolder(handle, { uid: 'secret', title: 'Secret' });
    await createLibraryPanel(handle, 'lp-old', 'old');
    await createLibraryPanel(handle, 'lp-secret', 'secret');
    await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [libraryPanelRef(1, 'lp-secret')] });
    await saveDashboard(handle, { uid: 'legacy', title: 'Legacy', panels: [libraryPanelRef(1, 'lp-old')] }, 'old');
    const work = await makeWorkDir();
    const tree = join(work, 'dashboards');
    await git(work, 'init', '-q');
    expect((await dashsync(handle, work, ['pull', '--api', 'legacy'])).code).toBe(0);
    await commitAll(work);
    // Folder old is deleted with its dashboard and panel; lp-secret is unlinked and deleted, and its folder becomes unreadable.
    await deleteInGrafana(handle, '/api/dashboards/uid/legacy');
    await deleteInGrafana(handle, '/api/folders/old');
    await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [] });
    await deleteInGrafana(handle, '/api/library-elements/lp-secret');
    // The sandbox has roles, not per-folder rights: the index leaves the folder out and reading it is refused.
    handle.setFaults({ searchMisses: ['secret'], pathPrefix: '/api/folders/secret', errorRate: 1, errorStatus: 403 });

    const listed = await dashsync(handle, work, ['pull', '--api', 'legacy']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(
      'note: dashboards/secret/_library/panel-lp-secret.json: library panel lp-secret is not among the library panels these credentials can see, and its folder secret cannot be read with them: pull cannot tell whether it is gone; file left as it is\n',
    );
    expect(listed.stdout).not.toContain('panel-lp-secret.json');
    await commitAll(work);

    const pruned = await dashsync(handle, work, ['pull', '--api', 'legacy', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toEqual([
      'Deleting 2 files whose dashboards or library panels are not in Grafana:',
      '  dashboards/old/legacy.json (uid legacy)',
      '  dashboards/old/_library/panel-lp-old.json (library panel lp-old)',
      'kept     dashboards/secret/_library/panel-lp-secret.json: library panel lp-secret is not among the library panels these credentials can see, and its folder secret cannot be read with them: pull cannot tell whether it is gone; not deleted',
      'deleted  dashboards/old/_library/panel-lp-old.json (library panel lp-old is not in Grafana)',
      // Through /api, "Recently deleted" is not read: said on the line.
      'deleted  dashboards/old/legacy.json (uid legacy is not in Grafana; whether this Grafana ever held it is not known: see the note)',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 1 deleted. Library panels: 1 deleted, 1 kept.',
    ]);
    expect(await exists(join(tree, 'secret/_library/panel-lp-secret.json'))).toBe(true);

    // Readable again (and gone): now it is deleted like any other.
    handle.setFaults(undefined);
    const again = await dashsync(handle, work, ['pull', '--api', 'legacy', '--prune']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('deleted  dashboards/secret/_library/panel-lp-secret.json (library panel lp-secret is not in Grafana)');
  });

  it('keeps a panel that a dashboard file with errors names (a merge conflict left in it): pull leaves that file, so the panel stays too; and one this Grafana never held (fixl-73)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const work = await makeWorkDir();
    const tree = join(work, 'dashboards');
    await mkdir(join(tree, '_library'), { recursive: true });
    await writeFile(join(tree, '_library/conflicted-panel.json'), text({ uid: 'lp-conflicted', name: 'Conflicted', kind: 1, model: { type: 'stat', title: 'c' } }));
    await writeFile(join(tree, '_library/unused-panel.json'), text({ uid: 'lp-unused', name: 'Unused', kind: 1, model: { type: 'stat', title: 'u' } }));
    const panel = '    { "id": 1, "gridPos": { "x": 0, "y": 0, "w": 12, "h": 8 }, "libraryPanel": { "uid": "lp-conflicted", "name": "Conflicted" } }';
    await writeFile(join(tree, 'broken.json'), `{\n  "uid": "broken",\n<<<<<<< HEAD\n  "title": "Mine",\n=======\n  "title": "Theirs",\n>>>>>>> other\n  "panels": [\n${panel}\n  ]\n}\n`);
    await commitAll(work);

    const pruned = await dashsync(handle, work, ['pull', '--prune']);

    expect(pruned.code, pruned.stderr).toBe(0);
    // lp-unused is a file new in git no pull or apply saw in this Grafana (which lists no dashboard at all): the user's work.
    const added = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    expect(lines(pruned.stdout)).toEqual([
      'kept  dashboards/_library/conflicted-panel.json: library panel lp-conflicted is not in Grafana, but dashboard broken in the tree still uses it (without this file check reports library-panel-missing; apply creates the panel again): not deleted',
      `kept  dashboards/_library/unused-panel.json: library panel lp-unused is not in Grafana, but commit ${added} added it and this Grafana never held it as far as dashsync can tell ` +
        '(no pull or apply in this clone recorded it there, no backup of it; Grafana keeps no "Recently deleted" of library panels): a create not applied here yet; not deleted. ' +
        'dashsync plan shows its create, dashsync apply makes it. ' +
        'If a pull wrote it and its panel was deleted from this Grafana since (a pull in another clone, or one made before git init by a dashsync that recorded none outside git: ' +
        `this clone's record holds neither), git rm dashboards/_library/unused-panel.json`,
      'Pull: 0 created, 0 updated, 0 moved, 0 unchanged, 0 deleted. Library panels: 2 kept.',
    ]);
    expect(pruned.stderr).toContain('dashboards/broken.json');
    expect(await exists(join(tree, 'broken.json'))).toBe(true);
  });
});

// fixw-72 left: a lone `_library/` file new in git (committed, never applied here, no dashboard using it) was pruned, with a
// note that whether Grafana ever held it is not known. Grafana keeps no "Recently deleted" of library panels; the record of
// this clone's pulls and applies says which panels it held.
describe.each(['12', '13'] as const)('pull --prune and a `_library/` file new in git (fixl-73, Grafana %s)', (grafanaVersion) => {
  it('keeps one no pull or apply in this clone saw in this Grafana, saying so, until --force; deletes one an apply from this clone made that is gone since', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const work = await makeWorkDir();
    const tree = join(work, 'dashboards');
    await mkdir(join(tree, '_library'), { recursive: true });
    await writeFile(join(tree, 'node.json'), text({ uid: 'node', title: 'Node', schemaVersion: 39, panels: [] }));
    await writeFile(join(tree, '_library/applied-panel.json'), text({ uid: 'lp-applied', name: 'Applied', kind: 1, model: { type: 'stat', title: 'a' } }));
    await commitAll(work, 'node and a panel');
    const applied = await dashsync(handle, work, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    await writeFile(join(tree, '_library/lone-panel.json'), text({ uid: 'lp-lone', name: 'Lone', kind: 1, model: { type: 'stat', title: 'l' } }));
    await commitAll(work, 'a panel no dashboard uses yet');
    const added = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await deleteInGrafana(handle, '/api/library-elements/lp-applied');

    const pruned = await dashsync(handle, work, ['pull', '--prune']);

    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toEqual([
      'Deleting 1 file whose library panel is not in Grafana:',
      '  dashboards/_library/applied-panel.json (library panel lp-applied)',
      `kept     dashboards/_library/lone-panel.json: library panel lp-lone is not in Grafana, but commit ${added} added it and this Grafana never held it as far as dashsync can tell ` +
        '(no pull or apply in this clone recorded it there, no backup of it; Grafana keeps no "Recently deleted" of library panels): a create not applied here yet; not deleted. ' +
        'dashsync plan shows its create, dashsync apply makes it. ' +
        'If a pull wrote it and its panel was deleted from this Grafana since (a pull in another clone, or one made before git init by a dashsync that recorded none outside git: ' +
        `this clone's record holds neither), git rm dashboards/_library/lone-panel.json`,
      'deleted  dashboards/_library/applied-panel.json (library panel lp-applied is not in Grafana)',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted. Library panels: 1 deleted, 1 kept.',
    ]);
    expect(pruned.stderr).toBe('');
    expect(await exists(join(tree, '_library/lone-panel.json'))).toBe(true);

    // Asked for: --force deletes it (git keeps it).
    const forced = await dashsync(handle, work, ['pull', '--prune', '--force']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(lines(forced.stdout)).toContain('deleted  dashboards/_library/lone-panel.json (library panel lp-lone is not in Grafana)');
    expect(await exists(join(tree, '_library/lone-panel.json'))).toBe(false);
  });
});

// fixl-73 left: a tree pulled before `git init` had no record (it lives in git's directory), so `pull --prune` kept, as a
// create not applied yet, the file of a panel deleted in Grafana before any pull with git recorded it. Outside git the
// record is kept in .dashsync/library-pulls/ and read beside git's once git holds the tree.
describe.each(['12', '13'] as const)('pull --prune after a bootstrap pull made before git init (fixl-74, Grafana %s)', (grafanaVersion) => {
  it('deletes the file of a panel deleted in Grafana since; where no record holds it (an older bootstrap), keeps it, naming the git rm that pasted deletes it', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    for (const uid of ['lp-gone', 'lp-stays']) await createLibraryPanel(handle, uid, '');
    await saveDashboard(handle, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-stays')] });
    const work = await makeWorkDir();
    const gone = 'dashboards/_library/panel-lp-gone.json';
    const bootstrap = await dashsync(handle, work, ['pull']);
    expect(bootstrap.code, bootstrap.stdout + bootstrap.stderr).toBe(0);
    expect(await exists(join(work, gone))).toBe(true);
    await writeFile(join(work, '.gitignore'), '.dashsync/\n');
    await commitAll(work, 'bootstrap');
    const added = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await deleteInGrafana(handle, '/api/library-elements/lp-gone');

    const pruned = await dashsync(handle, work, ['pull', '--prune']);

    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toContain(`deleted  ${gone} (library panel lp-gone is not in Grafana)`);
    expect(await exists(join(work, gone))).toBe(false);

    // A tree bootstrapped so by a dashsync that kept no record outside git: nothing tells the pull's file from one new in git,
    // so it is kept, and its line says why and what deletes it (here under prune "all": the plan to review named once).
    await git(work, 'checkout', '--', gone);
    await rm(join(work, 'dashboards/.dashsync/library-pulls'), { recursive: true });
    await writeFile(join(work, 'dashsync.config.json'), text({ prune: 'all' }));
    await commitAll(work, 'prune all');
    const kept = await dashsync(handle, work, ['pull', '--prune']);
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
    const line = lines(kept.stdout).find((each) => each.startsWith('kept'));
    expect(line).toBe(
      `kept  ${gone}: library panel lp-gone is not in Grafana, but commit ${added} added it and this Grafana never held it as far as dashsync can tell ` +
        '(no pull or apply in this clone recorded it there, no backup of it; Grafana keeps no "Recently deleted" of library panels): a create not applied here yet; not deleted. ' +
        'dashsync plan --out plan.json shows its create; review it (prune "all" deletes whatever no file of the tree holds, dashboards made in Grafana included: it lists each), then dashsync apply plan.json makes it. ' +
        'If a pull wrote it and its panel was deleted from this Grafana since (a pull in another clone, or one made before git init by a dashsync that recorded none outside git: ' +
        `this clone's record holds neither), git rm ${gone}`,
    );
    const removed = await pasteInShell(handle, work, /git rm \S+$/.exec(line!)![0]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await exists(join(work, gone))).toBe(false);
  });
});
