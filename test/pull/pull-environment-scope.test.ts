import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, git, libraryPanelRef, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const dashboard = (uid: string, title: string, panels: unknown[] = []) => ({ uid, title, panels, schemaVersion: 39 });
const INCLUDE = '(environment "production"\'s include in dashsync.config.json)';

/**
 * One Grafana, two environments: production's folder (api, checkout) and staging's (canary, web,
 * which uses staging's library panel), pulled into one tree and committed, each environment
 * including its own directory. Then in Grafana: production's api and staging's web are edited,
 * staging gets a new dashboard, its folder a new title and its library panel an edit, and
 * production's checkout is moved into staging's folder.
 */
async function twoEnvironments(): Promise<{ handle: SandboxHandle; work: string }> {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const production = await createFolder(handle, { uid: 'production', title: 'Production' });
  const staging = await createFolder(handle, { uid: 'staging', title: 'Staging' });
  await createLibraryPanel(handle, 'lp-staging', staging);
  await saveDashboard(handle, dashboard('api', 'API'), production);
  await saveDashboard(handle, dashboard('checkout', 'Checkout'), production);
  await saveDashboard(handle, dashboard('canary', 'Canary'), staging);
  await saveDashboard(handle, dashboard('web', 'Web', [libraryPanelRef(1, 'lp-staging')]), staging);
  const work = await makeWorkDir();
  expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
  await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ environments: { production: { include: ['production/**'] }, staging: { include: ['staging/**'] } } }));
  await commitAll(work);

  await saveDashboard(handle, dashboard('api', 'API, edited in production'), production);
  await saveDashboard(handle, dashboard('web', 'Web, edited in staging', [libraryPanelRef(1, 'lp-staging')]), staging);
  await saveDashboard(handle, dashboard('staging-new', 'Staging new'), staging);
  await saveDashboard(handle, dashboard('checkout', 'Checkout'), staging);
  const renamed = await apiRequest(handle, 'PUT', '/api/folders/staging', { title: 'Staging (renamed)', overwrite: true });
  expect(renamed.status, renamed.text).toBe(200);
  const panel = await apiRequest(handle, 'GET', '/api/library-elements/lp-staging');
  const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-staging', { kind: 1, version: panel.body.result.version, model: { type: 'stat', title: 'edited in staging' } });
  expect(patched.status, patched.text).toBe(200);
  return { handle, work };
}

