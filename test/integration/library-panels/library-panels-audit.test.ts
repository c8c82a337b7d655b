import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../../src/plan/create-plan.js';
import { renderApplySummary } from '../../../src/report/render-apply-result.js';
import { emptyWorkspace } from '../../e2e/apply/workspace.js';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
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
async function libraryRun(url: string, files: Record<string, unknown> = TREE) {
  const dir = await emptyWorkspace();
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFiles(dir, files);
  const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
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
    expect((await run.apply(created)).libraryPanelsCreated).toEqual(['lp-cpu', 'lp-mem']);
    const again = await run.apply(created);
    expect(again).toMatchObject({ libraryPanelsCreated: [], libraryPanelsUnchanged: ['lp-cpu', 'lp-mem'], conflicts: [], failures: [] });
    expect(renderApplySummary(again)).toContain('Library panels: 2 unchanged');

    await editJson(join(run.dir, 'dashboards/team-a/_library/mem.json'), (file) => (file.model.title = 'mem v2'));
    const updated = await run.plan();
    expect((await run.apply(updated)).libraryPanelsUpdated).toEqual(['lp-mem']);
    expect(await run.apply(updated)).toMatchObject({ libraryPanelsUpdated: [], libraryPanelsUnchanged: ['lp-mem'], conflicts: [] });
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).body.result.version).toBe(2);
  });
});
