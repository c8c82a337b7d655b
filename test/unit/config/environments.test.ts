import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings, loadSettingsForEach } from '../../../src/config/load-settings.js';
import { resolveSettings, type ResolveSettingsInput } from '../../../src/config/resolve-settings.js';
import { ConfigError } from '../../../src/errors.js';

const cwd = '/work/repo';

function resolveWith(input: Partial<ResolveSettingsInput>) {
  return resolveSettings({ file: undefined, filePath: 'dashsync.config.json', env: {}, flags: {}, cwd, ...input });
}

const twoGrafanas = {
  url: 'https://top.example.com',
  inputs: { DS_PROMETHEUS: 'prom-top', DS_LOKI: 'loki-top' },
  prune: 'folders',
  message: 'top {sha}',
  environments: {
    staging: { url: 'https://staging.example.com', orgId: 2, inputs: { DS_PROMETHEUS: 'prom-staging' }, maxDeletes: 50 },
    production: { url: 'https://prod.example.com/grafana/', inputs: { DS_PROMETHEUS: 'prom-prod', DS_TEMPO: 'tempo-prod' }, prune: false, api: 'legacy' },
  },
};

describe('environments in dashsync.config.json', () => {
  it("an environment's values override the top level; inputs merge key by key; the rest falls through", () => {
    const { settings, problems } = resolveWith({ file: twoGrafanas, flags: { env: 'production' } });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      environment: 'production',
      environments: ['staging', 'production'],
      url: 'https://prod.example.com/grafana',
      orgId: undefined,
      inputs: { DS_PROMETHEUS: 'prom-prod', DS_LOKI: 'loki-top', DS_TEMPO: 'tempo-prod' },
      prune: false,
      message: 'top {sha}',
      maxDeletes: 10,
      api: 'legacy',
    });
    expect(settings.environmentInputs).toEqual({
      staging: { DS_PROMETHEUS: 'prom-staging', DS_LOKI: 'loki-top' },
      production: { DS_PROMETHEUS: 'prom-prod', DS_LOKI: 'loki-top', DS_TEMPO: 'tempo-prod' },
    });
    const staging = resolveWith({ file: twoGrafanas, flags: { env: 'staging' } }).settings;
    expect(staging).toMatchObject({ url: 'https://staging.example.com', orgId: 2, prune: 'folders', maxDeletes: 50, api: 'auto' });
    expect(staging.inputs).toEqual({ DS_PROMETHEUS: 'prom-staging', DS_LOKI: 'loki-top' });
  });

  it.each([
    ['flag', { url: 'https://flag', orgId: 7, env: 'staging' }, { GRAFANA_URL: 'https://envvar', GRAFANA_ORG_ID: '5' }, 'https://flag', 7],
    ['environment variable', { env: 'staging' }, { GRAFANA_URL: 'https://envvar', GRAFANA_ORG_ID: '5' }, 'https://envvar', 5],
    ['environment', { env: 'staging' }, {}, 'https://staging.example.com', 2],
    ['top level', { env: 'bare' }, {}, 'https://top.example.com', 1],
  ])('precedence: the %s wins', (_name, flags, env, url, orgId) => {
    const file = { url: 'https://top.example.com', orgId: 1, environments: { staging: { url: 'https://staging.example.com', orgId: 2 }, bare: {} } };
    const { settings, problems } = resolveWith({ file, flags, env });
    expect(problems).toEqual([]);
    expect([settings.url, settings.orgId]).toEqual([url, orgId]);
  });

  it('precedence down to the default, for keys with a flag and keys without one', () => {
    const file = { maxDeletes: 20, minRefreshInterval: '10s', environments: { a: { maxDeletes: 30, minRefreshInterval: '1m' }, b: {} } };
    expect(resolveWith({ file, flags: { env: 'a', maxDeletes: 40 } }).settings.maxDeletes).toBe(40);
    expect(resolveWith({ file, flags: { env: 'a' } }).settings).toMatchObject({ maxDeletes: 30, minRefreshInterval: '1m' });
    expect(resolveWith({ file, flags: { env: 'b' } }).settings).toMatchObject({ maxDeletes: 20, minRefreshInterval: '10s' });
    expect(resolveWith({ file: { environments: { b: {} } }, flags: { env: 'b' } }).settings).toMatchObject({ maxDeletes: 10, minRefreshInterval: '5s' });
  });

  it('an include list in an environment replaces the top-level one (it is not appended)', () => {
    const file = { include: ['team-a/**'], environments: { a: { include: ['team-b/**'] }, b: {} } };
    expect(resolveWith({ file, flags: { env: 'a' } }).settings.include).toEqual(['team-b/**']);
    expect(resolveWith({ file, flags: { env: 'b' } }).settings.include).toEqual(['team-a/**']);
    expect(resolveWith({ file, flags: { env: 'a', include: ['x/**'] } }).settings.include).toEqual(['x/**']);
  });

  it('DASHSYNC_ENV selects an environment; --env wins over it', () => {
    expect(resolveWith({ file: twoGrafanas, env: { DASHSYNC_ENV: 'staging' } }).settings.environment).toBe('staging');
    expect(resolveWith({ file: twoGrafanas, env: { DASHSYNC_ENV: 'staging' }, flags: { env: 'production' } }).settings.environment).toBe('production');
  });

  it('a command that talks to Grafana needs an environment when the file defines some; check (offline) does not', () => {
    expect(resolveWith({ file: twoGrafanas }).problems).toEqual([
      'dashsync.config.json defines environments staging, production: choose one with --env NAME (or DASHSYNC_ENV, or the Action\'s "environment" input)',
    ]);
    const offline = resolveWith({ file: twoGrafanas, offline: true });
    expect(offline.problems).toEqual([]);
    expect(offline.settings).toMatchObject({ environment: undefined, url: 'https://top.example.com', inputs: twoGrafanas.inputs });
  });

  it('refuses an unknown environment with "did you mean", and --env without environments', () => {
    expect(resolveWith({ file: twoGrafanas, flags: { env: 'prodution' } }).problems).toEqual([
      'dashsync.config.json: no environment "prodution" in "environments" (did you mean "production"?); it defines staging, production: pass one of them to --env',
    ]);
    expect(resolveWith({ file: twoGrafanas, env: { DASHSYNC_ENV: 'qa' } }).problems).toEqual([
      'dashsync.config.json: no environment "qa" in "environments"; it defines staging, production: set DASHSYNC_ENV to one of them',
    ]);
    // env-55: at the line:col of "environments" where the text was read; the one name a word begins is offered; each source its own advice.
    const fileText = JSON.stringify(twoGrafanas, null, 2);
    const at = `dashsync.config.json:${fileText.split('\n').findIndex((line) => line.includes('"environments"')) + 1}:3`;
    expect(resolveWith({ file: twoGrafanas, fileText, flags: { env: 'prod' } }).problems).toEqual([
      `${at}: no environment "prod" in "environments" (did you mean "production"?); it defines staging, production: pass one of them to --env`,
    ]);
    expect(resolveWith({ file: twoGrafanas, fileText, flags: { env: 'qa', envFrom: 'the "environment" input', shell: 'action' } }).problems).toEqual([
      `${at}: no environment "qa" in "environments"; it defines staging, production: set the "environment" input to one of them`,
    ]);
    expect(resolveWith({ file: twoGrafanas, fileText, flags: { shell: 'action' }, env: { DASHSYNC_ENV: 'qa' } }).problems).toEqual([
      `${at}: no environment "qa" in "environments"; it defines staging, production: set DASHSYNC_ENV in the step's env to one of them`,
    ]);
    expect(resolveWith({ file: twoGrafanas, fileText, flags: { env: 'qa', envFrom: 'the environment of plan file qa.plan.json' } }).problems).toEqual([
      `${at}: no environment "qa" in "environments"; it defines staging, production: make the plan again for one of them (this name is the environment of plan file qa.plan.json)`,
    ]);
    expect(resolveWith({ file: { url: 'https://g' }, flags: { env: 'staging' } }).problems).toEqual([
      '--env "staging": dashsync.config.json defines no environments (add "environments": { "staging": { "url": … } })',
    ]);
    expect(resolveWith({ file: undefined, flags: { env: 'staging' } }).problems).toEqual([
      '--env "staging": there is no dashsync.config.json to define it in (add "environments": { "staging": { "url": … } })',
    ]);
  });

  // env-56: a name of 1 or 2 characters got no suggestion at all (closestName allows no edit below 3 characters, and the
  // prefix rule started at 3), so `--env q` in a config of dev, qa, prod listed the names without pointing at qa.
  it('offers the one name a 1- or 2-character word begins or, for 2 characters, is one edit from; nothing when two are', () => {
    const file = { environments: { dev: {}, qa: {}, prod: {}, perf: {} } };
    const hint = (env: string) => (resolveWith({ file, flags: { env } }).problems[0] ?? '').match(/\(did you mean "([^"]+)"\?\)/)?.[1];
    expect(resolveWith({ file, flags: { env: 'q' } }).problems).toEqual([
      'dashsync.config.json: no environment "q" in "environments" (did you mean "qa"?); it defines dev, qa, prod, perf: pass one of them to --env',
    ]);
    expect(['d', 'de', 'qe', 'aq', 'dv', 'pe', 'Q', 'QA', 'pro'].map(hint)).toEqual(['dev', 'dev', 'qa', 'qa', 'dev', 'perf', 'qa', 'qa', 'prod']);
    // Begun by two names (prod, perf), or near none: no guess.
    expect(['p', 'x', 'xy', 'pd'].map(hint)).toEqual([undefined, undefined, undefined, undefined]);
    // One edit from two names (eu, us): no guess either.
    const regions = { environments: { eu: {}, us: {} } };
    expect(resolveWith({ file: regions, flags: { env: 'es' } }).problems).toEqual([
      'dashsync.config.json: no environment "es" in "environments"; it defines eu, us: pass one of them to --env',
    ]);
  });

  it("keeps prune's backups apart per environment unless backupDir says otherwise", () => {
    const file = { environments: { staging: {}, production: { backupDir: 'backups/prod' } } };
    expect(resolveWith({ file, flags: { env: 'staging' } }).settings.backupDir).toBe('/work/repo/.dashsync/backups/staging');
    expect(resolveWith({ file, flags: { env: 'production' } }).settings.backupDir).toBe('/work/repo/backups/prod');
    expect(resolveWith({ file, flags: { env: 'staging', backupDir: 'b' } }).settings.backupDir).toBe('/work/repo/b');
  });

  it('warns when GRAFANA_URL or GRAFANA_ORG_ID replaces the selected environment\'s own value', () => {
    const { warnings, problems } = resolveWith({ file: twoGrafanas, flags: { env: 'staging' }, env: { GRAFANA_URL: 'https://other', GRAFANA_ORG_ID: '9' } });
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      'GRAFANA_URL (https://other) replaces the url of environment "staging" (https://staging.example.com); unset GRAFANA_URL to use the environment\'s',
      'GRAFANA_ORG_ID (9) replaces the orgId of environment "staging" (2); unset GRAFANA_ORG_ID to use the environment\'s',
    ]);
    expect(resolveWith({ file: twoGrafanas, flags: { env: 'staging', url: 'https://other' } }).warnings).toEqual([]);
    expect(resolveWith({ file: twoGrafanas, flags: { env: 'staging' }, env: { GRAFANA_URL: 'https://staging.example.com/' } }).warnings).toEqual([]);
  });

  it('warns the same way when GRAFANA_URL or GRAFANA_ORG_ID replaces the top-level url/orgId of the file', () => {
    const file = { url: 'https://grafana.example.com', orgId: 2 };
    const { warnings, problems, settings } = resolveWith({ file, env: { GRAFANA_URL: 'https://stale.example.com', GRAFANA_ORG_ID: '7' } });
    expect(problems).toEqual([]);
    expect([settings.url, settings.orgId]).toEqual(['https://stale.example.com', 7]);
    expect(warnings).toEqual([
      'GRAFANA_URL (https://stale.example.com) replaces the url in dashsync.config.json (https://grafana.example.com); unset GRAFANA_URL to use the file\'s',
      'GRAFANA_ORG_ID (7) replaces the orgId in dashsync.config.json (2); unset GRAFANA_ORG_ID to use the file\'s',
    ]);
    // An environment without a url of its own uses the top level's: replacing that one is warned of too.
    expect(resolveWith({ file: { url: 'https://grafana.example.com', environments: { dev: {} } }, flags: { env: 'dev' }, env: { GRAFANA_URL: 'https://stale.example.com' } }).warnings).toEqual([
      'GRAFANA_URL (https://stale.example.com) replaces the url in dashsync.config.json (https://grafana.example.com); unset GRAFANA_URL to use the file\'s',
    ]);
    // No warning: a flag, the same value, a file that sets none, or a variable the shell set from the user's own input (the Action's grafana-url).
    expect(resolveWith({ file, flags: { url: 'https://other.example.com', orgId: 3 }, env: { GRAFANA_URL: 'https://stale.example.com', GRAFANA_ORG_ID: '7' } }).warnings).toEqual([]);
    expect(resolveWith({ file, env: { GRAFANA_URL: 'https://grafana.example.com/', GRAFANA_ORG_ID: '2' } }).warnings).toEqual([]);
    expect(resolveWith({ file: { root: 'dashboards' }, env: { GRAFANA_URL: 'https://stale.example.com', GRAFANA_ORG_ID: '7' } }).warnings).toEqual([]);
    expect(resolveWith({ file, flags: { explicitVariables: ['GRAFANA_URL', 'GRAFANA_ORG_ID'] }, env: { GRAFANA_URL: 'https://input.example.com', GRAFANA_ORG_ID: '7' } }).warnings).toEqual([]);
    const token = 'glsa_pastedIntoThePath_0123';
    expect(resolveWith({ file, env: { GRAFANA_URL: `https://stale.example.com/${token}`, GRAFANA_TOKEN: token } }).warnings).toEqual([
      'GRAFANA_URL (https://stale.example.com/[redacted]) replaces the url in dashsync.config.json (https://grafana.example.com); unset GRAFANA_URL to use the file\'s',
    ]);
  });

  it("refuses, for a command that writes to Grafana, GRAFANA_URL replacing the selected environment's url; --url or the Action's input means it (walk-73 M2)", () => {
    const env = { GRAFANA_URL: 'https://prod.example.com' };
    const refused = resolveWith({ file: twoGrafanas, flags: { env: 'staging', writesToGrafana: true }, env });
    expect(refused.problems).toEqual([
      'GRAFANA_URL (https://prod.example.com) is not the url of environment "staging" (https://staging.example.com) in dashsync.config.json, and this command writes to Grafana: ' +
        "unset GRAFANA_URL to use the environment's, or pass --url to write to https://prod.example.com",
    ]);
    expect(refused.warnings).toEqual([]);
    // The same value, a flag, the Action's input, or a command that only reads: no refusal (plan and pull keep the warning).
    expect(resolveWith({ file: twoGrafanas, flags: { env: 'staging', writesToGrafana: true }, env: { GRAFANA_URL: 'https://staging.example.com/' } }).problems).toEqual([]);
    expect(resolveWith({ file: twoGrafanas, flags: { env: 'staging', writesToGrafana: true, url: 'https://prod.example.com' }, env }).problems).toEqual([]);
    expect(resolveWith({ file: twoGrafanas, flags: { env: 'staging', writesToGrafana: true, explicitVariables: ['GRAFANA_URL'] }, env }).problems).toEqual([]);
    expect(resolveWith({ file: twoGrafanas, flags: { env: 'staging' }, env }).problems).toEqual([]);
    // Without an environment, the file's top-level url is replaced with the warning, as before.
    expect(resolveWith({ file: { url: 'https://grafana.example.com' }, flags: { writesToGrafana: true }, env }).problems).toEqual([]);
  });

  it("refuses, for a command that writes to Grafana, GRAFANA_ORG_ID replacing the selected environment's orgId; --org-id or the Action's input means it (rev-74 M1)", () => {
    const file = { url: 'https://grafana.example.com', environments: { prod: { orgId: 1 }, staging: { orgId: 2 } } };
    const env = { GRAFANA_ORG_ID: '1' };
    const refused = resolveWith({ file, flags: { env: 'staging', writesToGrafana: true }, env });
    expect(refused.problems).toEqual([
      'GRAFANA_ORG_ID (1) is not the orgId of environment "staging" (2) in dashsync.config.json, and this command writes to Grafana: ' +
        "unset GRAFANA_ORG_ID to use the environment's, or pass --org-id to write to org 1",
    ]);
    expect(resolveWith({ file, flags: { env: 'staging', writesToGrafana: true, shell: 'action' }, env }).problems).toEqual([
      'GRAFANA_ORG_ID (1) in the step\'s env is not the orgId of environment "staging" (2) in dashsync.config.json, and command apply writes to Grafana: ' +
        'remove GRAFANA_ORG_ID from the workflow\'s env: to use the environment\'s, or set the "org-id" input to 1 to write there',
    ]);
    expect(resolveWith({ file, flags: { env: 'staging', writesToGrafana: true }, env: { GRAFANA_ORG_ID: '2' } }).problems).toEqual([]);
    expect(resolveWith({ file, flags: { env: 'staging', writesToGrafana: true, orgId: 1 }, env }).problems).toEqual([]);
    expect(resolveWith({ file, flags: { env: 'staging', writesToGrafana: true, explicitVariables: ['GRAFANA_ORG_ID'] }, env }).problems).toEqual([]);
    expect(resolveWith({ file, flags: { env: 'staging' }, env }).warnings).toEqual([`GRAFANA_ORG_ID (1) replaces the orgId of environment "staging" (2); unset GRAFANA_ORG_ID to use the environment's`]);
  });

  it("shows the run's token as [redacted] in that warning when it was pasted into GRAFANA_URL", () => {
    const token = 'glsa_pastedIntoThePath_0123';
    const { warnings } = resolveWith({ file: twoGrafanas, flags: { env: 'staging' }, env: { GRAFANA_URL: `https://other/${token}`, GRAFANA_TOKEN: token } });
    expect(warnings).toEqual([
      'GRAFANA_URL (https://other/[redacted]) replaces the url of environment "staging" (https://staging.example.com); unset GRAFANA_URL to use the environment\'s',
    ]);
  });
});

