import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { canonicalJson } from '../../../src/normalize/canonical-json.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { keepOutsideGit } from '../../helpers/outside-git.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { resource, v2Spec } from '../../unit/v2-builders.js';
import { commitAll } from '../../pull/pull-fixture.js';

// What check, plan and pull say per environment of one config: the release each environment's Grafana runs
// ("grafanaVersion"), a v2 file one of them cannot take, credentials an environment took from GRAFANA_TOKEN,
// and a read-only token in a run over several environments.
vi.setConfig({ testTimeout: 120_000 });

const classic = (uid: string) => ({ uid, title: `Classic ${uid}`, schemaVersion: 41, panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] });

/** A tree of `files` (name → document, in check's canonical form) and the config as a person writes it (two-space JSON), outside any git repository. */
async function workspace(files: Record<string, unknown>, config: unknown): Promise<string> {
  const dir = keepOutsideGit(await realpath(await mkdtemp(join(tmpdir(), 'dashsync-env-grafanas-'))));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const [name, document] of Object.entries(files)) await writeFile(join(dir, 'dashboards', name), canonicalJson(document));
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

const writesTo = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method !== 'GET');

describe('a v2 file and the Grafana release each environment runs ("grafanaVersion")', () => {
  it('check names the environment on 12 that cannot take a dashboard.grafana.app/v2 file, and the one on /api only; plan --env staging refuses it naming the environment and uid before any write', async () => {
    const [twelve, thirteen] = await Promise.all([startTestSandbox({ grafanaVersion: '12', release: '12.4.0' }), startTestSandbox({ grafanaVersion: '13' })]);
    const dir = await workspace(
      { 'nodes.json': resource('v2', 'nodes', v2Spec()), 'services.json': resource('v2beta1', 'services', v2Spec({ title: 'Services' })) },
      {
        environments: {
          staging: { url: twelve.url, grafanaVersion: '12.4' },
          production: { url: thirteen.url, grafanaVersion: '13' },
          qa: { url: twelve.url, orgId: 1, api: 'legacy', include: ['services.json'] },
        },
      },
    );

    const check = await runCliInProcess(['check'], { cwd: dir });
    expect([check.code, check.stderr]).toEqual([1, 'check: 2 dashboards, 2 errors, 0 warnings\n']);
    expect(check.stdout.split('\n')).toEqual([
      'dashboards/nodes.json:2:17: error: dashboard nodes is a dashboard.grafana.app/v2 file, and environment staging runs Grafana 12.4 ("grafanaVersion" of environment "staging" in dashsync.config.json:5:25), ' +
        'which serves v2beta1 and v2alpha1 for v2 dashboards, not v2 (Grafana 13 and later): its plan would stop on this file. ' +
        'Make it a dashboard.grafana.app/v2beta1 file (docs/upgrading.md#a-fleet-on-12-and-13 says how), or leave it out of staging\'s include/exclude (v2-unserved)',
      'dashboards/services.json:2:17: error: dashboard services is a dashboard.grafana.app/v2beta1 file, and environment qa uses the legacy /api ("api" of environment "qa" in dashsync.config.json:14:14), ' +
        'which takes no v2 dashboard: its plan would stop on this file. Set "api" to "auto" there, or leave it out of qa\'s include/exclude (v2-unserved)',
      '',
    ]);
    // One environment at a time: production (13) takes both files.
    expect((await runCliInProcess(['check', '--env', 'production'], { cwd: dir })).code).toBe(0);
    const staging = await runCliInProcess(['check', '--env', 'staging'], { cwd: dir });
    expect([staging.code, staging.stdout.split('\n').length]).toEqual([1, 2]);

    const plan = await runCliInProcess(['plan', '--env', 'staging'], { cwd: dir, env: { GRAFANA_TOKEN_STAGING: await twelve.createToken('Editor') } });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      'dashboards/nodes.json:2:17: error: dashboard nodes (environment staging): this Grafana does not serve dashboard.grafana.app/v2 (it serves v2beta1, v2alpha1 for v2 dashboards): ',
    );
    expect(writesTo(twelve)).toEqual([]);
    const legacy = await runCliInProcess(['plan', '--env', 'qa'], { cwd: dir, env: { GRAFANA_TOKEN_QA: await twelve.createToken('Editor') } });
    expect(legacy.code).toBe(1);
    expect(legacy.stderr).toContain(
      'dashboards/services.json:2:17: error: dashboard services (environment qa): dashboard.grafana.app/v2beta1 needs Grafana\'s /apis (Grafana 12 or later), and this run uses the legacy /api ' +
        '(api "legacy", "api" of environment "qa" in dashsync.config.json:14:14): use --api auto or k8s; or leave this file out (v2-needs-apis)',
    );
  });

  it('plan says so when "grafanaVersion" names another release than the Grafana it reads, which check judged the files by', async () => {
    const twelve = await startTestSandbox({ grafanaVersion: '12', release: '12.4.0' });
    const dir = await workspace({ 'classic.json': classic('classic') }, { environments: { staging: { url: twelve.url, grafanaVersion: '13' } } });

    const plan = await runCliInProcess(['plan', '--env', 'staging'], { cwd: dir, env: { GRAFANA_TOKEN_STAGING: await twelve.createToken('Editor') } });

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(
      '! "grafanaVersion" of environment "staging" in dashsync.config.json:5:25 says Grafana 13, but this Grafana runs 12.4.0: dashsync check judges the v2 files environment staging deploys by that release; set it to "12"',
    );
    // "12" holds for any 12.x: nothing to say.
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: twelve.url, grafanaVersion: '12' } } }));
    const agreed = await runCliInProcess(['plan', '--env', 'staging'], { cwd: dir, env: { GRAFANA_TOKEN_STAGING: await twelve.createToken('Editor') } });
    expect(agreed.stdout).not.toContain('grafanaVersion');
  });

  it('pull on 13 of a dashboard saved there as v2 names the environment that also deploys the file and runs 12, as its "grafanaVersion" says', async () => {
    const thirteen = await startTestSandbox({ grafanaVersion: '13' });
    const config = (productionRelease: string) => ({ environments: { staging: { url: thirteen.url, grafanaVersion: '13' }, production: { url: 'https://grafana.example.com', grafanaVersion: productionRelease } } });
    const dir = await workspace({ 'classic.json': classic('classic') }, config('12.4'));
    await commitAll(dir);
    const env = { GRAFANA_TOKEN_STAGING: await thirteen.createToken('Editor') };
    expect((await runCliInProcess(['apply', '--env', 'staging'], { cwd: dir, env })).code).toBe(0);
    const edited = await fetch(`${thirteen.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'classic' }) });
    expect(edited.status, await edited.text()).toBe(200);

    const pulled = await runCliInProcess(['pull', '--env', 'staging', '--dry-run'], { cwd: dir, env });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).toContain(
      'dashboard.grafana.app/v2 is served by Grafana 13 and later only: environment production deploys this file too and runs Grafana 12.4 ("grafanaVersion" of environment "production" in dashsync.config.json:9:25): ' +
        'its plan stops on it (api-unwritable); for it (or a rollback), make it a dashboard.grafana.app/v2beta1 file',
    );
    // A production the config says runs 13 takes the v2 file: the note names no environment.
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify(config('13'), null, 2)}\n`);
    const later = await runCliInProcess(['pull', '--env', 'staging', '--dry-run'], { cwd: dir, env });
    expect(later.stderr).toContain('dashboard.grafana.app/v2 is served by Grafana 13 and later only: for a tree that must also work on 12 (a mixed fleet, or a rollback), make it a dashboard.grafana.app/v2beta1 file');
  });
});

