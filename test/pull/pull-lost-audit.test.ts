import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pullDashboards } from '../../src/pull/pull-dashboards.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { closeClients, portFor } from '../integration/grafana/client-fixture.js';
import { apiRequest, bearerHeaders, requestHeld, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, deleteDashboardForGood, libraryPanelRef, makeWorkDir, saveDashboard } from './pull-fixture.js';

// The nothing-lost audit of pull: a file that changes while pull reads Grafana, and a file pull did not write at the
// path it would write. Grafana 12 (/api); what is audited here is pull's own handling of the tree.
const INPUTS = { DS_PROMETHEUS: 'prom-main' };
const text = (model: unknown) => `${JSON.stringify(model, null, 2)}\n`;
const dashboard = (uid: string, title: string) => ({ uid, title, panels: [{ id: 1, type: 'timeseries', title: 'CPU', targets: [{ expr: 'up' }] }], schemaVersion: 39 });

describe('pull and local work it has not seen', () => {
  let handle: SandboxHandle;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion: '12' });
  });
  afterEach(() => {
    handle.setFaults(undefined);
    return closeClients();
  });

  const pull = (work: string, uids: string[] | 'all', prune = false) =>
    pullDashboards({
      settings: { root: 'dashboards', cwd: work, inputs: INPUTS, minRefreshInterval: '5s', concurrency: 1 },
      grafana: portFor(handle),
      scope: uids === 'all' ? { kind: 'all' } : { kind: 'uids', uids },
      prune,
      dryRun: false,
    });

  /** Once Grafana holds a request of the pull, saves `model` to `file` as an editor would, then lets Grafana answer. */
  async function editWhileHeld(pulling: ReturnType<typeof pull>, file: string, model: unknown) {
    const held = await requestHeld(handle);
    const edited = text(model);
    await writeFile(file, edited);
    handle.releaseHeld();
    return { held, edited, result: await pulling };
  }

  /** A committed, applied file `raced.json` that Grafana changed since (pull would take Grafana's version). */
  async function appliedThenEditedInGrafana(): Promise<{ work: string; file: string }> {
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ inputs: INPUTS }));
    const file = join(work, 'dashboards', 'raced.json');
    await writeFile(file, text(dashboard('raced', 'Raced')));
    await commitAll(work, 'dashboards');
    // --force: the sandbox is shared, and the test before left raced edited in Grafana (drift an apply no one reviews keeps).
    expect((await dashsync(handle, work, ['apply', '--force'])).code).toBe(0);
    // Grafana changed (pull would take it: the committed file is dashsync's version)...
    await saveDashboard(handle, dashboard('raced', 'Raced, edited in the UI'));
    return { work, file };
  }

  it('an edit saved to the file while pull reads the dashboard from Grafana is refused, not overwritten', async () => {
    const { work, file } = await appliedThenEditedInGrafana();
    // ...and the user saves an edit while pull is reading the dashboard from Grafana.
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/raced', methods: ['GET'], script: [{ kind: 'hold' }] });
    const { edited, result } = await editWhileHeld(pull(work, ['raced']), file, dashboard('raced', 'Raced, edited in the editor'));

    expect(await readFile(file, 'utf8')).toBe(edited);
    expect(result.counts).toMatchObject({ updated: 0, refused: 1 });
  });

  it('an edit saved to the file while pull reads who changed Grafana\'s version is not overwritten', async () => {
    const { work, file } = await appliedThenEditedInGrafana();
    // The dashboard's read goes on; the history read after it (who saved Grafana's version) is held.
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/raced', methods: ['GET'], script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    const { held, edited, result } = await editWhileHeld(pull(work, ['raced']), file, dashboard('raced', 'Raced, edited in the editor'));

    expect(held.path).toContain('/versions');
    expect(await readFile(file, 'utf8')).toBe(edited);
    expect(result.problems).toEqual([expect.objectContaining({ file: 'dashboards/raced.json', message: 'dashboard raced: the file changed while pull was running' })]);
  });

  it('a file git does not track, at the path a new dashboard would get, is not overwritten', async () => {
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ inputs: INPUTS }));
    await commitAll(work, 'dashsync.config.json');
    await saveDashboard(handle, dashboard('newcomer', 'Newcomer'));
    const planned = await dashsync(handle, work, ['pull', 'newcomer', '--dry-run']);
    const path = /dashboards\/\S+\.json/.exec(planned.stdout)?.[0];
    expect(path, planned.stdout).toBeDefined();

    const mine = '{"title": "my draft, not a dashboard of Grafana yet"\n';
    await writeFile(join(work, path!), mine);
    await pull(work, ['newcomer']);

    expect(await readFile(join(work, path!), 'utf8')).toBe(mine);
  });

  it('pull --prune does not delete a file edited while the pull ran, whose dashboard is gone from Grafana', async () => {
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ inputs: INPUTS }));
    await writeFile(join(work, 'dashboards', 'stays.json'), text(dashboard('stays', 'Stays')));
    const gone = join(work, 'dashboards', 'gone.json');
    await writeFile(gone, text(dashboard('gone', 'Gone')));
    await commitAll(work, 'dashboards');
    expect((await dashsync(handle, work, ['apply'])).code).toBe(0);
    await deleteDashboardForGood(handle, 'gone');
    await saveDashboard(handle, dashboard('stays', 'Stays, edited in the UI'));

    // The pull reads (and writes) the other dashboard first; meanwhile the user edits the file of the gone one.
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/stays', methods: ['GET'], script: [{ kind: 'hold' }] });
    const { edited, result } = await editWhileHeld(pull(work, 'all', true), gone, dashboard('gone', 'Gone, but I am still working on it'));

    expect(await readFile(gone, 'utf8')).toBe(edited);
    expect(result.counts.pruned).toBe(0);
  });

  it('an edit saved to a library panel file while pull writes the dashboards is not overwritten', { timeout: 20_000 }, async () => {
    await createFolder(handle, { uid: 'race-shared', title: 'Race shared' });
    await createLibraryPanel(handle, 'lp-race', 'race-shared');
    await saveDashboard(handle, { uid: 'race-node', title: 'Race node', panels: [libraryPanelRef(1, 'lp-race')] }, 'race-shared');
    const work = await makeWorkDir();
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ inputs: INPUTS, api: 'legacy' }));
    expect((await dashsync(handle, work, ['pull', '--all'])).code).toBe(0);
    await commitAll(work);
    const token = await handle.createToken('Editor');
    const patch = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-race', { kind: 1, version: 1, model: { type: 'stat', title: 'from the UI' } }, bearerHeaders(token));
    expect(patch.status, patch.text).toBe(200);
    await saveDashboard(handle, { uid: 'race-node', title: 'Race node, edited in the UI', panels: [libraryPanelRef(1, 'lp-race')] }, 'race-shared');

    // Library panels are written after the dashboards: the user edits the panel's file while a dashboard is read.
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/race-node', methods: ['GET'], script: [{ kind: 'hold' }] });
    const file = join(work, 'dashboards/race-shared/_library/panel-lp-race.json');
    const mine = { uid: 'lp-race', name: 'Panel lp-race', kind: 1, model: { type: 'stat', title: 'mine, not committed' } };
    const { edited } = await editWhileHeld(dashsync(handle, work, ['pull']) as never, file, mine);

    expect(await readFile(file, 'utf8')).toBe(edited);
  });
});
