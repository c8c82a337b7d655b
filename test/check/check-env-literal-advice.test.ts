import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll } from '../pull/pull-fixture.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';

// walk-58: a literal datasource of an input only staging maps went unwarned and unfixed into production; a `not fixed`
// place pointed into the text the same run had rewritten; the warning never named check --fix, nor the hook the way to
// run it on a file the commit did not stage.

const STAGING = { url: 'http://127.0.0.1:9', inputs: { DS_PROMETHEUS: 'prom-staging', DS_TEMPO: 'tempo-staging' } };
const PRODUCTION = { url: 'http://127.0.0.1:9', orgId: 2, inputs: { DS_PROMETHEUS: 'prom-main' } };

const ref = (type: string, uid: string) => ({ type, uid });
const dashboard = (uid: string, panels: { type: string; uid: string }[]) => ({
  uid,
  title: uid,
  schemaVersion: 41,
  panels: panels.map((datasource, index) => ({ id: index + 1, type: 'timeseries', title: `P${index + 1}`, gridPos: { x: 0, y: index * 8, w: 12, h: 8 }, datasource })),
});

const FILE = 'dashboards/edge.json';

/** line:col of the first place `literal` is written in `text` (its opening quote), as check reports it. */
function placeOf(text: string, literal: string): string {
  const offset = text.indexOf(JSON.stringify(literal));
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

const fixLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('fixed ') || line.startsWith('not fixed '));

