import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { copyExampleTree, emptyWorkspace, getDashboard, readJson, writes } from './workspace.js';

// Each test runs the CLI (in-process) several times against two sandboxes.
vi.setConfig({ testTimeout: 120_000 });


interface TwoGrafanas {
  dir: string;
  staging: SandboxHandle;
  production: SandboxHandle;
  /** GRAFANA_TOKEN_STAGING / GRAFANA_TOKEN_PRODUCTION, as a CI job would set them. */
  env: Record<string, string>;
  cli(args: string[], env?: Record<string, string>): ReturnType<typeof runCliInProcess>;
}

/**
 * The example tree (its Redis dashboard is an export with ${DS_PROMETHEUS}) and one config with
 * two environments, each with its own Grafana and its own Prometheus datasource uid.
 */
async function twoGrafanas(): Promise<TwoGrafanas> {
  const [staging, production] = await Promise.all([startTestSandbox(), startTestSandbox({ grafanaVersion: '13' })]);
  const env = { GRAFANA_TOKEN_STAGING: await staging.createToken('Editor'), GRAFANA_TOKEN_PRODUCTION: await production.createToken('Editor') };
  const dir = await emptyWorkspace();
  await copyExampleTree(dir, { resources: true });
  const config = {
    $schema: './node_modules/dashsync/dashsync.schema.json',
    inputs: { DS_PROMETHEUS: 'prometheus' },
    environments: {
      staging: { url: staging.url, inputs: { DS_PROMETHEUS: 'prom-staging' } },
      production: { url: production.url, inputs: { DS_PROMETHEUS: 'prom-production' }, maxDeletes: 0 },
    },
  };
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config, null, 2));
  return { dir, staging, production, env, cli: (args, extra = {}) => runCliInProcess(args, { cwd: dir, env: { ...env, ...extra } }) };
}

const datasourceUid = async (sandbox: SandboxHandle) => ((await getDashboard(sandbox, 'redis-exporter')).dashboard.panels as { datasource: { uid: string } }[])[0]!.datasource.uid;

