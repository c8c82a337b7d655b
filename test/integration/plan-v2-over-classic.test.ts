import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyExampleTree } from '../e2e/apply/workspace.js';
import { commitAll, makeWorkDir } from '../pull/pull-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test applies the example tree to two orgs and plans several times (in-process CLI).
vi.setConfig({ testTimeout: 120_000 });

const NODES = 'dashboards/platform/kubernetes/node-resources.json';

/**
 * The example tree (classic files) applied to environments staging (org 1) and production (org 2) of one Grafana 13,
 * committed: audit-ux-13's scenario 1 after the upgrade.
 */
async function twoEnvironments() {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  expect((await apiRequest(sandbox, 'POST', '/api/orgs', { name: 'Production' })).status).toBe(200);
  const dir = await makeWorkDir();
  await copyExampleTree(dir);
  const config = { root: 'dashboards', inputs: { DS_PROMETHEUS: 'prometheus' }, url: sandbox.url, environments: { staging: { orgId: 1 }, production: { orgId: 2 } } };
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config, null, 2));
  await commitAll(dir, 'the tree');
  const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  for (const env of ['staging', 'production']) expect((await cli(['apply', '--env', env])).code).toBe(0);
  /** A teammate saves `uid` in staging's dynamic-dashboards editor (a new description), and the v2 file is pulled and committed. */
  const savedAsV2InStaging = async (uid: string) => {
    const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid, orgId: 1 }) });
    expect(edit.status).toBe(200);
    const pulled = await cli(['pull', '--env', 'staging', uid]);
    expect(pulled.code).toBe(0);
    await commitAll(dir, `pull ${uid}`);
  };
  return { sandbox, dir, cli, savedAsV2InStaging };
}

interface PlanJson {
  dashboards: { uid: string; action: string; changes: { path: string; before?: unknown; after?: unknown }[] }[];
  warnings: { kind: string; uid: string | null; code?: string; message?: string; stored?: string; sharedWith?: string[] }[];
}

describe('a v2 file planned against a classic dashboard (promoted from staging after a v2 save there)', () => {
  // walk-68 L4: the UI's v2 save writes a custom variable's options as [], which Grafana lists anew on load: not removals.
  it("lists no custom variable's options as removed where the v2 file holds options [] (the UI's v2 save); the apply stores it", async () => {
    const { dir, cli, savedAsV2InStaging } = await twoEnvironments();
    await savedAsV2InStaging('checkout-api-red');
    const file = JSON.parse(await readFile(join(dir, 'dashboards/applications/checkout/checkout-api.json'), 'utf8'));
    expect(file.spec.variables.filter((variable: { kind: string }) => variable.kind === 'CustomVariable').map((variable: { spec: { options: unknown } }) => variable.spec.options)).toEqual([[], []]);

    const text = await cli(['plan', '--env', 'production']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('~ apiVersion: "classic dashboard" → "dashboard.grafana.app/v2"');
    expect(text.stdout).not.toMatch(/variables\[name="(env|quantile)"\]\.spec\.options/);
    expect((await cli(['apply', '--env', 'production'])).code).toBe(0);
  });

  it("shows the content changes from Grafana's v2 conversion of the live dashboard, with a note, and the format warning names the environment sharing the file", async () => {
    const { dir, cli, savedAsV2InStaging } = await twoEnvironments();
    await savedAsV2InStaging('k8s-node-resources');
    expect(JSON.parse(await readFile(join(dir, NODES), 'utf8')).apiVersion).toBe('dashboard.grafana.app/v2');

    const text = await cli(['plan', '--env', 'production']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('~ apiVersion: "classic dashboard" → "dashboard.grafana.app/v2"');
    expect(text.stdout).toMatch(/~ description: "node_exporter view of every node[^"]*" → "Edited in the Grafana UI by editor \(after version 1\)"/);
    expect(text.stdout).toContain(
      'format: k8s-node-resources "Kubernetes / Node Resources" is stored in Grafana as a classic dashboard and its file, which environment staging deploys too, holds dashboard.grafana.app/v2: ' +
        "applying takes the file's here; to keep Grafana's instead, dashsync pull --env production k8s-node-resources rewrites that shared file as Grafana's classic dashboard, which changes it for environment staging too",
    );
    expect(text.stdout).toContain(
      `k8s-node-resources "Kubernetes / Node Resources" (${NODES}): Grafana stores this dashboard in another schema (classic); its field changes compare the file with Grafana's conversion of it to v2 (its empty values are not shown); dashsync pull --env production k8s-node-resources && git diff shows Grafana's own form`,
    );

    const json = JSON.parse((await cli(['plan', '--env', 'production', '--format', 'json'])).stdout) as PlanJson;
    const nodes = json.dashboards.find((action) => action.uid === 'k8s-node-resources')!;
    expect(nodes.action).toBe('update');
    expect(nodes.changes.map((change) => change.path)).toEqual(['apiVersion', 'description']);
    expect(json.warnings).toContainEqual(expect.objectContaining({ kind: 'format', uid: 'k8s-node-resources', stored: 'a classic dashboard', sharedWith: ['staging'] }));
    expect(json.warnings).toContainEqual(expect.objectContaining({ kind: 'note', uid: 'k8s-node-resources', code: 'classic-content-converted' }));
  });

  it('says the content differences are not shown, and why, when Grafana cannot convert the classic dashboard to v2', async () => {
    const { sandbox, cli, savedAsV2InStaging } = await twoEnvironments();
    await savedAsV2InStaging('k8s-node-resources');
    // Someone adds a variable of a type Grafana's conversion to v2 cannot map, in production's classic dashboard.
    const read = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/k8s-node-resources', undefined, adminHeaders(2));
    const model = read.body.dashboard;
    model.templating.list.push({ name: 'odd', type: 'unknown-kind', query: '' });
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: model, folderUid: read.body.meta.folderUid, overwrite: true }, adminHeaders(2));
    expect(saved.status).toBe(200);

    const text = await cli(['plan', '--env', 'production']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('~ apiVersion: "classic dashboard" → "dashboard.grafana.app/v2"');
    expect(text.stdout).not.toContain('~ description:');
    expect(text.stdout).toContain(
      `content differences not shown: Grafana stores this dashboard in another schema (classic) (Grafana's conversion to v2 failed: unsupported variable type: unknown-kind); dashsync pull --env production k8s-node-resources && git diff shows them`,
    );
  });
});

describe("a classic file planned against Grafana's v2 save of it: what the conversion back to the classic model makes up is no change", () => {
  it('shows only the edit, not renumbered rows, an empty fieldConfig or a textbox\'s blank option, and the note\'s command names --env', async () => {
    const { sandbox, cli } = await twoEnvironments();
    for (const uid of ['k8s-node-resources', 'checkout-logs', 'platform-overview']) {
      const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid, orgId: 1, spec: { description: `v2 save of ${uid}` } }) });
      expect(edit.status).toBe(200);
    }
    const json = JSON.parse((await cli(['plan', '--env', 'staging', '--format', 'json'])).stdout) as PlanJson;
    for (const uid of ['k8s-node-resources', 'checkout-logs', 'platform-overview']) {
      const action = json.dashboards.find((dashboard) => dashboard.uid === uid)!;
      expect(action.changes.map((change) => change.path), uid).toEqual(['apiVersion', 'description']);
      expect(action.changes[1]).toMatchObject({ before: `v2 save of ${uid}` });
    }
    const text = await cli(['plan', '--env', 'staging']);
    expect(text.stdout).toContain('the row ids it numbers anew');
    expect(text.stdout).toContain('dashsync pull --env staging checkout-logs && git diff shows Grafana\'s own form');
    expect(text.stdout).not.toMatch(/panels\[id=90\d/);
  });
});

