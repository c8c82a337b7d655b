import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import { renderPlan } from '../../src/report/render-plan.js';
import type { SandboxOptions } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'v2 resave', actor: 'tester' };

/** The example tree applied, then redis-exporter (a classic file) saved in the dynamic-dashboards editor with a new description. */
async function planAfterV2Save(options: SandboxOptions): Promise<Plan> {
  const sandbox = await startTestSandbox(options);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-v2-resave-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(join(REPO, 'dashboards'), join(dir, 'dashboards'), { recursive: true });
  await cp(join(REPO, 'dashsync.config.json'), join(dir, 'dashsync.config.json'));
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const applied = await applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: test', force: false });
  expect(applied).toMatchObject({ conflicts: [], failures: [] });
  const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'redis-exporter', spec: { description: 'Saved in the new editor' } }) });
  expect(edit.status).toBe(200);
  return plan();
}

const redis = (plan: Plan) => dashboardActions(plan).find((action) => action.uid === 'redis-exporter')!;

describe('a classic file whose dashboard was re-saved in the dynamic-dashboards (v2) editor', () => {
  it('on 13 the plan shows the content edit apply throws away, from Grafana\'s conversion, in text, markdown and JSON', async () => {
    const plan = await planAfterV2Save({ grafanaVersion: '13' });
    expect(redis(plan).action).toBe('update');
    const description = { path: 'description', kind: 'changed', before: 'Saved in the new editor', after: expect.stringMatching(/^redis_exporter dashboard/) };
    expect(redis(plan).changes).toEqual([{ path: 'apiVersion', kind: 'changed', before: 'dashboard.grafana.app/v2', after: 'classic dashboard model' }, description]);
    expect(plan.warnings).toContainEqual(expect.objectContaining({ kind: 'note', code: 'v2-content-converted', uid: 'redis-exporter' }));

    const text = renderPlan(plan, 'text', { color: false });
    expect(text).toMatch(/~ description: "Saved in the new editor" → "redis_exporter dashboard/);
    expect(text).toMatch(/redis-exporter "Redis" .*: Grafana stores this dashboard in another schema \(v2\); its field changes compare the file with Grafana's conversion/);
    expect(renderPlan(plan, 'markdown', { color: false })).toContain('- description: "Saved in the new editor"\n+ description: "redis_exporter dashboard');
    const json = JSON.parse(renderPlan(plan, 'json', { color: false })) as { warnings: { code?: string }[]; dashboards: { uid: string; changes: { path: string }[] }[] };
    expect(json.dashboards.find((action) => action.uid === 'redis-exporter')!.changes.map((change) => change.path)).toEqual(['apiVersion', 'description']);
    expect(json.warnings.map((warning) => warning.code)).toContain('v2-content-converted');
  });

  it('on 12, whose conversion to the classic model fails, one note says the content differences are not shown and how to see them', async () => {
    const plan = await planAfterV2Save({ grafanaVersion: '12' });
    expect(redis(plan).changes.map((change) => change.path)).toEqual(['apiVersion']);
    const note = plan.warnings.find((warning) => warning.kind === 'note' && warning.uid === 'redis-exporter');
    expect(note).toMatchObject({ code: 'v2-content-not-shown' });
    const text = renderPlan(plan, 'text', { color: false });
    expect(text).toContain(
      'content differences not shown: Grafana stores this dashboard in another schema (v2beta1) (Grafana\'s conversion to the classic model failed: backend conversion not yet implemented); dashsync pull redis-exporter && git diff shows them',
    );
  });
});