describe('check and check --fix: a literal datasource of an input not every environment maps', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('warns (check and production\'s plan), and --fix leaves it, saying production maps no such input', async () => {
    const production = await startTestSandbox({ grafanaVersion: '12' });
    const config = { environments: { staging: STAGING, production: { ...PRODUCTION, url: production.url, orgId: 1 } } };
    const text = canonicalJson(dashboard('edge', [ref('tempo', 'tempo-staging'), ref('prometheus', 'prom-staging')]));
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(config), [FILE]: text });
    const at = placeOf(text, 'tempo-staging');

    const checked = await runCli(['check'], { cwd: tree.dir });
    expect(checked.stdout).toContain(
      `${FILE}:${at}: warning: datasource uid "tempo-staging" is environment staging's DS_TEMPO, and environment production maps no DS_TEMPO (where it deploys this file, it gets this datasource too): map DS_TEMPO there and write "\${DS_TEMPO}" so each environment gets its own (datasource-literal-of-env)\n`,
    );

    const plan = await runCli(['plan', '--env', 'production'], { cwd: tree.dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`datasource uid "tempo-staging" is environment staging's DS_TEMPO, and environment production maps no DS_TEMPO`);

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });
    const written = await readFile(join(tree.dir, FILE), 'utf8');
    expect(written).toBe(canonicalJson(dashboard('edge', [ref('tempo', 'tempo-staging'), ref('prometheus', '${DS_PROMETHEUS}')])));
    expect(fixLines(fixed.stderr)).toEqual([
      `fixed ${FILE}: wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS)`,
      `not fixed ${FILE}:${placeOf(written, 'tempo-staging')}: datasource uid "tempo-staging" is environment staging's DS_TEMPO, but "\${DS_TEMPO}" would stop the plan of environment production, which deploys this file, so it is left as it is; input DS_TEMPO is not mapped for environment production: add "DS_TEMPO": "<datasource uid>" to the "inputs" of environment "production" (under "environments") in dashsync.config.json, or to the top-level "inputs" for every environment, then run dashsync check --fix again`,
    ]);
  });

  it('plan --all-envs says each such warning once for the run, naming the check --fix of every environment', async () => {
    const grafana = await startTestSandbox({ grafanaVersion: '12' });
    const config = { url: grafana.url, environments: { staging: { inputs: STAGING.inputs }, production: { inputs: { ...PRODUCTION.inputs, DS_TEMPO: 'tempo-main' } } } };
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(config), [FILE]: canonicalJson(dashboard('edge', [ref('tempo', 'tempo-staging'), ref('prometheus', 'prom-staging')])) });
    await commitAll(tree.dir, 'tree');

    const planned = await runCli(['plan', '--all-envs'], { cwd: tree.dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    const literals = planned.stdout.split('\n').filter((line) => line.endsWith('(datasource-literal-of-env)'));
    expect(literals).toHaveLength(2);
    expect(literals.every((line) => line.includes('; dashsync check --fix writes it, or says why not'))).toBe(true);
  });

  it('names the place left where the file it rewrote holds it, and says the file was reformatted', async () => {
    // One line per panel, as a hand-written file may be: the canonical rewrite moves every place.
    const config = { environments: { staging: { ...STAGING, inputs: { ...STAGING.inputs, DS_GRAPHITE: 'graphite-staging', DS_GRAPHITE2: 'graphite-staging' } }, production: { ...PRODUCTION, inputs: { ...PRODUCTION.inputs, DS_TEMPO: 'tempo-main', DS_GRAPHITE: 'graphite-main', DS_GRAPHITE2: 'graphite-b' } } } };
    const model = dashboard('edge', [ref('prometheus', 'prom-staging'), ref('graphite', 'graphite-staging')]);
    const text = `{"uid": "edge", "title": "edge", "schemaVersion": 41, "panels": [\n${model.panels.map((one) => JSON.stringify(one)).join(',\n')}\n]}\n`;
    tree = await makeTempTree({ 'dashsync.config.json': canonicalJson(config), [FILE]: text });

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    const written = await readFile(join(tree.dir, FILE), 'utf8');
    const place = placeOf(written, 'graphite-staging');
    expect(place).not.toBe(placeOf(text, 'graphite-staging'));
    const lines = fixLines(fixed.stderr);
    expect(lines[0]).toBe(`fixed ${FILE}: reformatted, wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS)`);
    expect(lines[1]).toMatch(new RegExp(`^not fixed ${FILE}:${place}: datasource uid "graphite-staging" is `));
    // The check after the fix names the same place.
    expect(fixed.stdout).toContain(`${FILE}:${place}: warning: datasource uid "graphite-staging"`);
  });

  it('names check --fix as this run was typed, on each warning and on its "… and N more" line', async () => {
    const config = { environments: { staging: STAGING, production: { ...PRODUCTION, inputs: { ...PRODUCTION.inputs, DS_TEMPO: 'tempo-main' } } } };
    const files = Object.fromEntries(Array.from({ length: 22 }, (_, index) => [`grafana/d${String(index).padStart(2, '0')}.json`, canonicalJson(dashboard(`d${index}`, [ref('prometheus', 'prom-staging')]))]));
    tree = await makeTempTree({ 'conf/dashsync.json': canonicalJson(config), ...files });

    const checked = await runCli(['check', '--config', 'conf/dashsync.json', '--root', 'grafana'], { cwd: tree.dir });

    expect(checked.stdout).toContain(
      'grafana/d00.json:6:16: warning: datasource uid "prom-staging" is environment staging\'s DS_PROMETHEUS: write "${DS_PROMETHEUS}" so each environment gets its own; dashsync check --config conf/dashsync.json --root grafana --fix writes it, or says why not (datasource-literal-of-env)\n',
    );
    expect(checked.stdout).toContain('… and 2 more datasource-literal-of-env warnings (--verbose lists every one): dashsync check --config conf/dashsync.json --root grafana --fix writes their placeholders, or says why not\n');
  });

  it('under the pre-commit hook with --fix, names pre-commit run for a file with such a warning that the commit does not stage', async () => {
    const tempo = 'dashboards/team-b/tempo.json';
    const config = (production: object) => canonicalJson({ environments: { staging: STAGING, production: { ...PRODUCTION, ...production } } });
    tree = await makeTempTree({ 'dashsync.config.json': config({ inputs: { DS_PROMETHEUS: 'prom-main' } }), [tempo]: canonicalJson(dashboard('tempo', [ref('tempo', 'tempo-staging')])) });
    await commitAll(tree.dir, 'tree');
    await tree.write({ 'dashsync.config.json': config({ inputs: { DS_PROMETHEUS: 'prom-main', DS_TEMPO: 'tempo-main' } }) });
    execFileSync('git', ['add', 'dashsync.config.json'], { cwd: tree.dir, stdio: 'pipe' });

    const hook = await runCli(['check', '--pre-commit', '--fix', 'dashsync.config.json'], { cwd: tree.dir });

    expect(hook.stdout).toContain(`${tempo}:6:16: warning: datasource uid "tempo-staging"`);
    expect(hook.stderr).toContain(
      `note: this hook's dashsync is not on PATH (it lives in pre-commit's environment): --fix rewrote only the staged files: for the warnings above that check --fix rewrites in ${tempo}, run pre-commit run dashsync-check --files ${tempo}, then review, stage and commit them\n`,
    );
  });
});