describe('a conflict whose live edit switched the schema (a v2 save over a committed classic change)', () => {
  it('the conflict line and pull\'s refusal say Grafana now stores it as v2: pull --force rewrites the whole file, apply --force puts the classic file back', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await makeWorkDir();
    await copyExampleTree(dir);
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', inputs: { DS_PROMETHEUS: 'prometheus' }, url: sandbox.url }));
    await commitAll(dir, 'the tree');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect((await cli(['apply'])).code).toBe(0);
    const file = join(dir, 'dashboards/applications/checkout/checkout-logs.json');
    const model = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...model, title: 'Checkout Logs (git)' }, null, 2));
    await commitAll(dir, 'retitle checkout-logs');
    expect((await cli(['plan', '--out', 'cl.plan.json'])).code).toBe(0);
    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'checkout-logs' }) })).status).toBe(200);

    const applied = await cli(['apply', 'cl.plan.json']);
    expect(applied.code).toBe(1);
    const conflict = `${applied.stdout}${applied.stderr}`.split('\n').find((line) => line.includes('conflict: checkout-logs'));
    // review-12 LOW-6: two sentences, not one run on with a comma.
    expect(conflict).toContain(
      'Run dashsync plan to review. Grafana now stores it as a v2 dashboard: dashsync pull --force checkout-logs rewrites the whole file in that form to take the live edit (your change stays in its commit, to make again in that form), or dashsync apply --force cl.plan.json to put your classic file back over it',
    );
    expect(conflict).not.toContain('bring your change back');

    const pulled = await cli(['pull', 'checkout-logs']);
    expect(pulled.code).toBe(1);
    expect(`${pulled.stdout}${pulled.stderr}`).toContain(
      'Grafana now stores it as a v2 dashboard: dashsync pull --force checkout-logs rewrites the whole file in that form (your change stays in its commit, to make again there), or dashsync apply --force puts your classic file back over it',
    );
  });
});

// walk-63 M3: a v2 save in production, the file shared with staging on api "legacy", which takes no v2 file of any version:
// neither the plan's format warning nor pull's note may advise a form staging can never deploy.
describe('a classic file saved as v2 in production, shared with an environment on api "legacy"', () => {
  it("the plan's format warning and pull's note give check's v2-unserved words, not a pull or a v2beta1 file", async () => {
    const { sandbox, dir, cli } = await twoEnvironments();
    const config = JSON.parse(await readFile(join(dir, 'dashsync.config.json'), 'utf8'));
    config.environments.staging.api = 'legacy';
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config, null, 2));
    await commitAll(dir, 'staging reads /api');
    const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'k8s-node-resources', orgId: 2 }) });
    expect(edit.status).toBe(200);

    const legacy = /environment staging uses the legacy \/api \("api" of environment "staging" in dashsync\.config\.json:\d+:\d+\), which takes no v2 dashboard: its plan would stop on this file\./;
    const plan = await cli(['plan', '--env', 'production']);
    expect(plan.code).toBe(0);
    const format = plan.stdout.split('\n').find((line) => line.includes('format: k8s-node-resources')) ?? '';
    expect(format).toContain("applying takes the file's here, which keeps it deployable there; pulling Grafana's form would not: Grafana's form of it is a dashboard.grafana.app/v2 file, and ");
    expect(format).toMatch(legacy);
    expect(format).not.toContain('to keep Grafana');

    const pulled = await cli(['pull', '--env', 'production', 'k8s-node-resources']);
    expect(pulled.code).toBe(0);
    expect(pulled.stderr).toMatch(legacy);
    expect(pulled.stderr).not.toContain('v2 is served by Grafana 13 and later only');
    expect((await cli(['check'])).stdout).toMatch(legacy);
  });
});
