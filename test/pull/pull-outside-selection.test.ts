import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, deleteDashboardForGood, deleteInGrafana, libraryPanelRef, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const text = (model: unknown) => `${JSON.stringify(model, null, 2)}\n`;
const dashboard = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });
const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * dashboards/{api,ui-v2,old,staging-only}.json, applied and committed; then in Grafana api and
 * ui-v2 are edited (production's copies) and old and staging-only are deleted. `config` is then
 * written and committed.
 */
async function treeWithConfig(config: Record<string, unknown>) {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  for (const [uid, title] of [['api', 'API'], ['ui-v2', 'UI v2'], ['old', 'Old'], ['staging-only', 'Staging only']] as const) {
    await writeFile(join(work, `dashboards/${uid}.json`), text(dashboard(uid, title)));
  }
  await commitAll(work);
  const apply = await dashsync(handle, work, ['apply']);
  expect(apply.code, apply.stderr).toBe(0);
  await saveDashboard(handle, dashboard('api', 'API, edited in production'));
  await saveDashboard(handle, dashboard('ui-v2', 'UI v2, production\'s copy'));
  await deleteDashboardForGood(handle, 'old');
  await deleteDashboardForGood(handle, 'staging-only');
  await writeFile(join(work, 'dashsync.config.json'), JSON.stringify(config));
  await commitAll(work);
  return { handle, work };
}

const ENVIRONMENTS = {
  environments: {
    production: { exclude: ['ui-v2.json', 'staging-only.json'] },
    staging: { include: ['ui-v2.json', 'staging-only.json'] },
  },
};

describe('dashsync pull and the files outside include/exclude (another environment\'s, another shard\'s)', () => {
  it('an environment\'s exclude: its files are neither overwritten, listed as only in git nor pruned; the selected ones are pulled and pruned as before', async () => {
    const { handle, work } = await treeWithConfig(ENVIRONMENTS);
    const stagingCopy = await readFile(join(work, 'dashboards/ui-v2.json'), 'utf8');
    // Without flags the staging file's dashboard is another run's: counted, not listed (--all lists it).
    const notConsidered = 'Pull with --all to list it.';
    const counted = `1 live dashboard not considered: its file is, or would be, outside this run's selection (environment "production"'s exclude in dashsync.config.json). ${notConsidered}`;
    const skipped = 'skipped ui-v2 "UI v2, production\'s copy": dashboards/ui-v2.json is excluded by environment "production"\'s exclude in dashsync.config.json';

    const pulled = await dashsync(handle, work, ['pull', '--env', 'production']);

    expect(pulled.stderr).toBe('');
    expect(lines(pulled.stdout)).toEqual([
      `dashsync pull for environment production: ${handle.url}`,
      'updated      dashboards/api.json',
      'only in git  dashboards/old.json (uid old is not in Grafana)',
      counted,
      '1 file only in git: its dashboard is not in Grafana. Deleted there: dashsync pull --env production --prune deletes the file (git keeps it); new, not applied yet: dashsync apply --env production creates it.',
      'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted, 1 only in git.',
    ]);
    expect(pulled.code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'dashboards/api.json'), 'utf8')).title).toBe('API, edited in production');
    expect(await readFile(join(work, 'dashboards/ui-v2.json'), 'utf8')).toBe(stagingCopy);
    await commitAll(work);

    const dryRun = await dashsync(handle, work, ['pull', '--env', 'production', '--prune', '--dry-run']);

    expect(lines(dryRun.stdout)).toEqual([
      `dashsync pull for environment production: ${handle.url}`,
      'would delete  dashboards/old.json (uid old is not in Grafana; whether this Grafana ever held it is not known: see the note)',
      counted,
      'Pull (dry run, nothing written): 0 to create, 0 to update, 0 to move, 1 unchanged, 1 to delete.',
    ]);
    expect(dryRun.code).toBe(0);
    const all = await dashsync(handle, work, ['pull', '--env', 'production', '--all', '--dry-run']);
    expect(lines(all.stdout)).toContain(skipped);

    const pruned = await dashsync(handle, work, ['pull', '--env', 'production', '--prune']);

    expect(pruned.code, pruned.stderr).toBe(0);
    expect(await exists(join(work, 'dashboards/old.json'))).toBe(false);
    expect(await exists(join(work, 'dashboards/staging-only.json'))).toBe(true);
    expect(await readFile(join(work, 'dashboards/ui-v2.json'), 'utf8')).toBe(stagingCopy);
  });

  it('a top-level include: the files it leaves out are left alone the same way, named with the include', async () => {
    const { handle, work } = await treeWithConfig({ include: ['api.json', 'old.json'] });

    const pulled = await dashsync(handle, work, ['pull', '--prune']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).slice(-2)).toEqual([
      '1 live dashboard not considered: its file is, or would be, outside this run\'s selection (the "include" of dashsync.config.json). Pull with --all to list it.',
      'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 1 deleted.',
    ]);
    expect(await exists(join(work, 'dashboards/old.json'))).toBe(false);
    expect(await exists(join(work, 'dashboards/staging-only.json'))).toBe(true);
    expect(JSON.parse(await readFile(join(work, 'dashboards/ui-v2.json'), 'utf8')).title).toBe('UI v2');
  });
});

