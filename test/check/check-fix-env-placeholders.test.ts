import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { commitAll, createFolder, saveDashboard } from '../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';

// The environments walk (tree-58): a tree pulled from staging holds staging's datasource uids, and `check` warns on each
// (datasource-literal-of-env). `check --fix` writes each as the placeholder of the one input whose value it is, so
// production's plan gets production's datasource; where the uid is two inputs' value, or an environment that deploys the
// file maps no such input, it leaves the literal and says why.

const STAGING = { url: 'http://127.0.0.1:9', inputs: { DS_LOKI: 'loki-staging', DS_PROMETHEUS: 'prom-staging' } };
const PRODUCTION = { url: 'http://127.0.0.1:9', orgId: 2, inputs: { DS_LOKI: 'loki-main', DS_PROMETHEUS: 'prom-main' } };

const ref = (type: string, uid: string) => ({ type, uid });

/** A dashboard made in staging: two places of staging's Prometheus, one of its Loki, and a library panel. */
const madeIn = (prom: string, loki: string) => ({
  uid: 'made-in-staging',
  title: 'Made in staging',
  schemaVersion: 41,
  panels: [
    { id: 1, type: 'timeseries', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: ref('prometheus', prom), targets: [{ refId: 'A', datasource: ref('prometheus', prom), expr: 'rate(cpu[5m])' }] },
    { id: 2, type: 'logs', title: 'Logs', gridPos: { x: 12, y: 0, w: 12, h: 8 }, datasource: ref('loki', loki), targets: [{ refId: 'A', expr: '{app="api"}' }] },
    { id: 3, gridPos: { x: 0, y: 8, w: 12, h: 8 }, libraryPanel: { uid: 'lp-mem', name: 'Memory' } },
  ],
});

const panel = (prom: string) => ({ uid: 'lp-mem', name: 'Memory', kind: 1, model: { type: 'timeseries', title: 'Memory', datasource: ref('prometheus', prom), targets: [{ refId: 'A', expr: 'mem' }] } });

const DASHBOARD = 'dashboards/team-a/made-in-staging.json';
const LIBRARY = 'dashboards/team-a/_library/memory.json';