describe('credentials per environment', () => {
  const file = { environments: { staging: {}, 'prod-eu': {} } };

  it.each([
    ['its own token first', 'staging', { GRAFANA_TOKEN_STAGING: 'glsa_s', GRAFANA_TOKEN: 'glsa_any' }, { kind: 'token', token: 'glsa_s', from: 'GRAFANA_TOKEN_STAGING' }],
    ['GRAFANA_TOKEN when it has none', 'staging', { GRAFANA_TOKEN_PROD_EU: 'glsa_p', GRAFANA_TOKEN: 'glsa_any' }, { kind: 'token', token: 'glsa_any', from: 'GRAFANA_TOKEN', fallbackFor: 'staging' }],
    ['"-" maps to "_" in the variable name', 'prod-eu', { GRAFANA_TOKEN_PROD_EU: 'glsa_p', GRAFANA_TOKEN: 'glsa_any' }, { kind: 'token', token: 'glsa_p', from: 'GRAFANA_TOKEN_PROD_EU' }],
    ['its own basic auth', 'prod-eu', { GRAFANA_USER_PROD_EU: 'u', GRAFANA_PASSWORD_PROD_EU: 'p', GRAFANA_TOKEN: 'glsa_any' }, { kind: 'basic', user: 'u', password: 'p', from: 'GRAFANA_USER_PROD_EU and GRAFANA_PASSWORD_PROD_EU', passwordFrom: 'GRAFANA_PASSWORD_PROD_EU' }],
    ['its own token over generic basic auth', 'staging', { GRAFANA_TOKEN_STAGING: 'glsa_s', GRAFANA_USER: 'u', GRAFANA_PASSWORD: 'p' }, { kind: 'token', token: 'glsa_s', from: 'GRAFANA_TOKEN_STAGING' }],
  ])('%s', (_name, name, env, auth) => {
    const result = resolveWith({ file, flags: { env: name }, env });
    expect(result.problems).toEqual([]);
    expect(result.settings.auth).toEqual(auth);
  });

  it('a half-set pair of its own is an error naming its variables, never a silent fallback', () => {
    const { problems } = resolveWith({ file, flags: { env: 'prod-eu' }, env: { GRAFANA_USER_PROD_EU: 'u', GRAFANA_USER: 'u', GRAFANA_PASSWORD: 'secret-pw' } });
    expect(problems).toEqual(['GRAFANA_USER_PROD_EU is set but GRAFANA_PASSWORD_PROD_EU is not: set both for basic auth, or use GRAFANA_TOKEN_PROD_EU']);
    expect(problems.join('\n')).not.toContain('secret-pw');
  });

  it.each([
    ['a line break inside', 'glsa_abc\ndef'],
    ['a tab', 'glsa_abc\tdef'],
    ['a typographic quote', 'glsa_abc\u2019def'],
  ])('a token with %s is one line naming its variable, never the token (not a failed request blamed on the URL)', (_what, token) => {
    const { problems } = resolveWith({ file, flags: { env: 'staging' }, env: { GRAFANA_TOKEN_STAGING: token } });
    expect(problems).toEqual([
      'GRAFANA_TOKEN_STAGING holds a character no token has (a line break, tab or space inside it, or a non-ASCII character such as a typographic quote, often from copying): set it again from the token itself',
    ]);
    expect(problems.join('\n')).not.toMatch(/abc|def/);
  });

  it('refuses names that cannot name a variable, and two names that map to the same one', () => {
    const { problems } = resolveWith({
      file: { environments: { 'prod-eu': {}, prod_eu: {}, 'team a': {}, 'ünï': {}, Staging: {}, staging: {} } },
      offline: true,
    });
    expect(problems).toEqual([
      'dashsync.config.json: environments "prod-eu" and "prod_eu" would share the credentials GRAFANA_TOKEN_PROD_EU: rename one',
      'dashsync.config.json: environment name "team a" may only hold letters, digits, "-" and "_" (starting with a letter or digit), because it names the GRAFANA_TOKEN_<NAME> variable of its credentials',
      'dashsync.config.json: environment name "ünï" may only hold letters, digits, "-" and "_" (starting with a letter or digit), because it names the GRAFANA_TOKEN_<NAME> variable of its credentials',
      'dashsync.config.json: environments "Staging" and "staging" would share the credentials GRAFANA_TOKEN_STAGING: rename one',
    ]);
  });
});