describe('dashsync pull without flags, with environments sharing one Grafana', () => {
  it("considers only what this environment's selection holds: another environment's dashboards, library panels and folder are not mentioned, only counted on one line", async () => {
    const { handle, work } = await twoEnvironments();
    // checkout's file is production's: it keeps its place (staging's directory is not production's), and says so.
    const moveNote =
      'note: checkout "Checkout" is in folder "Staging (renamed)" (staging) in Grafana, whose directory dashboards/staging is not this run\'s ' +
      '(a file there is not in environment "production"\'s include in dashsync.config.json): not moved; dashboards/production/checkout.json keeps its place ' +
      "and takes Grafana's content, and the next apply puts the dashboard back in the folder of that file's directory";

    const pulled = await dashsync(handle, work, ['pull', '--env', 'production']);

    expect(lines(pulled.stderr)).toEqual([moveNote]);
    expect(lines(pulled.stdout)).toEqual([
      `dashsync pull for environment production: ${handle.url}`,
      'updated  dashboards/production/api.json',
      // web, canary, staging-new, and staging's library panel: each is a skipped line of --all (below).
      `3 live dashboards and 1 library panel not considered: their files are, or would be, outside this run's selection ${INCLUDE}. Pull with --all to list each.`,
      'Pull: 0 created, 1 updated, 0 moved, 1 unchanged, 0 deleted.',
    ]);
    expect(pulled.code).toBe(0);
    // Nothing of staging's was written: not its files, not its renamed folder's _folder.json.
    expect(await git(work, 'status', '--porcelain')).toBe(' M dashboards/production/api.json\n');
    await commitAll(work);

    // --all names each one it leaves out, staging's renamed folder too.
    const all = await dashsync(handle, work, ['pull', '--env', 'production', '--all', '--dry-run']);
    expect(lines(all.stdout).filter((line) => line.startsWith('skipped ')).map((line) => line.split(':')[0])).toEqual([
      'skipped web "Web, edited in staging"',
      'skipped canary "Canary"',
      'skipped library panel lp-staging "Panel lp-staging"',
      'skipped staging-new "Staging new"',
      'skipped folder staging "Staging (renamed)"',
    ]);

    // Staging's own refresh takes its edits, and counts production's two dashboards the same way.
    const stagingPull = await dashsync(handle, work, ['pull', '--env', 'staging']);

    expect(stagingPull.stderr).toBe('');
    const stagingLines = lines(stagingPull.stdout);
    expect(stagingLines).toEqual(expect.arrayContaining([
      'wrote    dashboards/staging/_folder.json: title "Staging" → "Staging (renamed)"',
      'created  dashboards/staging/staging-new.json',
      'updated  dashboards/staging/web.json',
      "2 live dashboards not considered: their files are, or would be, outside this run's selection (environment \"staging\"'s include in dashsync.config.json). Pull with --all to list each.",
    ]));
    expect(stagingLines.filter((line) => line.includes('production/') || line.startsWith('skipped'))).toEqual([]);
    expect(stagingPull.code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'dashboards/staging/_folder.json'), 'utf8')).title).toBe('Staging (renamed)');
  });

  it("--all leaves another environment's _folder.json as it is (it may hold that environment's work), with a skipped line", async () => {
    const { handle, work } = await twoEnvironments();
    // Staging's own work, not applied yet: a new title for its folder.
    const stagingFolderFile = join(work, 'dashboards/staging/_folder.json');
    const proposed = `${JSON.stringify({ title: 'Staging (proposed)', uid: 'staging' }, null, 2)}\n`;
    await writeFile(stagingFolderFile, proposed);

    const pulled = await dashsync(handle, work, ['pull', '--env', 'production', '--all']);

    expect(lines(pulled.stderr).map((line) => line.split(' is in ')[0])).toEqual(['note: checkout "Checkout"']);
    const output = lines(pulled.stdout);
    expect(output).toContain(
      'skipped folder staging "Staging (renamed)": dashboards/staging/_folder.json not written: ' +
        `this run's selection ${INCLUDE} holds no dashboard or library panel file beside or below it, so it is another run's. ` +
        "To update it, pull in the run whose selection holds that directory's files",
    );
    expect(output.filter((line) => line.includes('_folder.json'))).toHaveLength(1);
    expect(output.at(-1)).toBe('Pull: 0 created, 1 updated, 0 moved, 1 unchanged, 0 deleted, 5 skipped (outside include/exclude).');
    expect(pulled.code).toBe(0);
    expect(await readFile(stagingFolderFile, 'utf8')).toBe(proposed);
    expect(await git(work, 'status', '--porcelain')).toBe(' M dashboards/production/api.json\n M dashboards/staging/_folder.json\n');
  });

  it('the no-file hint counts only the dashboards --all writes; those --all would skip are counted as not considered', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const production = await createFolder(handle, { uid: 'production', title: 'Production' });
    const staging = await createFolder(handle, { uid: 'staging', title: 'Staging' });
    await saveDashboard(handle, dashboard('api', 'API'), production);
    await saveDashboard(handle, dashboard('canary', 'Canary'), staging);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    const environments = { production: { exclude: ['staging/**', 'scratch/**'] }, staging: { include: ['staging/**'] } };
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ environments }));
    await commitAll(work);
    // Two dashboards no file holds: root-new's file (dashboards/root-new.json) is production's; scratch-a's (dashboards/scratch/…) is excluded.
    await saveDashboard(handle, dashboard('root-new', 'Root new'));
    await saveDashboard(handle, dashboard('scratch-a', 'Scratch A'), await createFolder(handle, { uid: 'scratch', title: 'scratch' }));
    const EXCLUDE = '(environment "production"\'s exclude in dashsync.config.json)';

    const pulled = await dashsync(handle, work, ['pull', '--env', 'production']);

    expect(pulled.stderr).toBe('');
    expect(lines(pulled.stdout)).toEqual([
      `dashsync pull for environment production: ${handle.url}`,
      // canary (staging's file) and scratch-a (its file would be excluded).
      `2 live dashboards not considered: their files are, or would be, outside this run's selection ${EXCLUDE}. Pull with --all to list each.`,
      "1 dashboard in Grafana has no file in the tree (pull refreshes what the tree holds): root-new \"Root new\". Pull with --all to write them, or --folder <uid> for one folder's.",
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.',
    ]);
    // --all writes exactly the one the hint counts, and lists exactly the two counted as not considered.
    const all = await dashsync(handle, work, ['pull', '--env', 'production', '--all', '--dry-run']);
    const allLines = lines(all.stdout);
    expect(allLines.filter((line) => line.startsWith('would create'))).toEqual(['would create  dashboards/root-new.json']);
    expect(allLines.filter((line) => line.startsWith('skipped ')).map((line) => line.split(':')[0])).toEqual(['skipped canary "Canary"', 'skipped scratch-a "Scratch A"']);
  });
});
