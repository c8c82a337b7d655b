import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess, type CliResult } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

// A dashboard made in staging's Grafana, pulled as a new file through --env staging: its datasource, staging's value of
// DS_PROMETHEUS, is written as ${DS_PROMETHEUS}, so check passes, staging's plan is empty and production gets prom-main.

const FILE = 'dashboards/team-a/made-in-staging.json';

const made = {
  uid: 'stg-new',
  title: 'Made in staging',
  schemaVersion: 39,
  panels: [
    {
      id: 1,
      type: 'timeseries',
      title: 'Up',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      datasource: { type: 'prometheus', uid: 'prom-staging' },
      targets: [{ refId: 'A', expr: 'up', datasource: { type: 'prometheus', uid: 'prom-staging' } }],
    },
  ],
};

async function setUp(grafanaVersion: GrafanaVersion, inputs: { staging: Record<string, string>; production: Record<string, string> }) {
  const staging = await startTestSandbox({ grafanaVersion });
  const production = await startTestSandbox({ grafanaVersion });
  const folder = await createFolder(staging, { uid: 'team-a-uid', title: 'team-a' });
  await saveDashboard(staging, made, folder);
  const work = await makeWorkDir();
  const config = {
    environments: {
      staging: { url: staging.url, inputs: inputs.staging },
      production: { url: production.url, inputs: inputs.production },
    },
  };
  await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify(config)}\n`);
  await commitAll(work);
  // Each environment's url is its own sandbox: no GRAFANA_URL, credentials as a user sets them.
  const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  return { staging, production, work, cli };
}

/** Every datasource reference's uid (v1) or name (v2 query) in a live model or spec. */
function datasourceRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) datasourceRefs(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'datasource' && item && typeof item === 'object') {
        const ref = item as { uid?: unknown; name?: unknown };
        const id = ref.uid ?? ref.name;
        if (typeof id === 'string') found.push(id);
      } else datasourceRefs(item, found);
    }
  }
  return found;
}

/** `pull --env staging` of team-a creates `file` with staging's datasource as ${DS_PROMETHEUS}, said on its line: the file's text and JSON. */
async function pullCreatesWithPlaceholder(cli: (args: string[]) => Promise<CliResult>, work: string, file: string) {
  const pulled = await cli(['pull', '--env', 'staging', '--folder', 'team-a-uid']);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  expect(lines(pulled.stdout)).toContain(`created  ${file} (\${DS_PROMETHEUS} for "prom-staging") (environment production deploys this file too: its next apply takes this change)`);
  const text = await readFile(join(work, file), 'utf8');
  expect(text).not.toContain('prom-staging');
  return { text, written: JSON.parse(text) };
}

/** Once committed: check passes without warnings, staging's plan is empty, and pulling again leaves `file` as `text`. */
async function expectSettledInStaging(cli: (args: string[]) => Promise<CliResult>, work: string, file: string, text: string) {
  await commitAll(work);
  const checked = await cli(['check']);
  expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  expect(checked.stdout + checked.stderr).toContain('0 errors, 0 warnings');
  const stagingPlan = await cli(['plan', '--env', 'staging', '--detailed-exitcode']);
  expect(stagingPlan.code, stagingPlan.stdout + stagingPlan.stderr).toBe(0);
  expect(stagingPlan.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged\./);
  const again = await cli(['pull', '--env', 'staging', '--folder', 'team-a-uid']);
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(await readFile(join(work, file), 'utf8')).toBe(text);
}

const INPUTS = { staging: { DS_PROMETHEUS: 'prom-staging' }, production: { DS_PROMETHEUS: 'prom-main' } };

describe.each([
  ['11.2', false],
  ['12', true],
  ['13', true],
] as const)('pull --env staging of a new dashboard (Grafana %s, v2: %s)', (grafanaVersion, v2) => {
  it("writes staging's datasource as ${DS_PROMETHEUS} with __inputs: check passes, staging's plan is empty, production gets its own datasource", async () => {
    const { staging, production, work, cli } = await setUp(grafanaVersion, INPUTS);
    if (v2) {
      const edited = await fetch(`${staging.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'stg-new' }) });
      expect(edited.status, await edited.text()).toBe(200);
    }

    const { text, written } = await pullCreatesWithPlaceholder(cli, work, FILE);
    const model = v2 ? written.spec : written;
    expect(model.__inputs).toEqual([{ name: 'DS_PROMETHEUS', label: 'DS_PROMETHEUS', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'prometheus' }]);
    // The UI's v2 save adds the built-in "Annotations & Alerts" annotation, whose Grafana datasource stays a literal.
    expect(new Set(datasourceRefs(model))).toEqual(new Set(v2 ? ['${DS_PROMETHEUS}', '-- Grafana --'] : ['${DS_PROMETHEUS}']));
    await expectSettledInStaging(cli, work, FILE, text);

    const productionPlan = await cli(['plan', '--env', 'production']);
    expect(productionPlan.code, productionPlan.stdout + productionPlan.stderr).toBe(0);
    expect(productionPlan.stdout).toContain(`+ create        ${FILE} "Made in staging" (uid stg-new)`);
    expect(productionPlan.stderr).toBe('');
    const applied = await cli(['apply', '--env', 'production']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const live = await apiRequest(production, 'GET', v2 ? `/apis/${written.apiVersion}/namespaces/default/dashboards/stg-new` : '/api/dashboards/uid/stg-new');
    expect(live.status, live.text).toBe(200);
    expect(new Set(datasourceRefs(v2 ? live.body.spec : live.body.dashboard))).toEqual(new Set(v2 ? ['prom-main', '-- Grafana --'] : ['prom-main']));
  });
});