describe('problems inside environments', () => {
  it('reports every problem of every environment at once, with "did you mean" for unknown keys', () => {
    const { problems } = resolveWith({
      file: {
        enviroments: {},
        environments: {
          staging: { urll: 'https://s', root: 'other', token: 'glsa_leak', orgId: 0, inputs: { DS_X: 1 } },
          production: { maxDelete: 3, api: 'v2', prune: 'yes' },
          broken: 'https://b',
        },
      },
      flags: { env: 'staging' },
    });
    expect(problems).toEqual([
      'dashsync.config.json: unknown key "enviroments" (did you mean "environments"?)',
      'dashsync.config.json: "environments.staging": unknown key "urll" (did you mean "url"?)',
      'dashsync.config.json: "environments.staging": "root" cannot differ between environments (one tree for all of them): set it at the top level',
      'dashsync.config.json: "environments.staging": "token" looks like a credential; credentials belong in GRAFANA_TOKEN_STAGING (or GRAFANA_USER_STAGING and GRAFANA_PASSWORD_STAGING), never in the config file',
      'dashsync.config.json: "environments.staging.orgId" must be a positive integer, got 0',
      'dashsync.config.json: "environments.staging.inputs.DS_X" must be a string (a datasource uid), got 1',
      'dashsync.config.json: "environments.production": unknown key "maxDelete" (did you mean "maxDeletes"?)',
      'dashsync.config.json: "environments.production.prune" must be false, "folders" or "all", got "yes"',
      'dashsync.config.json: "environments.production.api" must be "auto", "legacy" or "k8s", got "v2"',
      'dashsync.config.json: "environments.broken" must be an object such as { "url": "https://…", "inputs": { … } }, got "https://b"',
    ]);
    expect(problems.join('\n')).not.toContain('glsa_leak');
  });

  it('validates a value an environment sets even when a flag replaces it', () => {
    const { problems } = resolveWith({ file: { environments: { a: { concurrency: 0 } } }, flags: { env: 'a', concurrency: 4 } });
    expect(problems).toEqual(['dashsync.config.json: "environments.a.concurrency" must be an integer from 1 to 256, got 0']);
  });

  it('quotes a long bad value cut at whole characters: no half of a surrogate pair', () => {
    // By UTF-16 units the cut (59) leaves the smile's high surrogate alone.
    const api = `${'a'.repeat(57)}😀tail`;
    expect(resolveWith({ file: { api } }).problems).toEqual([`dashsync.config.json: "api" must be "auto", "legacy" or "k8s", got "${'a'.repeat(57)}😀…`]);
  });

  it('accepts and validates "api" at the top level', () => {
    expect(resolveWith({ file: { api: 'k8s' } }).settings.api).toBe('k8s');
    expect(resolveWith({ file: { api: 'apis' } }).problems).toEqual(['dashsync.config.json: "api" must be "auto", "legacy" or "k8s", got "apis"']);
  });
});

