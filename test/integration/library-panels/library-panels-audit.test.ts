import { readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { InputError } from '../../../src/errors.js';
import { createPlan } from '../../../src/plan/create-plan.js';
import { pullDashboards } from '../../../src/pull/pull-dashboards.js';
import { renderApplySummary } from '../../../src/report/render-apply-result.js';
import { emptyWorkspace } from '../../e2e/apply/workspace.js';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { writes } from '../../e2e/apply/workspace.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editJson, writeFiles } from './library-tree.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

const panel = (uid: string, name: string, title: string) => ({ uid, name, kind: 1, model: { type: 'stat', title } });
const TREE: Record<string, unknown> = {
  'dashboards/team-a/_folder.json': { uid: 'team-a', title: 'Team A' },
  'dashboards/team-a/_library/cpu.json': panel('lp-cpu', 'CPU', 'cpu'),
  'dashboards/team-a/_library/mem.json': panel('lp-mem', 'Memory', 'mem'),
  'dashboards/team-a/a1.json': { uid: 'a1', title: 'A one', panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU' } }] },
};

/** A workspace holding `files` and an in-process run against the sandbox (through `/api`). */
async function libraryRun(url: string, files: Record<string, unknown> = TREE, flags: Record<string, unknown> = {}) {
  const dir = await realpath(await emptyWorkspace());
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFiles(dir, files);
  const settings = await loadSettings({ flags: { api: 'legacy', ...flags }, env: { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const apply = (planned: Awaited<ReturnType<typeof plan>>) => applyPlan({ plan: planned, settings, grafana, message: 'dashsync: test', force: false });
  return { dir, settings, grafana, plan, apply };
}

describe.each(GRAFANA_VERSIONS)('library panels under attack, against Grafana %s', (grafanaVersion) => {
  it('a saved plan applied twice: the second apply creates and updates nothing, and says the panels were unchanged', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const run = await libraryRun(sandbox.url);
    const created = await run.plan();
    // Listed as they land: two creates at once may land in either order.
    expect((await run.apply(created)).libraryPanelsCreated.sort()).toEqual(['lp-cpu', 'lp-mem']);
    const again = await run.apply(created);
    expect(again).toMatchObject({ libraryPanelsCreated: [], conflicts: [], failures: [] });
    expect(again.libraryPanelsUnchanged.sort()).toEqual(['lp-cpu', 'lp-mem']);
    expect(renderApplySummary(again)).toContain('Library panels: 2 unchanged');

    await editJson(join(run.dir, 'dashboards/team-a/_library/mem.json'), (file) => (file.model.title = 'mem v2'));
    const updated = await run.plan();
    expect((await run.apply(updated)).libraryPanelsUpdated).toEqual(['lp-mem']);
    expect(await run.apply(updated)).toMatchObject({ libraryPanelsUpdated: [], libraryPanelsUnchanged: ['lp-mem'], conflicts: [] });
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).body.result.version).toBe(2);
  });

  it('a panel that takes a name another panel gives up in the same folder is saved after it (one at a time, the taker first in the tree)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const files = {
      ...TREE,
      'dashboards/team-a/_library/cpu.json': undefined,
      'dashboards/team-a/_library/mem.json': undefined,
      // Tree order: each taker before the panel whose name it takes.
      'dashboards/team-a/_library/a-new.json': panel('lp-new', 'New', 'new'),
      'dashboards/team-a/_library/b-mem.json': panel('lp-mem', 'Memory', 'mem'),
      'dashboards/team-a/_library/c-cpu.json': panel('lp-cpu', 'CPU', 'cpu'),
    };
    const run = await libraryRun(sandbox.url, withoutUndefined(files), { concurrency: 1 });
    expect(await run.apply(await run.plan())).toMatchObject({ libraryPanelsCreated: ['lp-new', 'lp-mem', 'lp-cpu'], failures: [] });

    // lp-new takes "Memory" from lp-mem, which takes "CPU" from lp-cpu, which becomes "CPU (old)"; and a create takes "New".
    await writeFiles(run.dir, {
      'dashboards/team-a/_library/a-new.json': panel('lp-new', 'Memory', 'new'),
      'dashboards/team-a/_library/b-mem.json': panel('lp-mem', 'CPU', 'mem'),
      'dashboards/team-a/_library/c-cpu.json': panel('lp-cpu', 'CPU (old)', 'cpu'),
      'dashboards/team-a/_library/d-newer.json': panel('lp-newer', 'New', 'newer'),
    });
    const plan = await run.plan();
    const result = await run.apply(plan);
    expect(result).toMatchObject({ libraryPanelsCreated: ['lp-newer'], failures: [], conflicts: [] });
    expect([...result.libraryPanelsUpdated].sort()).toEqual(['lp-cpu', 'lp-mem', 'lp-new']);
    const names = await Promise.all(['lp-new', 'lp-mem', 'lp-cpu', 'lp-newer'].map(async (uid) => (await apiRequest(sandbox, 'GET', `/api/library-elements/${uid}`)).body.result.name));
    expect(names).toEqual(['Memory', 'CPU', 'CPU (old)', 'New']);
    expect((await run.plan()).summary).toMatchObject({ libraryPanelCreate: 0, libraryPanelUpdate: 0 });
  });

  it('two panels that swap names in a folder: an error naming both before any write, not two failed saves', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const run = await libraryRun(sandbox.url);
    await run.apply(await run.plan());
    await writeFiles(run.dir, { 'dashboards/team-a/_library/cpu.json': panel('lp-cpu', 'Memory', 'cpu'), 'dashboards/team-a/_library/mem.json': panel('lp-mem', 'CPU', 'mem') });
    sandbox.clearRequests();

    const refused = await run.plan().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).diagnostics).toEqual([
      {
        file: 'dashboards/team-a/_library/cpu.json',
        line: 3,
        col: 11,
        severity: 'error',
        rule: 'library-name-swap',
        message:
          'library panels lp-cpu, lp-mem would take each other\'s name (lp-cpu takes "Memory" from lp-mem; lp-mem takes "CPU" from lp-cpu), and Grafana allows a name once per folder, ' +
          'so none of them can be saved first: give one of them a name no panel has, apply, then give it its final name',
      },
    ]);
    expect(writes(sandbox)).toEqual([]);
  });

  it('a save and a prune delete whose answers are lost but which landed are read back: updated and deleted, not failed', { timeout: 30_000 }, async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const run = await libraryRun(sandbox.url, { ...TREE, 'dashsync.config.json': { root: 'dashboards', prune: 'folders' } });
    await run.apply(await run.plan());
    await editJson(join(run.dir, 'dashboards/team-a/_library/cpu.json'), (file) => (file.model.title = 'cpu v2'));
    await rm(join(run.dir, 'dashboards/team-a/_library/mem.json'));
    const plan = await run.plan();
    // Each write is carried out and its answer cut off; every resend gets a 503 until the client gives up.
    // Eight sends in all (the first and seven resends); Retry-After: 0 keeps their waits out of the test's time.
    const lost = [{ kind: 'drop' as const }, ...Array(7).fill({ kind: 'status', status: 503, retryAfterSeconds: 0 })];
    sandbox.clearRequests();
    sandbox.setFaults({ methods: ['PATCH', 'DELETE'], pathPrefix: '/api/library-elements/', script: [...lost, ...lost] });

    const result = await run.apply(plan);
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => entry.fault)).toEqual(['drop', ...Array(7).fill('status'), 'drop', ...Array(7).fill('status')]);
    expect(result).toMatchObject({ libraryPanelsUpdated: ['lp-cpu'], libraryPanelsDeleted: ['lp-mem'], failures: [], unknown: [], stoppedBy: null });
    sandbox.setFaults(undefined);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result.model.title).toBe('cpu v2');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(404);
  });

  it('pull of a library panel edited in Grafana keeps the file\'s ${DS_…} placeholders (another environment resolves them to its own datasource)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const templated = { uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'timeseries', title: 'cpu', datasource: { type: 'prometheus', uid: '${DS_PROM}' }, targets: [{ refId: 'A', expr: 'up' }] } };
    const files = { ...TREE, 'dashsync.config.json': { root: 'dashboards', inputs: { DS_PROM: 'prom-production' } }, 'dashboards/team-a/_library/cpu.json': templated };
    const run = await libraryRun(sandbox.url, files);
    await run.apply(await run.plan());
    await commitAll(run.dir);
    // Someone edits the panel in Grafana: a new title, and a second query on the panel's datasource.
    const live = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result;
    expect(live.model.datasource.uid).toBe('prom-production');
    const model = { ...live.model, title: 'cpu (edited)', targets: [...live.model.targets, { refId: 'B', expr: 'rate(x[1m])', datasource: { type: 'prometheus', uid: 'prom-production' } }] };
    const token = await sandbox.createToken('Editor');
    expect((await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.version, folderUid: 'team-a', name: 'CPU', model }, bearerHeaders(token))).status).toBe(200);

    const pulled = await pullDashboards({ settings: run.settings, grafana: run.grafana, scope: { kind: 'managed' }, prune: false, dryRun: false });
    expect(pulled.counts).toMatchObject({ updated: 0, refused: 0 });
    expect(pulled.libraryCounts).toMatchObject({ updated: 1 });
    expect(pulled.problems).toEqual([]);
    const file = JSON.parse(await readFile(join(run.dir, 'dashboards/team-a/_library/cpu.json'), 'utf8'));
    expect(file.model.title).toBe('cpu (edited)');
    expect(file.model.datasource).toEqual({ type: 'prometheus', uid: '${DS_PROM}' });
    expect(file.model.targets[1].datasource).toEqual({ type: 'prometheus', uid: '${DS_PROM}' });
    // The tree now plans no change here.
    expect((await run.plan()).summary).toMatchObject({ libraryPanelUpdate: 0, libraryPanelCreate: 0 });
  });
});

function withoutUndefined(files: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(files).filter(([, value]) => value !== undefined));
}
