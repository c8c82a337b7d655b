import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const NOTE =
  "labels and annotations not kept: labelled goes through /api, which keeps none of a file's labels and annotations (Grafana 11 has no /apis; on 12 and later --api auto writes such a file through /apis)";

const resource = (labels: Record<string, string>) => ({
  apiVersion: 'dashboard.grafana.app/v1beta1',
  kind: 'Dashboard',
  metadata: { name: 'labelled', labels },
  spec: { panels: [], schemaVersion: 39, title: 'Labelled' },
});

async function planAgainst11(files: Record<string, unknown>) {
  const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-labels-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'), { recursive: true });
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, 'dashboards', path), `${JSON.stringify(content, null, 2)}\n`);
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { settings, grafana };
}

describe('Grafana 11.2: a resource file with labels goes through /api, which keeps none', () => {
  it('the plan says so before the create; after the apply, with nothing to write, only its summary counts it', async () => {
    const { settings, grafana } = await planAgainst11({ 'labelled.json': resource({ team: 'platform' }) });
    const first = await createPlan({ settings, grafana, git: GIT });
    expect(first.warnings.map((warning) => ('message' in warning ? warning.message : ''))).toContain(NOTE);
    const applied = await applyPlan({ plan: first, settings, grafana, message: 'dashsync: test', force: false });
    expect(applied.created).toEqual(['labelled']);

    const again = await createPlan({ settings, grafana, git: GIT });
    expect(again.summary).toMatchObject({ create: 0, update: 0, labelsNotKept: 1 });
    expect(again.warnings).toEqual([]);
  });
});