/** line:col of the first place `literal` is written in `text` (its opening quote), as check reports it. */
function placeOf(text: string, literal: string): string {
  const offset = text.indexOf(JSON.stringify(literal));
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** Every datasource uid of a live model, in order. */
const datasourceUids = (model: { panels: { datasource: { uid: string }; targets: { datasource?: { uid: string } }[] }[] }) =>
  model.panels.flatMap((one) => [one.datasource.uid, ...one.targets.flatMap((target) => (target.datasource ? [target.datasource.uid] : []))]);

describe('check --fix with environments: literal datasources that are one environment\'s input value', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('writes each as its input\'s placeholder, in dashboards and _library/ panels, says so per file, and check then passes', async () => {
    tree = await makeTempTree({
      'dashsync.config.json': canonicalJson({ environments: { staging: STAGING, production: PRODUCTION } }),
      [DASHBOARD]: canonicalJson(madeIn('prom-staging', 'loki-staging')),
      [LIBRARY]: canonicalJson(panel('prom-staging')),
    });
    const warned = await runCli(['check'], { cwd: tree.dir });
    expect(warned.stdout.match(/\(datasource-literal-of-env\)$/gm)).toHaveLength(3);

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(fixed.stderr.split('\n').filter((line) => line.startsWith('fixed ') || line.startsWith('not fixed '))).toEqual([
      `fixed ${DASHBOARD}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS; 2 places), wrote "\${DS_LOKI}" for datasource uid "loki-staging" (environment staging's DS_LOKI)`,
      `fixed ${LIBRARY}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS)`,
    ]);
    // Nothing else of the files changed: the canonical text, placeholders where the literals were.
    expect(await readFile(join(tree.dir, DASHBOARD), 'utf8')).toBe(canonicalJson(madeIn('${DS_PROMETHEUS}', '${DS_LOKI}')));
    expect(await readFile(join(tree.dir, LIBRARY), 'utf8')).toBe(canonicalJson(panel('${DS_PROMETHEUS}')));
    expect(fixed.stdout).toBe('');
    expect(fixed.stderr).toMatch(/^check: 1 dashboard, 1 folder, 1 library panel, 0 errors, 0 warnings/m);
    expect(fixed.code).toBe(0);

    // A second fix finds nothing to do.
    const again = await runCli(['check', '--fix'], { cwd: tree.dir });
    expect(again.stderr).not.toMatch(/^(not )?fixed /m);
    expect(again.code).toBe(0);
  });

  it('on real Grafanas: staging\'s plan stays empty, and production\'s apply gives the dashboard production\'s datasources', async () => {
    const staging = await startTestSandbox({ grafanaVersion: '12' });
    const production = await startTestSandbox({ grafanaVersion: '12' });
    const made = { ...madeIn('prom-staging', 'loki-staging'), panels: madeIn('prom-staging', 'loki-staging').panels.slice(0, 2) };
    await saveDashboard(staging, made, await createFolder(staging, { uid: 'team-a', title: 'Team A' }));
    const config = { environments: { staging: { ...STAGING, url: staging.url }, production: { ...PRODUCTION, url: production.url, orgId: 1 } } };
    // As pull wrote it before (and as the environments walk found 147 of them): staging's uids, literal.
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(config), 'dashboards/team-a/_folder.json': canonicalJson({ uid: 'team-a', title: 'Team A' }), [DASHBOARD]: canonicalJson(made) });
    const cli = (args: string[]) => runCli(args, { cwd: tree!.dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    const fixed = await cli(['check', '--fix']);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stderr).toContain(`fixed ${DASHBOARD}: wrote "\${DS_PROMETHEUS}"`);

    const stagingPlan = await cli(['plan', '--env', 'staging', '--detailed-exitcode']);
    expect(stagingPlan.code, stagingPlan.stdout + stagingPlan.stderr).toBe(0);
    const applied = await cli(['apply', '--env', 'production', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const live = await apiRequest(production, 'GET', `/api/dashboards/uid/${made.uid}`);
    expect(live.status, live.text).toBe(200);
    expect(datasourceUids(live.body.dashboard)).toEqual(['prom-main', 'prom-main', 'loki-main']);
  });

  it('leaves a uid two inputs hold as it is, and says why, at its place; writes the others', async () => {
    const config = {
      environments: {
        staging: { ...STAGING, inputs: { ...STAGING.inputs, DS_METRICS: 'prom-staging' } },
        production: { ...PRODUCTION, inputs: { ...PRODUCTION.inputs, DS_METRICS: 'thanos-main' } },
      },
    };
    const text = canonicalJson(madeIn('prom-staging', 'loki-staging'));
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(config), [DASHBOARD]: text });

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(fixed.stderr).toContain(`fixed ${DASHBOARD}: wrote "\${DS_LOKI}" for datasource uid "loki-staging" (environment staging's DS_LOKI)\n`);
    expect(fixed.stderr).toContain(
      `not fixed ${DASHBOARD}:${placeOf(text, 'prom-staging')}: datasource uid "prom-staging" is environment staging's DS_METRICS and DS_PROMETHEUS: which of them a place means cannot be told, so it is left as it is (2 places); write "\${DS_METRICS}" or "\${DS_PROMETHEUS}" there yourself\n`,
    );
    const written = await readFile(join(tree.dir, DASHBOARD), 'utf8');
    expect(written).toBe(canonicalJson(madeIn('prom-staging', '${DS_LOKI}')));
    // The check after the fix still warns on what is left, at the same place.
    expect(fixed.stdout).toContain(`${DASHBOARD}:${placeOf(written, 'prom-staging')}: warning: datasource uid "prom-staging" is environment staging's DS_METRICS and DS_PROMETHEUS`);
  });

  it('leaves a uid whose input an environment deploying the file does not map, naming it; writes it once that environment leaves the file out', async () => {
    const qa = (extra: object) => ({ environments: { staging: STAGING, production: PRODUCTION, qa: { url: 'http://127.0.0.1:9', orgId: 3, inputs: { DS_LOKI: 'loki-qa' }, ...extra } } });
    const text = canonicalJson(madeIn('prom-staging', 'loki-staging'));
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(qa({})), [DASHBOARD]: text });

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(fixed.stderr).toContain(
      `not fixed ${DASHBOARD}:${placeOf(text, 'prom-staging')}: datasource uid "prom-staging" is environment staging's DS_PROMETHEUS, but "\${DS_PROMETHEUS}" would stop the plan of environment qa, which deploys this file, so it is left as it is (2 places); input DS_PROMETHEUS is not mapped for environment qa: add "DS_PROMETHEUS": "<datasource uid>" to the "inputs" of environment "qa" (under "environments") in dashsync.config.json, or to the top-level "inputs" for every environment, then run dashsync check --fix again\n`,
    );
    expect(await readFile(join(tree.dir, DASHBOARD), 'utf8')).toBe(canonicalJson(madeIn('prom-staging', '${DS_LOKI}')));

    await tree.write({ 'dashsync.config.json': canonicalJson(qa({ exclude: ['team-a'] })) });
    const refixed = await runCli(['check', '--fix'], { cwd: tree.dir });
    expect(refixed.stderr).toContain(`fixed ${DASHBOARD}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS; 2 places)\n`);
    expect(await readFile(join(tree.dir, DASHBOARD), 'utf8')).toBe(canonicalJson(madeIn('${DS_PROMETHEUS}', '${DS_LOKI}')));
  });

  it('an export\'s __elements: the _library/ file they become gets the placeholders in the same run, and a second fix finds nothing', async () => {
    const exported = { ...madeIn('prom-staging', 'loki-staging'), __elements: { 'lp-mem': { ...panel('prom-staging'), uid: 'lp-mem' } } };
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson({ environments: { staging: STAGING, production: PRODUCTION } }), [DASHBOARD]: canonicalJson(exported) });

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(fixed.stderr).toContain(
      `fixed ${DASHBOARD}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS; 3 places), wrote "\${DS_LOKI}" for datasource uid "loki-staging" (environment staging's DS_LOKI), moved __elements["lp-mem"] to ${LIBRARY}\n`,
    );
    expect(await readFile(join(tree.dir, LIBRARY), 'utf8')).toBe(canonicalJson(panel('${DS_PROMETHEUS}')));
    expect(await readFile(join(tree.dir, DASHBOARD), 'utf8')).toBe(canonicalJson(madeIn('${DS_PROMETHEUS}', '${DS_LOKI}')));
    expect(fixed.stdout).toBe('');
    const again = await runCli(['check', '--fix'], { cwd: tree.dir });
    expect(again.stderr).not.toMatch(/^(not )?fixed /m);
  });

  // env-59 (stop 58 §10.3): the placeholders --fix wrote got no __inputs entry, so Grafana's import of the export asked for
  // the data sources it declared before the fix and left the new ones unresolved.
  it('an export (a file with __inputs): each placeholder written gets the entry Grafana\'s exporter writes, once', async () => {
    const declaredLoki = { name: 'DS_LOKI', label: 'Loki', description: '', type: 'datasource', pluginId: 'loki', pluginName: 'Loki' };
    const exported = { ...madeIn('prom-staging', '${DS_LOKI}'), __inputs: [declaredLoki] };
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson({ environments: { staging: STAGING, production: PRODUCTION } }), [DASHBOARD]: canonicalJson(exported), [LIBRARY]: canonicalJson(panel('${DS_PROMETHEUS}')) });

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(fixed.stderr.split('\n').filter((line) => line.startsWith('fixed ') || line.startsWith('not fixed '))).toEqual([
      `fixed ${DASHBOARD}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS; 2 places), declared "DS_PROMETHEUS" in __inputs`,
    ]);
    const declaredProm = { name: 'DS_PROMETHEUS', label: 'DS_PROMETHEUS', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'prometheus' };
    expect(await readFile(join(tree.dir, DASHBOARD), 'utf8')).toBe(canonicalJson({ ...madeIn('${DS_PROMETHEUS}', '${DS_LOKI}'), __inputs: [declaredLoki, declaredProm] }));
    expect(fixed.code).toBe(0);
    const again = await runCli(['check', '--fix'], { cwd: tree.dir });
    expect(again.stderr).not.toMatch(/^(not )?fixed /m);
  });

  it('the pre-commit hook\'s --fix writes the placeholders into the staged files only', async () => {
    const other = 'dashboards/team-b/older.json';
    const olderText = canonicalJson({ ...madeIn('prom-staging', 'loki-staging'), uid: 'older', title: 'Older' });
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson({ environments: { staging: STAGING, production: PRODUCTION } }), [other]: olderText });
    await commitAll(tree.dir, 'tree');
    await tree.write({ [DASHBOARD]: canonicalJson(madeIn('prom-staging', 'loki-staging')), [LIBRARY]: canonicalJson(panel('prom-staging')) });
    execFileSync('git', ['add', DASHBOARD, LIBRARY], { cwd: tree.dir, stdio: 'pipe' });

    const hook = await runCli(['check', '--pre-commit', '--fix', DASHBOARD, LIBRARY], { cwd: tree.dir });

    expect(hook.stderr).toContain(`fixed ${DASHBOARD}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS; 2 places), wrote "\${DS_LOKI}" for datasource uid "loki-staging" (environment staging's DS_LOKI)\n`);
    expect(hook.stderr).toContain(`fixed ${LIBRARY}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS)\n`);
    expect(await readFile(join(tree.dir, DASHBOARD), 'utf8')).toBe(canonicalJson(madeIn('${DS_PROMETHEUS}', '${DS_LOKI}')));
    expect(await readFile(join(tree.dir, other), 'utf8')).toBe(olderText);
    expect(hook.code).toBe(0);
  });
  // review-58 F5: a file left as it is for a number it cannot write back was skipped before its placeholders were looked
  // for: where nothing else needed fixing, --fix said nothing of the literals check warns about.
  it('a file with a number it cannot write back: one not-fixed line says its placeholders are not written either', async () => {
    const big = (text: string) => text.replace('"maxDataPoints": 1', '"maxDataPoints": 12345678901234567890').replace('"h": 8', '"h": 12345678901234567890');
    tree = await makeTempTree({
      'dashsync.config.json': canonicalJson({ environments: { staging: STAGING, production: PRODUCTION } }),
      [DASHBOARD]: big(canonicalJson(madeIn('prom-staging', 'loki-staging'))),
      [LIBRARY]: big(canonicalJson({ ...panel('prom-staging'), model: { ...panel('prom-staging').model, maxDataPoints: 1 } })),
    });
    const texts = [await readFile(join(tree.dir, DASHBOARD), 'utf8'), await readFile(join(tree.dir, LIBRARY), 'utf8')] as const;

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    const why = 'the number 12345678901234567890 cannot be written back exactly (JSON numbers are read as 64-bit floats), so the file is left as it is and its datasource placeholders are not written either; write it as a string or with fewer digits, then run check --fix again';
    const lines = fixed.stderr.split('\n').filter((line) => line.startsWith('fixed ') || line.startsWith('not fixed '));
    expect(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(': ') + 2)])).toEqual([
      [`not fixed ${DASHBOARD}`, why],
      [`not fixed ${LIBRARY}`, why],
    ]);
    expect([await readFile(join(tree.dir, DASHBOARD), 'utf8'), await readFile(join(tree.dir, LIBRARY), 'utf8')]).toEqual(texts);
  });

  // env-59 (stop 58 §10.3): a datasource variable's `current` kept staging's uid through --fix (Grafana's export clears it),
  // and every pick saved in staging's UI showed in its plan as an update.
  it('a datasource variable: --fix writes the placeholder into current.value; a pick saved in Grafana is no change; production gets its own', async () => {
    const staging = await startTestSandbox({ grafanaVersion: '12' });
    const production = await startTestSandbox({ grafanaVersion: '12' });
    const picked = (uid: string, name: string) => ({ text: name, value: uid });
    const withPicker = (prom: string, current: { text: string; value: string }) => ({
      uid: 'picker',
      title: 'Picker',
      schemaVersion: 41,
      templating: { list: [{ name: 'ds', type: 'datasource', query: 'prometheus', current }] },
      panels: [{ id: 1, type: 'timeseries', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: ref('prometheus', prom), targets: [{ refId: 'A', expr: 'up' }] }],
    });
    const made = withPicker('prom-staging', picked('prom-staging', 'Prometheus (staging)'));
    await saveDashboard(staging, made, await createFolder(staging, { uid: 'team-a', title: 'Team A' }));
    const config = { environments: { staging: { ...STAGING, url: staging.url }, production: { ...PRODUCTION, url: production.url, orgId: 1 } } };
    const file = 'dashboards/team-a/picker.json';
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(config), 'dashboards/team-a/_folder.json': canonicalJson({ uid: 'team-a', title: 'Team A' }), [file]: canonicalJson(made) });
    const cli = (args: string[]) => runCli(args, { cwd: tree!.dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    const fixed = await cli(['check', '--fix']);

    expect(fixed.stderr.split('\n').filter((line) => line.startsWith('fixed ') || line.startsWith('not fixed '))).toEqual([
      `fixed ${file}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS; 2 places)`,
    ]);
    expect(await readFile(join(tree.dir, file), 'utf8')).toBe(canonicalJson(withPicker('${DS_PROMETHEUS}', picked('${DS_PROMETHEUS}', 'Prometheus (staging)'))));
    expect((await cli(['plan', '--env', 'staging', '--detailed-exitcode'])).code).toBe(0);
    // Someone picks staging's Thanos in the variable's menu and saves: each environment's pick is its own, not the tree's.
    await saveDashboard(staging, withPicker('prom-staging', picked('thanos-staging', 'Thanos (staging)')), 'team-a');
    const afterPick = await cli(['plan', '--env', 'staging', '--detailed-exitcode']);
    expect(afterPick.code, afterPick.stdout).toBe(0);
    expect(afterPick.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');

    const applied = await cli(['apply', '--env', 'production', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const live = await apiRequest(production, 'GET', '/api/dashboards/uid/picker');
    // Staging's name is not production's: this production lists no data source, so the text is left out (env-60).
    expect(live.body.dashboard.templating.list[0].current).toEqual({ value: 'prom-main' });
  });
});