describe('loadSettingsForEach', () => {
  async function workspace(config: unknown): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-envs-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config));
    return dir;
  }

  it('resolves each named environment, or all of them, from one file', async () => {
    const dir = await workspace(twoGrafanas);
    const all = await loadSettingsForEach({ flags: {}, env: { GRAFANA_TOKEN_PRODUCTION: 'glsa_p' }, cwd: dir }, 'all');
    expect(all.map((s) => [s.environment, s.url, s.auth.kind])).toEqual([
      ['staging', 'https://staging.example.com', 'none'],
      ['production', 'https://prod.example.com/grafana', 'token'],
    ]);
    // Each once, in the file's order whatever order they were named in (env-57: plan --env b --env a, as show prints them).
    const two = await loadSettingsForEach({ flags: {}, env: {}, cwd: dir }, ['production', 'staging', 'production']);
    expect(two.map((s) => s.environment)).toEqual(['staging', 'production']);
  });

  it('throws one ConfigError with the problems of every environment, each once', async () => {
    const dir = await workspace({ concurency: 2, environments: { a: { orgId: 0 }, b: {} } });
    const error = await loadSettingsForEach({ flags: {}, env: {}, cwd: dir }, ['a', 'b', 'c']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'dashsync.config.json:1:2: unknown key "concurency" (did you mean "concurrency"?)',
      'dashsync.config.json:1:46: "environments.a.orgId" must be a positive integer, got 0',
      'dashsync.config.json:1:17: no environment "c" in "environments"; it defines a, b: pass one of them to --env',
    ]);
  });

  it('--all-envs needs environments', async () => {
    const dir = await workspace({ url: 'https://g' });
    const error = await loadSettingsForEach({ flags: {}, env: {}, cwd: dir }, 'all').catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual(['--all-envs: dashsync.config.json defines no environments']);
  });

  it('refuses one --url, GRAFANA_URL, --org-id or GRAFANA_ORG_ID for environments the file sends to different Grafanas or orgs', async () => {
    const dir = await workspace(twoGrafanas);
    const problemsOf = async (flags: Record<string, unknown>, env: Record<string, string>, names: string[] | 'all' = 'all') =>
      ((await loadSettingsForEach({ flags, env, cwd: dir }, names).catch((e: unknown) => e)) as ConfigError).problems;
    const urls = '(staging: https://staging.example.com, production: https://prod.example.com/grafana): with several environments each one\'s own is used';
    expect(await problemsOf({ url: 'https://one.example.com' }, {})).toEqual([
      `--url sends every environment of this run to one Grafana, but dashsync.config.json gives them different urls ${urls}; drop --url, or plan one environment at a time (--env NAME --url …)`,
    ]);
    expect(await problemsOf({}, { GRAFANA_URL: 'https://one.example.com', GRAFANA_ORG_ID: '3' }, ['production', 'staging'])).toEqual([
      'GRAFANA_URL sends every environment of this run to one Grafana, but dashsync.config.json gives them different urls (production: https://prod.example.com/grafana, staging: https://staging.example.com): ' +
        "with several environments each one's own is used; unset GRAFANA_URL, or plan one environment at a time (--env NAME)",
      'GRAFANA_ORG_ID sends every environment of this run to one org, but dashsync.config.json gives them different org ids ("orgId") (production: no orgId, staging: 2): ' +
        "with several environments each one's own is used; unset GRAFANA_ORG_ID, or plan one environment at a time (--env NAME)",
    ]);
    // One environment: the value is meant for it (a flag silently, a variable with the warning above).
    expect((await loadSettingsForEach({ flags: { url: 'https://one.example.com' }, env: {}, cwd: dir }, ['staging']))[0]!.url).toBe('https://one.example.com');
  });

  it('lets one --url or GRAFANA_URL serve environments the file gives one url, or none', async () => {
    const sameOrg = await workspace({ url: 'https://g.example.com', environments: { 'team-a': { include: ['team-a'] }, 'team-b': { include: ['team-b'] } } });
    const all = await loadSettingsForEach({ flags: { url: 'https://internal.example.com' }, env: {}, cwd: sameOrg }, 'all');
    expect(all.map((s) => s.url)).toEqual(['https://internal.example.com', 'https://internal.example.com']);
    const noUrl = await workspace({ environments: { a: { include: ['a'] }, b: { include: ['b'] } } });
    expect((await loadSettingsForEach({ flags: {}, env: { GRAFANA_URL: 'https://g.example.com' }, cwd: noUrl }, 'all')).map((s) => s.url)).toEqual([
      'https://g.example.com',
      'https://g.example.com',
    ]);
  });

  it('hands warnings to the caller', async () => {
    const dir = await workspace(twoGrafanas);
    const warnings: string[] = [];
    await loadSettings({ flags: { env: 'staging' }, env: { GRAFANA_URL: 'https://elsewhere' }, cwd: dir, onWarning: (line) => warnings.push(line) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GRAFANA_URL (https://elsewhere) replaces the url of environment "staging"');
  });
});
