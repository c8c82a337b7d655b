import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { InputError } from '../../src/errors.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderDiagnostic } from '../../src/report/render-diagnostics.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { resource, v2Spec } from '../unit/v2-builders.js';

vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'mixed fleet', actor: 'tester' };

/** The plan's refusal of a tree holding one file, on Grafana 12.4 (which serves v2alpha1 and v2beta1, not v2) unless told. */
async function planRefusal(document: unknown, on: Parameters<typeof startTestSandbox>[0] = { grafanaVersion: '12', release: '12.4.0' }, environments?: string[]): Promise<string[]> {
  const sandbox = await startTestSandbox(on);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-mixed-fleet-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashboards', 'nodes.json'), `${JSON.stringify(document, null, 2)}\n`);
  // The first environment is the one planned (on `on`'s Grafana); the others are elsewhere.
  if (environments !== undefined) {
    const config = { root: 'dashboards', environments: Object.fromEntries(environments.map((name, index) => [name, { url: index === 0 ? sandbox.url : 'http://127.0.0.1:9' }])) };
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config));
  }
  const flags = environments === undefined ? {} : { env: environments[0]! };
  const settings = await loadSettings({ flags, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const error = await createPlan({ settings, grafana, git: GIT }).then(() => null, (failure: unknown) => failure);
  expect(error).toBeInstanceOf(InputError);
  expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  return (error as InputError).diagnostics.map(renderDiagnostic);
}

describe('a v2 file planned against Grafana 12 (a fleet on 12 and 13)', () => {
  it('names the rule: change the apiVersion only without transformations, else take 13\'s conversion (upgrading.md)', async () => {
    expect(await planRefusal(resource('v2', 'nodes', v2Spec()))).toEqual([
      'dashboards/nodes.json:2:17: error: dashboard nodes: this Grafana does not serve dashboard.grafana.app/v2 (it serves v2beta1, v2alpha1 for v2 dashboards): ' +
        'if no panel of the file has transformations, change its apiVersion to dashboard.grafana.app/v2beta1; ' +
        'else set that apiVersion and run dashsync pull --force nodes against Grafana 13 to write 13\'s own conversion, see docs/upgrading.md#a-fleet-on-12-and-13 (api-unwritable)',
    ]);
  });

  // walk-69 L1: the pull it advised named neither the dashboard nor the environment on 13, the only advice not to paste.
  it('with environments, its pull is a command to paste: the other environment, or NAME among several, and the uid', async () => {
    const [two] = await planRefusal(resource('v2', 'nodes', v2Spec()), undefined, ['dev', 'prod']);
    expect(two).toContain("dashboard nodes (environment dev): this Grafana does not serve dashboard.grafana.app/v2");
    expect(two).toContain("else set that apiVersion and run dashsync pull --env prod --force nodes (where prod's Grafana is 13) to write 13's own conversion");
    const [three] = await planRefusal(resource('v2', 'nodes', v2Spec()), undefined, ['dev', 'prod', 'qa']);
    expect(three).toContain('else set that apiVersion and run dashsync pull --env NAME --force nodes with NAME an environment on Grafana 13 to write');
  });

  it('refuses a v2beta1 file holding 13\'s transformation form, naming the element', async () => {
    const spec = v2Spec();
    const data = (spec.elements as Record<string, { spec: { data: { spec: Record<string, unknown> } } }>)['panel-1']!.spec.data.spec;
    data.transformations = [{ kind: 'Transformation', group: 'merge', spec: { options: {} } }];
    const [line, ...rest] = await planRefusal(resource('v2beta1', 'nodes', spec));
    expect(rest).toEqual([]);
    expect(line).toMatch(/^dashboards\/nodes\.json:44:27: error: a transformation in the form of dashboard\.grafana\.app\/v2 \("kind": "Transformation"\) under apiVersion dashboard\.grafana\.app\/v2beta1: .* see docs\/upgrading\.md#a-fleet-on-12-and-13 \(resource-schema-mismatch\)$/);
  });
});

describe('a v2 file holding 12\'s transformation form, planned against Grafana 13', () => {
  it('is refused at the transformation before anything is sent (13 would store it with "group": "", its id lost)', async () => {
    const spec = v2Spec();
    const data = (spec.elements as Record<string, { spec: { data: { spec: Record<string, unknown> } } }>)['panel-1']!.spec.data.spec;
    data.transformations = [{ kind: 'merge', spec: { id: 'merge', options: {} } }];
    const [line, ...rest] = await planRefusal(resource('v2', 'nodes', spec), { grafanaVersion: '13' });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^dashboards\/nodes\.json:44:27: error: a transformation in the form of dashboard\.grafana\.app\/v2beta1 \("kind": "merge", no "group"\) under apiVersion dashboard\.grafana\.app\/v2: .* write it \{"kind": "Transformation", "group": "merge", "spec": \{…\}\} without "spec"\."id", see docs\/upgrading\.md#a-fleet-on-12-and-13 \(resource-schema-mismatch\)$/);
  });
});