// walk-58 F2: a dashboard saved in 13's new editor and force-pulled became a v2 file; check without --env said 0 errors
// (its placeholder, mapped by the environments' inputs alone, dropped it from the tree check judged), plan --env staging
// advised --api auto (12 serves no v2 there either), and pull --env staging promised an apply that cannot happen.
describe('a dashboard.grafana.app/v2 file an environment on the legacy /api deploys', () => {
  it('check without --env refuses it for that environment, and what plan and pull --env staging say of it works', async () => {
    const [twelve, thirteen] = await Promise.all([startTestSandbox({ grafanaVersion: '12' }), startTestSandbox({ grafanaVersion: '13' })]);
    const board = { ...classic('svc'), panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 }, datasource: { type: 'prometheus', uid: '${DS_PROM}' } }] };
    const dir = await workspace({ 'svc.json': board }, {
      environments: {
        staging: { url: twelve.url, api: 'legacy', inputs: { DS_PROM: 'prom-staging' } },
        production: { url: thirteen.url, inputs: { DS_PROM: 'prom-main' } },
      },
    });
    await commitAll(dir);
    const env = { GRAFANA_TOKEN_STAGING: await twelve.createToken('Editor'), GRAFANA_TOKEN_PRODUCTION: await thirteen.createToken('Editor') };
    for (const name of ['staging', 'production']) {
      const applied = await runCliInProcess(['apply', '--env', name, '--auto-approve'], { cwd: dir, env });
      expect(applied.code, applied.stderr).toBe(0);
    }
    const edited = await fetch(`${thirteen.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'svc' }) });
    expect(edited.status, await edited.text()).toBe(200);
    const forced = await runCliInProcess(['pull', '--env', 'production', '--force', 'svc'], { cwd: dir, env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(join(dir, 'dashboards/svc.json'), 'utf8')).toContain('"apiVersion": "dashboard.grafana.app/v2"');
    await commitAll(dir, 'take the new editor\'s save');

    const check = await runCliInProcess(['check'], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(1);
    expect(check.stdout).toContain(
      'dashboards/svc.json:2:17: error: dashboard svc is a dashboard.grafana.app/v2 file, and environment staging uses the legacy /api ("api" of environment "staging" in dashsync.config.json:5:14), ' +
        'which takes no v2 dashboard: its plan would stop on this file. Set "api" to "auto" there if its Grafana runs 13 or later (12 serves v2beta1 and v2alpha1, not v2: for 12, make it a ' +
        'dashboard.grafana.app/v2beta1 file, docs/upgrading.md#a-fleet-on-12-and-13 says how); or keep this dashboard a classic (v1) file, or leave it out of staging\'s include/exclude (v2-unserved)',
    );

    const plan = await runCliInProcess(['plan', '--env', 'staging'], { cwd: dir, env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      'dashboards/svc.json:2:17: error: dashboard svc (environment staging): dashboard.grafana.app/v2 needs Grafana\'s /apis (Grafana 13 or later; 12 serves v2beta1 and v2alpha1, not v2), ' +
        'and this run uses the legacy /api (api "legacy", "api" of environment "staging" in dashsync.config.json:5:14): if this Grafana runs 13 or later, use --api auto or k8s; ' +
        'for 12, make it a dashboard.grafana.app/v2beta1 file (docs/upgrading.md#a-fleet-on-12-and-13 says how) or keep it a classic (v1) file; or leave this file out (v2-needs-apis)',
    );

    const pulled = await runCliInProcess(['pull', '--env', 'staging'], { cwd: dir, env });
    expect(pulled.code, pulled.stderr).toBe(0);
    // Kept, and no line promises an apply staging's plan refuses (test/pull/describe-kept-unwritable.test.ts: the words where one did).
    expect(pulled.stdout + pulled.stderr).toContain('kept  dashboards/svc.json');
    expect(pulled.stdout + pulled.stderr).not.toContain('apply --env staging pushes it');
  });
});

describe('credentials and environments in what plan says', () => {
  it('a 401 for an environment that took GRAFANA_TOKEN names that variable and the environment\'s own, which it would use first', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await workspace({ 'classic.json': classic('classic') }, { environments: { production: { url: sandbox.url } } });

    const plan = await runCliInProcess(['plan', '--env', 'production'], { cwd: dir, env: { GRAFANA_TOKEN: 'glsa_wrong_token_0123456789' } });

    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/^error: GET \/apis? ?.* failed: HTTP 401/);
    expect(plan.stderr).toContain(
      '(check GRAFANA_TOKEN, which environment production takes because its own GRAFANA_TOKEN_PRODUCTION is not set: credentials of this Grafana and org, not expired; ' +
        'or set GRAFANA_TOKEN_PRODUCTION to credentials of production\'s Grafana, which production then uses first)',
    );
    expect(plan.stderr).not.toContain('glsa_wrong_token_0123456789');
    // Its own variable set: the hint names that one alone, as before.
    const own = await runCliInProcess(['plan', '--env', 'production'], { cwd: dir, env: { GRAFANA_TOKEN: 'glsa_any', GRAFANA_TOKEN_PRODUCTION: 'glsa_wrong_token_0123456789' } });
    expect(own.stderr).toContain('(check GRAFANA_TOKEN_PRODUCTION: credentials of this Grafana and org, not expired)');
    // restore says the same.
    const restore = await runCliInProcess(['restore', '--env', 'production', 'classic'], { cwd: dir, env: { GRAFANA_TOKEN: 'glsa_wrong_token_0123456789' } });
    expect([restore.code, restore.stderr]).toEqual([
      1,
      'error: GET /apis failed: HTTP 401: Invalid API key (check GRAFANA_TOKEN, which environment production takes because its own GRAFANA_TOKEN_PRODUCTION is not set: credentials of this Grafana and org, not expired; ' +
        "or set GRAFANA_TOKEN_PRODUCTION to credentials of production's Grafana, which production then uses first); nothing was restored\n",
    ]);
  });

  // env-54: an environment without a url (its own or the top level's) said "no Grafana URL: set GRAFANA_URL or --url", naming neither it nor the key.
  it('an environment the config gives no url is named, at its place in the config file, with the key to set', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await workspace({ 'classic.json': classic('classic') }, { environments: { staging: { url: sandbox.url }, production: {} } });
    const missing =
      'dashsync.config.json:6:5: environment "production" has no "url", and the top level of dashsync.config.json sets none for it: ' +
      'add "url": "https://…" to environment "production" (or to the top level, for every environment without its own), or set GRAFANA_URL or --url for this run';

    const plan = await runCliInProcess(['plan', '--env', 'production'], { cwd: dir, env: { GRAFANA_TOKEN: 'glsa_any' } });
    expect([plan.code, plan.stdout, plan.stderr]).toEqual([1, '', `error: ${missing}\n`]);

    const all = await runCliInProcess(['plan', '--all-envs'], { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('dashsync plan for environment staging: ');
    expect(all.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([`error: environment production: ${missing}`]);
    expect(sandbox.requests().length).toBeGreaterThan(0);
  });

  // env-54: in CI a secret the job cannot read arrives as an empty variable; the note said only "no credentials set".
  it('an environment\'s token variable set but empty is named as such before the anonymous run', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await workspace({ 'classic.json': classic('classic') }, { environments: { production: { url: sandbox.url } } });

    const plan = await runCliInProcess(['plan', '--env', 'production'], { cwd: dir, env: { GRAFANA_TOKEN_PRODUCTION: '', GRAFANA_TOKEN: ' ' } });

    expect(plan.code).toBe(1);
    expect(plan.stderr.split('\n')[0]).toBe(
      'note: no credentials set (GRAFANA_TOKEN_PRODUCTION or GRAFANA_TOKEN, or GRAFANA_USER_PRODUCTION and GRAFANA_PASSWORD_PRODUCTION or GRAFANA_USER and GRAFANA_PASSWORD; ' +
        'GRAFANA_TOKEN_PRODUCTION and GRAFANA_TOKEN are set but empty: ' +
        'a CI secret the job cannot read, or one not defined, arrives as ""): using anonymous access',
    );
  });

  it('plan --all-envs: the read-only warning names the environment whose credentials cannot write', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await workspace({ 'classic.json': classic('classic') }, { environments: { staging: { url: sandbox.url }, qa: { url: sandbox.url } } });
    const env = { GRAFANA_TOKEN_STAGING: await sandbox.createToken('Editor'), GRAFANA_TOKEN_QA: await sandbox.createToken('Viewer') };

    const plan = await runCliInProcess(['plan', '--all-envs'], { cwd: dir, env });

    expect(plan.code, plan.stderr).toBe(0);
    const warnings = plan.stdout.split('\n').filter((line) => line.includes('read-only credentials'));
    expect(warnings).toEqual([
      '  ! read-only credentials of environment qa: Grafana lists no permission for these credentials to save or delete a dashboard in their org ' +
        "(no dashboards:create, dashboards:write or dashboards:delete: a Viewer's, with no folder granting more): they can plan but not apply (HTTP 403); " +
        "apply needs an Editor's or Admin's token (expected where plans use a Viewer's and apply its own)",
    ]);
    const json = JSON.parse((await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env })).stdout);
    expect(json.plans.map((p: { target: { environment: string }; warnings: { kind: string }[] }) => [p.target.environment, p.warnings.filter((w) => w.kind === 'read-only')])).toEqual([
      ['staging', []],
      ['qa', [{ kind: 'read-only', uid: null, orgId: null, environment: 'qa' }]],
    ]);
  });
});
