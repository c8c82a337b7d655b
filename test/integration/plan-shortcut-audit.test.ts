import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
type Json = Record<string, any>;

/** A workspace whose `dashboards/` holds these files (name → text), and the settings of a run against the sandbox. */
async function workspace(url: string, files: Record<string, string>, api: 'legacy' | 'auto' = 'legacy') {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-shortcut-audit-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'dashboards', name), text);
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { dir, settings, grafana };
}

describe('plan against a Grafana that differs from the file in ways shortcuts could miss', () => {
  it('plans an update where Grafana holds `[]` and the file `{}` (a variable\'s current value), naming the field', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const model = (current: unknown): Json => ({ uid: 'vars', title: 'Vars', templating: { list: [{ name: 'env', type: 'custom', query: 'a,b', current }] } });
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: model([]), overwrite: true })).status).toBe(200);
    const { settings, grafana } = await workspace(sandbox.url, { 'vars.json': `${JSON.stringify(model({}), null, 2)}\n` });

    const plan = await createPlan({ settings, grafana, git: GIT });
    const action = plan.actions.find((candidate) => candidate.uid === 'vars')!;
    expect(action.action).toBe('update');
    expect(action.kind === 'dashboard' && action.changes).toEqual([{ path: 'templating.list[name="env"].current', kind: 'changed', before: [], after: {} }]);
  });
});