describe('one tree, two Grafanas', () => {
  it('plans both in one run, applies each, and each Grafana holds its own datasource uids', async () => {
    const grafanas = await twoGrafanas();
    const plan = await grafanas.cli(['plan', '--env', 'staging', '--env', 'production', '--out', 'plans', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    const headings = plan.stdout.split('\n').filter((line) => line.startsWith('dashsync plan for')).map((line) => line.split(' through /api')[0]);
    expect(headings).toEqual([`dashsync plan for environment staging: ${grafanas.staging.url} (org 1, from the credentials)`, `dashsync plan for environment production: ${grafanas.production.url} (org 1, from the credentials)`]);
    expect(plan.stdout.match(/^Plan: 10 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged\./gm)).toHaveLength(2);
    expect(plan.stderr).toBe(
      'Saved the plan for staging to plans/staging.plan.json; apply it with: dashsync apply --env staging plans/staging.plan.json\n' +
        'Saved the plan for production to plans/production.plan.json; apply it with: dashsync apply --env production plans/production.plan.json\n',
    );
    const saved = await readJson(join(grafanas.dir, 'plans/production.plan.json'));
    expect(saved.target).toMatchObject({ url: grafanas.production.url, environment: 'production' });
    expect(JSON.stringify(saved)).not.toContain(grafanas.env.GRAFANA_TOKEN_PRODUCTION);
    expect(writes(grafanas.staging)).toEqual([]);

    for (const name of ['staging', 'production']) {
      const apply = await grafanas.cli(['apply', '--env', name, `plans/${name}.plan.json`]);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
    }
    expect(await datasourceUid(grafanas.staging)).toBe('prom-staging');
    expect(await datasourceUid(grafanas.production)).toBe('prom-production');

    const again = await grafanas.cli(['plan', '--all-envs', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    // A Grafana on legacy SQL storage keeps no labels: its labelled dashboards are counted apart from the unchanged ones.
    const summaries = [...again.stdout.matchAll(/^Plan: 0 to create, 0 to update, 0 to move, 0 to delete, (\d+) unchanged(?:, (\d+) with labels Grafana does not keep \(nothing to write\))?\./gm)];
    expect(summaries.map((match) => Number(match[1]) + Number(match[2] ?? 0))).toEqual([10, 10]);
  });

  // nl-60: the plan it advised named --env alone: pasted, it read the default config file, and planned without the prune.
  it("the refusal of a plan made for another environment advises a plan with the run's --config and the plan's --prune", async () => {
    const grafanas = await twoGrafanas();
    await rename(join(grafanas.dir, 'dashsync.config.json'), join(grafanas.dir, 'team.config.json'));
    expect((await grafanas.cli(['plan', '--config', 'team.config.json', '--env', 'staging', '--prune', '--out', 'staging.json'])).code).toBe(0);
    const result = await grafanas.cli(['apply', '--config', 'team.config.json', '--env', 'production', 'staging.json']);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      '',
      'error: the plan was made for environment staging, not production; nothing was applied. Apply it with --env staging, or run dashsync plan --env production --config team.config.json --prune\n',
    ]);
  });

  it('refuses a plan made for staging when applied with --env production, before any write', async () => {
    const grafanas = await twoGrafanas();
    expect((await grafanas.cli(['plan', '--env', 'staging', '--out', 'staging.json'])).code).toBe(0);
    grafanas.production.clearRequests();
    const result = await grafanas.cli(['apply', '--env', 'production', 'staging.json']);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      '',
      'error: the plan was made for environment staging, not production; nothing was applied. Apply it with --env staging, or run dashsync plan --env production\n',
    ]);
    expect(grafanas.production.requests()).toEqual([]);
    expect(writes(grafanas.staging)).toEqual([]);
  });

  // review-55 F6: the plan's environment renamed in the config (production → prod), applied with --env prod: the refusal said
  // "Apply it with --env production", a name the config no longer defines, whose paste ended in another refusal.
  it('a plan for an environment renamed since, applied with the new name: the refusal says so and gives a plan again that works', async () => {
    const grafanas = await twoGrafanas();
    expect((await grafanas.cli(['plan', '--env', 'production', '--out', 'production.plan.json'])).code).toBe(0);
    const configFile = join(grafanas.dir, 'dashsync.config.json');
    await writeFile(configFile, (await readFile(configFile, 'utf8')).replace('"production":', '"prod":'));
    const env = { GRAFANA_TOKEN_PROD: grafanas.env.GRAFANA_TOKEN_PRODUCTION! };
    grafanas.production.clearRequests();
    const refused = await grafanas.cli(['apply', '--env', 'prod', 'production.plan.json'], env);
    const next = 'dashsync plan --env prod --out production.plan.json';
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      `error: the plan was made for environment production, which dashsync.config.json no longer defines, not for prod; nothing was applied. Run ${next} again and review it, then dashsync apply --env prod production.plan.json\n`,
    ]);
    expect(writes(grafanas.production)).toEqual([]);
    // Pasted as printed.
    expect((await grafanas.cli(next.split(' ').slice(1), env)).code).toBe(0);
    const applied = await grafanas.cli(['apply', '--env', 'prod', 'production.plan.json'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await datasourceUid(grafanas.production)).toBe('prom-production');
  });

  it('a saved plan without --env: DASHSYNC_ENV naming another is refused; GRAFANA_TOKEN alone is refused before any request, applied once DASHSYNC_ENV names it', async () => {
    const grafanas = await twoGrafanas();
    expect((await grafanas.cli(['plan', '--env', 'staging', '--out', 'plans/staging.plan.json'])).code).toBe(0);
    grafanas.production.clearRequests();
    const other = await grafanas.cli(['apply', 'plans/staging.plan.json'], { DASHSYNC_ENV: 'production' });
    expect([other.code, other.stdout, other.stderr]).toEqual([
      1,
      '',
      'error: the plan was made for environment staging, not production; nothing was applied. Apply it with --env staging, or run dashsync plan --env production\n',
    ]);
    expect(writes(grafanas.staging)).toEqual([]);

    // GRAFANA_TOKEN is every environment's fallback: without --env nothing says it is meant for the plan's Grafana.
    grafanas.staging.clearRequests();
    const generic = await runCliInProcess(['apply', 'plans/staging.plan.json'], { cwd: grafanas.dir, env: { GRAFANA_TOKEN: grafanas.env.GRAFANA_TOKEN_STAGING! } });
    expect([generic.code, generic.stdout, generic.stderr]).toEqual([
      1,
      '',
      "error: GRAFANA_TOKEN without --env, and plans/staging.plan.json was made for environment staging: add --env staging (the plan's) so the token is meant for its Grafana, or set GRAFANA_TOKEN_STAGING; nothing was applied\n",
    ]);
    expect(grafanas.staging.requests()).toEqual([]);
    const named = await runCliInProcess(['apply', 'plans/staging.plan.json'], { cwd: grafanas.dir, env: { GRAFANA_TOKEN: grafanas.env.GRAFANA_TOKEN_STAGING!, DASHSYNC_ENV: 'staging' } });
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/^Applied: 10 created, /m);
    expect(await datasourceUid(grafanas.staging)).toBe('prom-staging');
    expect(writes(grafanas.production)).toEqual([]);
  });

  it('applies a saved plan without --env with the environment\'s own token, and says so first', async () => {
    const grafanas = await twoGrafanas();
    expect((await grafanas.cli(['plan', '--env', 'staging', '--out', 'plans/staging.plan.json'])).code).toBe(0);
    const apply = await grafanas.cli(['apply', 'plans/staging.plan.json']);
    expect(apply.code).toBe(0);
    expect(apply.stderr).toBe('plans/staging.plan.json was made for environment staging: applying it there (no --env given)\n');
    expect(apply.stdout).toMatch(/^Applied: 10 created, /m);
    expect(await datasourceUid(grafanas.staging)).toBe('prom-staging');
    expect(writes(grafanas.production)).toEqual([]);
  });

  it('refuses a staging plan with no changes under --env production too, instead of saying production matches the tree', async () => {
    const grafanas = await twoGrafanas();
    expect((await grafanas.cli(['apply', '--env', 'staging'])).code).toBe(0);
    expect((await grafanas.cli(['plan', '--env', 'staging', '--out', 'staging.json'])).code).toBe(0);
    expect((await readJson(join(grafanas.dir, 'staging.json'))).summary).toMatchObject({ create: 0, update: 0, delete: 0 });

    const wrong = await grafanas.cli(['apply', '--env', 'production', 'staging.json']);
    expect([wrong.code, wrong.stdout, wrong.stderr]).toEqual([
      1,
      '',
      'error: the plan was made for environment staging, not production; nothing was applied. Apply it with --env staging, or run dashsync plan --env production\n',
    ]);
    const right = await grafanas.cli(['apply', '--env', 'staging', 'staging.json']);
    expect([right.code, right.stdout, right.stderr]).toEqual([0, 'Nothing to apply: the saved plan has no changes.\n', '']);
  });

  it('json: one document holding each plan; a failing environment is reported while the others are still planned', async () => {
    const grafanas = await twoGrafanas();
    const result = await grafanas.cli(['plan', '--all-envs', '--format', 'json'], { GRAFANA_TOKEN_PRODUCTION: 'glsa_wrong_token_0123456789' });
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout);
    expect(document.plans.map((p: { target: { environment: string } }) => p.target.environment)).toEqual(['staging']);
    expect(document.plans[0].summary.create).toBe(10);
    expect(document.errors).toEqual([{ environment: 'production', message: expect.stringMatching(/^GET \/apis? ?.* failed: HTTP 401/) }]);
    expect(result.stderr).toMatch(/^error: environment production: GET \/apis? ?.* failed: HTTP 401/);
    // The hint names the variable the refused token came from, not a pattern to work out.
    expect(result.stderr).toContain('(check GRAFANA_TOKEN_PRODUCTION: credentials of this Grafana and org, not expired)');
    expect(`${result.stdout}${result.stderr}`).not.toContain('glsa_wrong_token_0123456789');
  });

  it('json and markdown: each environment\'s plan carries the retries its own run took', async () => {
    const grafanas = await twoGrafanas();
    const refuseOnce = () => grafanas.staging.setFaults({ methods: ['GET'], pathPrefix: '/apis', script: [{ kind: 'status', status: 503 }] });
    refuseOnce();
    const json = JSON.parse((await grafanas.cli(['plan', '--all-envs', '--format', 'json'])).stdout);
    expect(json.plans.map((p: { target: { environment: string }; retried?: unknown }) => [p.target.environment, p.retried])).toEqual([
      ['staging', { requests: 1, retries: 1, reasons: { '503': 1 } }],
      ['production', undefined],
    ]);
    refuseOnce();
    const markdown = await grafanas.cli(['plan', '--all-envs', '--format', 'markdown']);
    const [staging, production] = markdown.stdout.split(/^## dashsync plan · production$/m);
    expect(staging).toMatch(/\n\n> \[!NOTE\]\n> - 1 request retried \(503: 1\)\n\n$/);
    expect(production).not.toContain('retried');
    expect(markdown.stderr).toBe('note: staging: 1 request retried (503: 1)\n');
  });

  it('text and markdown: a failing environment gets its own section saying it was not planned, where its plan would be', async () => {
    const grafanas = await twoGrafanas();
    const wrong = { GRAFANA_TOKEN_PRODUCTION: 'glsa_wrong_token_0123456789' };
    const markdown = await grafanas.cli(['plan', '--all-envs', '--format', 'markdown'], wrong);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout.match(/^## dashsync plan · \w+$/gm)).toEqual(['## dashsync plan · staging', '## dashsync plan · production']);
    expect(markdown.stdout).toMatch(/\n## dashsync plan · production\n\n\*\*not planned:\*\* GET \/apis? ?.* failed: HTTP 401.*\(check GRAFANA\\_TOKEN\\_PRODUCTION: credentials of this Grafana and org, not expired\)\n$/);

    const text = await grafanas.cli(['plan', '--all-envs'], wrong);
    expect(text.code).toBe(1);
    const headings = text.stdout.split('\n').filter((line) => line.startsWith('dashsync plan for'));
    expect(headings[0]).toMatch(/^dashsync plan for environment staging: http/);
    expect(headings[1]).toMatch(/^dashsync plan for environment production: not planned: GET \/apis? ?.* failed: HTTP 401/);
    expect(`${markdown.stdout}${text.stdout}`).not.toContain('glsa_wrong_token_0123456789');
  });

  it('json: a tree with errors for one environment carries its file lines, as text prints them', async () => {
    const grafanas = await twoGrafanas();
    // Only staging maps ${DS_LOKI}: production's plan stops at the file.
    const config = await readJson(join(grafanas.dir, 'dashsync.config.json'));
    config.environments.staging.inputs.DS_LOKI = 'loki-staging';
    await writeFile(join(grafanas.dir, 'dashsync.config.json'), JSON.stringify(config, null, 2));
    const logs = { panels: [{ datasource: { type: 'loki', uid: '${DS_LOKI}' }, id: 1, title: 'Logs', type: 'logs' }], title: 'Logs', uid: 'logs-1' };
    await writeFile(join(grafanas.dir, 'dashboards/logs.json'), `${JSON.stringify(logs, null, 2)}\n`);

    const text = await grafanas.cli(['plan', '--all-envs']);
    const fileLine = text.stderr.split('\n').find((line) => line.startsWith('dashboards/logs.json:'))!;
    expect(fileLine).toMatch(/^dashboards\/logs\.json:(\d+):(\d+): error: .*DS_LOKI.* \(input-unmapped\)$/);
    const [, line, col] = fileLine.match(/^dashboards\/logs\.json:(\d+):(\d+):/)!;
    expect(text.stdout).toContain('dashsync plan for environment production: not planned: 1 error in the dashboards tree; nothing was sent to Grafana (listed above; dashsync check --env production lists them again)\n');

    const json = await grafanas.cli(['plan', '--all-envs', '--format', 'json']);
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout);
    expect(document.plans.map((p: { target: { environment: string } }) => p.target.environment)).toEqual(['staging']);
    expect(document.errors).toEqual([
      {
        environment: 'production',
        message: '1 error in the dashboards tree',
        diagnostics: [{ file: 'dashboards/logs.json', line: Number(line), col: Number(col), severity: 'error', rule: 'input-unmapped', message: expect.stringContaining('DS_LOKI') }],
      },
    ]);
    expect(fileLine).toContain(document.errors[0].diagnostics[0].message);
  });

  it('refuses --url or GRAFANA_URL with --all-envs when the environments have their own Grafanas: nothing is sent to either', async () => {
    const grafanas = await twoGrafanas();
    const urls = `(staging: ${grafanas.staging.url}, production: ${grafanas.production.url})`;
    const flag = await grafanas.cli(['plan', '--all-envs', '--url', grafanas.production.url]);
    expect([flag.code, flag.stdout, flag.stderr]).toEqual([
      1,
      '',
      `error: --url sends every environment of this run to one Grafana, but dashsync.config.json gives them different urls ${urls}: with several environments each one's own is used; drop --url, or plan one environment at a time (--env NAME --url …)\n`,
    ]);
    const variable = await grafanas.cli(['plan', '--all-envs', '--out', 'plans'], { GRAFANA_URL: grafanas.production.url });
    expect([variable.code, variable.stderr]).toEqual([1, expect.stringMatching(/^error: GRAFANA_URL sends every environment of this run to one Grafana, .*; unset GRAFANA_URL, or plan one environment at a time \(--env NAME\)\n$/)]);
    expect([...grafanas.staging.requests(), ...grafanas.production.requests()]).toEqual([]);
  });

  it('names the environments when none is chosen, and refuses --out naming a file for several', async () => {
    const grafanas = await twoGrafanas();
    const none = await grafanas.cli(['plan']);
    expect([none.code, none.stderr]).toEqual([
      1,
      'error: dashsync.config.json defines environments staging, production: choose one with --env NAME (or DASHSYNC_ENV, or the Action\'s "environment" input)\n',
    ]);
    await writeFile(join(grafanas.dir, 'plan.json'), '{}');
    const out = await grafanas.cli(['plan', '--all-envs', '--out', 'plan.json']);
    expect([out.code, out.stdout, out.stderr]).toEqual([
      1,
      '',
      'error: --out plan.json is a file: with several environments --out names a directory, which gets one <env>.plan.json per environment; name a directory, e.g. --out plan\n',
    ]);
    expect(await readFile(join(grafanas.dir, 'plan.json'), 'utf8')).toBe('{}');
    expect(writes(grafanas.staging)).toEqual([]);
    expect(grafanas.production.requests()).toEqual([]);
  });

  // walk-73: `--out p.json` with several environments made a directory p.json/; a name ending in .json is a file's.
  it('refuses a new --out ending in .json for several environments, making nothing; a trailing slash makes that directory, and apply names a plan in it', async () => {
    const grafanas = await twoGrafanas();
    const refused = await grafanas.cli(['plan', '--env', 'staging', '--env', 'production', '--out', 'out/p.json']);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      'error: --out out/p.json names a file (it ends in .json): with several environments --out names a directory, which gets one <env>.plan.json per environment; name a directory, e.g. --out out/p (or --out out/p.json/ for a directory of that name)\n',
    ]);
    expect(await stat(join(grafanas.dir, 'out')).catch((error: NodeJS.ErrnoException) => error.code)).toBe('ENOENT');
    expect([...grafanas.staging.requests(), ...grafanas.production.requests()]).toEqual([]);

    const planned = await grafanas.cli(['plan', '--env', 'staging', '--env', 'production', '--out', 'p.json/']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain('Saved the plan for production to p.json/production.plan.json; apply it with: dashsync apply --env production p.json/production.plan.json\n');
    expect((await readdir(join(grafanas.dir, 'p.json'))).sort()).toEqual(['production.plan.json', 'staging.plan.json']);
    // The directory made before stays one: a second run names it without the slash.
    expect((await grafanas.cli(['plan', '--all-envs', '--out', 'p.json'])).code).toBe(0);
    const applied = await grafanas.cli(['apply', '--env', 'staging', 'p.json']);
    expect([applied.code, applied.stderr]).toEqual([1, 'error: cannot read plan file p.json: it is a directory, not a plan file; name the plan file in it, e.g. dashsync apply --env staging p.json/staging.plan.json; nothing was applied\n']);
    expect(writes(grafanas.staging)).toEqual([]);
  });

  it('a missing dashboards root is one configuration error before any environment is planned, in text and json', async () => {
    const grafanas = await twoGrafanas();
    const configFile = join(grafanas.dir, 'dashsync.config.json');
    await writeFile(configFile, JSON.stringify({ ...(await readJson(configFile)), root: 'missing' }, null, 2));
    const line = `error: dashboards root not found: ${join(grafanas.dir, 'missing')} (set --root or "root" in dashsync.config.json; in the GitHub Action, the "path" input; to start from what your Grafana holds: dashsync pull --env staging)\n`;
    for (const format of ['text', 'json']) {
      const run = await grafanas.cli(['plan', '--all-envs', '--format', format, '--out', 'plans']);
      expect([run.code, run.stdout, run.stderr]).toEqual([1, '', line]);
    }
    expect(await readFile(join(grafanas.dir, 'plans'), 'utf8').catch((error: NodeJS.ErrnoException) => error.code)).toBe('ENOENT');
    expect(grafanas.staging.requests()).toEqual([]);
    expect(grafanas.production.requests()).toEqual([]);
  });
});