describe('pull of a new dashboard whose datasource two inputs map to', () => {
  it('keeps the literal and says so on the created line', async () => {
    const { work, cli } = await setUp('11.2', { staging: { DS_PROMETHEUS: 'prom-staging', DS_METRICS: 'prom-staging' }, production: { DS_PROMETHEUS: 'prom-main', DS_METRICS: 'prom-main' } });

    const pulled = await cli(['pull', '--env', 'staging', '--folder', 'team-a-uid']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain(
      `created  ${FILE} (datasource "prom-staging" kept literal: DS_METRICS and DS_PROMETHEUS both map to it, so write the right placeholder by hand) (environment production deploys this file too: its next apply takes this change)`,
    );
    const written = JSON.parse(await readFile(join(work, FILE), 'utf8'));
    expect(written.__inputs).toBeUndefined();
    expect(new Set(datasourceRefs(written))).toEqual(new Set(['prom-staging']));
  });
});

/**
 * What pull wrote before: `value` (a dashboard model or library panel, literal uid and all) in canonical form at `file`; check
 * and plan --env production must warn at the literal's line:col with the placeholder to write.
 */
async function expectLiteralWarned(grafanaVersion: GrafanaVersion, file: string, value: object): Promise<void> {
  const { work, cli } = await setUp(grafanaVersion, INPUTS);
  await mkdir(join(work, dirname(file)), { recursive: true });
  const text = canonicalJson(value);
  await writeFile(join(work, file), text);
  const at = text.indexOf('"prom-staging"');
  const line = text.slice(0, at).split('\n').length;
  const col = at - text.lastIndexOf('\n', at);
  const warning =
    `${file}:${line}:${col}: warning: datasource uid "prom-staging" is environment staging's DS_PROMETHEUS: write "\${DS_PROMETHEUS}" so each environment gets its own (2 places); dashsync check --fix writes it, or says why not (datasource-literal-of-env)`;

  const checked = await cli(['check']);
  expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  expect(lines(checked.stdout + checked.stderr), checked.stdout + checked.stderr).toContain(warning);

  const planned = await cli(['plan', '--env', 'production']);
  expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  // In the plan's warnings (and so in its json, markdown and PR comment).
  expect(lines(planned.stdout)).toContain(`  ! ${warning.replace(': warning: ', ': ')}`);
}

describe('a file holding staging\'s datasource uid as a literal (as pull wrote it before)', () => {
  it('check and plan --env production warn with line:col and the placeholder to write', async () => {
    await expectLiteralWarned('11.2', FILE, made);
  });

  it('a _library/ panel file too: production would get staging\'s datasource', async () => {
    const model = { type: 'timeseries', title: 'CPU', datasource: { type: 'prometheus', uid: 'prom-staging' }, targets: [{ refId: 'A', expr: 'cpu', datasource: { type: 'prometheus', uid: 'prom-staging' } }] };
    await expectLiteralWarned('13', 'dashboards/team-a/_library/cpu.json', { uid: 'lp-cpu', name: 'CPU', kind: 1, model });
  });
});

describe.each(['11.2', '12', '13'] as const)('pull --env staging of a new library panel (Grafana %s)', (grafanaVersion) => {
  it("writes staging's datasource as ${DS_PROMETHEUS} (no __inputs: a library panel file has no place for them): check passes, staging's plan is empty, production gets its own", async () => {
    const { staging, production, work, cli } = await setUp(grafanaVersion, INPUTS);
    const model = { type: 'timeseries', title: 'CPU', datasource: { type: 'prometheus', uid: 'prom-staging' }, targets: [{ refId: 'A', expr: 'cpu', datasource: { type: 'prometheus', uid: 'prom-staging' } }] };
    const created = await apiRequest(staging, 'POST', '/api/library-elements', { uid: 'lp-cpu', name: 'CPU', kind: 1, folderUid: 'team-a-uid', model });
    expect(created.status, created.text).toBe(200);
    await saveDashboard(staging, { uid: 'uses-cpu', title: 'Uses CPU', panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU' } }] }, 'team-a-uid');
    const LIBRARY_FILE = 'dashboards/team-a/_library/cpu.json';

    const { text, written } = await pullCreatesWithPlaceholder(cli, work, LIBRARY_FILE);
    expect(Object.keys(written).sort()).toEqual(['kind', 'model', 'name', 'uid']);
    expect(new Set(datasourceRefs(written.model))).toEqual(new Set(['${DS_PROMETHEUS}']));
    await expectSettledInStaging(cli, work, LIBRARY_FILE, text);

    const applied = await cli(['apply', '--env', 'production']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const live = await apiRequest(production, 'GET', '/api/library-elements/lp-cpu');
    expect(live.status, live.text).toBe(200);
    expect(new Set(datasourceRefs(live.body.result.model))).toEqual(new Set(['prom-main']));
  });
});