describe('dashsync pull and the files it would write outside include/exclude', () => {
  it('a new dashboard whose file the selection leaves out is not written, nor is a move there made: a skipped line, and a note for the file kept in place', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashboards/api.json'), text(dashboard('api', 'API')));
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ environments: { production: { exclude: ['staging'] }, staging: { include: ['staging'] } } }));
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply', '--env', 'production'])).code).toBe(0);
    const ours = await readFile(join(work, 'dashboards/api.json'), 'utf8');
    const staging = await createFolder(handle, { uid: 'staging', title: 'Staging' });
    await saveDashboard(handle, dashboard('canary', 'Canary'), staging);
    await saveDashboard(handle, dashboard('home', 'Home'));
    await saveDashboard(handle, dashboard('api', 'API'), staging);
    const from = 'environment "production"\'s exclude in dashsync.config.json';

    for (const args of [['--all'], ['--folder', 'staging,general']]) {
      const pulled = await dashsync(handle, work, ['pull', '--env', 'production', '--dry-run', ...args]);

      expect(lines(pulled.stderr)).toEqual([
        `note: api "API" is in folder "Staging" (staging) in Grafana, whose directory dashboards/staging is not this run's (a file there is excluded by ${from}): ` +
          "not moved; dashboards/api.json keeps its place and takes Grafana's content, and the next apply puts the dashboard back in General",
      ]);
      expect(lines(pulled.stdout)).toEqual([
        `dashsync pull for environment production: ${handle.url}`,
        'would create  dashboards/home.json',
        `skipped canary "Canary": not written: its file would be dashboards/staging/canary.json, which is excluded by ${from}, so no run with this selection would read it. To pull it, make that list select dashboards/staging/canary.json (or pull it in the run whose selection does)`,
        'Pull (dry run, nothing written): 1 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete, 1 skipped (outside include/exclude).',
      ]);
      expect(pulled.code).toBe(0);
    }

    const pulled = await dashsync(handle, work, ['pull', '--env', 'production', '--all']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).at(-1)).toBe('Pull: 1 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 skipped (outside include/exclude).');
    expect(await exists(join(work, 'dashboards/staging'))).toBe(false);
    expect(await readFile(join(work, 'dashboards/api.json'), 'utf8')).toBe(ours);

    const stagingPull = await dashsync(handle, work, ['pull', '--env', 'staging', '--folder', 'staging']);

    expect(stagingPull.code, stagingPull.stderr).toBe(0);
    expect(lines(stagingPull.stdout)).toContain('created  dashboards/staging/canary.json');
  });
});

describe('dashsync pull and the _library/ files outside include/exclude', () => {
  it('a library panel whose file the exclude leaves out is skipped with a line; a gone one there is neither listed nor pruned', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    await createLibraryPanel(handle, 'lp-live', '');
    await createLibraryPanel(handle, 'lp-gone', '');
    await saveDashboard(handle, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-live'), libraryPanelRef(2, 'lp-gone')] });
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    const livePanelFile = join(work, 'dashboards/_library/panel-lp-live.json');
    const ours = await readFile(livePanelFile, 'utf8');
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ exclude: ['_library/**'] }));
    await commitAll(work);
    await saveDashboard(handle, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-live')] });
    await deleteInGrafana(handle, '/api/library-elements/lp-gone');
    const live = await apiRequest(handle, 'GET', '/api/library-elements/lp-live');
    const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-live', { kind: 1, version: live.body.result.version, model: { type: 'stat', title: 'edited in the UI' } });
    expect(patched.status, patched.text).toBe(200);

    const pulled = await dashsync(handle, work, ['pull', '--prune']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual([
      'updated  dashboards/node.json',
      'skipped library panel lp-live "Panel lp-live": dashboards/_library/panel-lp-live.json is excluded by the "exclude" of dashsync.config.json',
      'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted, 1 skipped (outside include/exclude).',
    ]);
    expect(await readFile(livePanelFile, 'utf8')).toBe(ours);
    expect(await exists(join(work, 'dashboards/_library/panel-lp-gone.json'))).toBe(true);
  });
});
