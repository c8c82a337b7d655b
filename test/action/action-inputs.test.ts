import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActionInputs } from '../../src/action/action-inputs.js';
import { loadActionSettings } from '../../src/action/load-action-settings.js';
import { parseActionArgs } from '../../src/action/parse-action-args.js';
import { ConfigError } from '../../src/errors.js';
import { makeWorkspace, runAction } from './run-action.js';

function problemsOf(inputs: Record<string, string>): string[] {
  try {
    readActionInputs((name) => inputs[name] ?? '');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('action inputs', () => {
  it('reads a complete set into one typed object', () => {
    const inputs = readActionInputs(
      (name) =>
        ({
          command: 'apply',
          path: 'grafana/dashboards',
          'grafana-url': 'https://grafana.example.com/sub/',
          'grafana-token': 'glsa_x',
          'org-id': '3',
          prune: 'folders',
          'plan-file': 'plan/p.json',
          'ignore-read-only': 'true',
          args: `--concurrency 16 --force --max-deletes 20 --message "deploy {sha} by {actor}" --include 'team a/**' --delete-mode=hard`,
        })[name] ?? '',
    );
    expect(inputs).toEqual({
      command: 'apply',
      path: 'grafana/dashboards',
      grafanaUrl: 'https://grafana.example.com/sub',
      grafanaToken: 'glsa_x',
      orgId: 3,
      prune: 'folders',
      planFile: 'plan/p.json',
      planFileIsDefault: false,
      requirePlan: false,
      ignoreReadOnly: true,
      readOnlyToken: false,
      config: undefined,
      environment: undefined,
      comment: false,
      githubToken: undefined,
      args: {
        concurrency: 16,
        force: true,
        maxDeletes: 20,
        message: 'deploy {sha} by {actor}',
        include: ['team a/**'],
        exclude: [],
        deleteMode: 'hard',
        insecure: false,
        verbose: false,
      },
    });
  });

  it('defaults: tree and prune left to the config file (else dashboards), plan file dashsync-plan.json', () => {
    expect(readActionInputs((name) => (name === 'command' ? 'check' : ''))).toMatchObject({
      path: undefined,
      planFile: 'dashsync-plan.json',
      prune: undefined,
      orgId: undefined,
    });
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ command: 'sync', 'org-id': '0', prune: 'some', 'grafana-url': 'ftp://grafana' })).toEqual([
      'input "command" must be plan, apply or check, got "sync"',
      'input "grafana-url" must start with http:// or https://, got ftp://… (the rest is not shown, as it may hold a token)',
      'input "org-id" must be a positive integer (Grafana\'s org id, e.g. 1), got "0"',
      'input "prune" must be false, folders or all, got "some"',
    ]);
    expect(problemsOf({})).toEqual(['input "command" is required: plan, apply or check']);
  });

  it('reads environment, comment (YAML booleans) and github-token; comment must be a boolean', () => {
    const read = (extra: Record<string, string>) => readActionInputs((name) => ({ command: 'plan', ...extra })[name] ?? '');
    expect(read({ environment: 'prod-eu', comment: 'True', 'github-token': 'ghs_x' })).toMatchObject({ environment: 'prod-eu', comment: true, githubToken: 'ghs_x' });
    expect(read({ comment: 'false' }).comment).toBe(false);
    expect(problemsOf({ command: 'plan', comment: 'yes' })).toEqual(['input "comment" must be true or false, got "yes"']);
  });

  it('a missing URL names the config file in use (the "config" input), not the default one', async () => {
    const workspace = await makeWorkspace();
    await mkdir(join(workspace, 'ci'));
    await writeFile(join(workspace, 'ci/dashsync.json'), JSON.stringify({ root: 'dashboards' }));
    const inputs = readActionInputs((name) => ({ command: 'plan', config: 'ci/dashsync.json', 'grafana-token': 'glsa_x' })[name] ?? '');
    const failure = await loadActionSettings(inputs, {}, workspace).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems).toEqual(['input "grafana-url" is required for command plan (or "url" in ci/dashsync.json)']);
  });

  it('the grafana-token input is the token of the environment DASHSYNC_ENV names, over a GRAFANA_TOKEN_<NAME> the job also holds', async () => {
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: 'http://127.0.0.1:9' }, production: { url: 'http://127.0.0.1:8' } } }));
    const inputs = readActionInputs((name) => ({ command: 'plan', 'grafana-token': 'glsa_from_input' })[name] ?? '');
    const { settings } = await loadActionSettings(inputs, { DASHSYNC_ENV: 'staging', GRAFANA_TOKEN_STAGING: 'glsa_job_wide' }, workspace);
    expect([settings.environment, settings.url]).toEqual(['staging', 'http://127.0.0.1:9']);
    expect(settings.auth).toMatchObject({ kind: 'token', token: 'glsa_from_input' });
  });

  it('never echoes a URL that carries credentials', () => {
    const problems = problemsOf({ command: 'plan', 'grafana-url': 'https://admin:s3cret@grafana.example.com' });
    // The advice is the Action's: an input, not the CLI's environment variables.
    expect(problems).toEqual([
      'input "grafana-url" must not contain credentials (user:password@): pass the token in the "grafana-token" input, from a secret',
    ]);
  });
});

describe('the args input', () => {
  it('accepts only allow-listed flags, each for the commands it fits', () => {
    expect(parseActionArgs('--force', 'plan').problems).toEqual(['args: --force does not apply to command plan (it works with: apply)']);
    expect(parseActionArgs('--concurrency 4', 'check').problems).toEqual([
      'args: --concurrency does not apply to command check (it works with: plan, apply)',
    ]);
    expect(parseActionArgs('--url https://x --prune all', 'plan').problems).toEqual([
      'args: --url is set with the "grafana-url" input of the Action, not in args',
      'args: --prune is set with the "prune" input of the Action, not in args',
    ]);
    expect(parseActionArgs('--env production --all-envs', 'plan').problems).toEqual([
      'args: --env is set with the "environment" input of the Action, not in args',
      'args: --all-envs is not for the Action: a step plans the one environment of its "environment" input (run a job matrix over the environments)',
    ]);
    expect(parseActionArgs('--token abc', 'plan').problems).toEqual([
      'args: --token is not accepted: pass the service account token with the "grafana-token" input',
    ]);
    expect(parseActionArgs('--rm -rf /', 'plan').problems[0]).toMatch(/^args: unknown flag --rm \(accepted: --concurrency, /);
    expect(parseActionArgs('; echo hi', 'plan').problems[0]).toBe('args: unexpected ";" (args takes flags such as --concurrency 16 --force)');
  });

  it('checks values: numbers, delete modes, missing values, unclosed quotes', () => {
    expect(parseActionArgs('--concurrency lots --delete-mode gentle --timeout', 'apply').problems).toEqual([
      'args: --concurrency takes a number, got "lots"',
      'args: --delete-mode takes soft or hard, got "gentle"',
      'args: --timeout needs a value',
    ]);
    expect(parseActionArgs('--message "unfinished', 'apply').problems).toEqual(['args: a double quote is not closed']);
    expect(parseActionArgs('--force=yes', 'apply').problems).toEqual(['args: --force takes no value (write just --force)']);
    // fixa-73: a flag of one value given twice is refused, as the CLI refuses it; flags of several values add up.
    expect(parseActionArgs('--timeout 5 --timeout=6 --include a --include b', 'apply').problems).toEqual(['args: --timeout was given more than once: it takes one value; give it once']);
    expect(parseActionArgs('--include a --include b', 'apply').args.include).toEqual(['a', 'b']);
  });

  it('repeats list flags and keeps newlines as separators', () => {
    expect(parseActionArgs('--exclude a/**\n--exclude "b c/*.json"', 'check').args.exclude).toEqual(['a/**', 'b c/*.json']);
  });
});

describe('the Action bundle: invalid inputs', () => {
  it('fails with every problem in one error line and leaves every output empty (no plan was made: not has-changes=false)', async () => {
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'deploy', 'org-id': 'two', prune: 'everything', args: '--frobnicate' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::input "command" must be plan, apply or check, got "deploy"%0A' +
        'input "org-id" must be a positive integer (Grafana\'s org id, e.g. 1), got "two"%0A' +
        'input "prune" must be false, folders or all, got "everything"%0A' +
        'args: unknown flag --frobnicate',
    );
    expect(run.outputs).toEqual({ 'has-changes': '', creates: '', updates: '', deletes: '', 'deletes-held': '', unreadable: '', 'uses-hidden-panels': '', 'not-moved-into-hidden': '', 'unreadable-library-panels': '', conflicts: '', 'library-panel-changes': '', 'folder-changes': '', 'plan-file': '' });
  });

  it('plan without a URL or a token says which inputs are missing', async () => {
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'plan' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::input "grafana-url" is required for command plan (or "url" in dashsync.config.json)%0A');
    expect(run.stdout).toContain('input "grafana-token" is required for command plan: a Grafana service account token from a secret');
    expect(run.stdout).toContain('e.g. grafana-token: ${{ secrets.GRAFANA_VIEWER_TOKEN }}');
    const apply = await runAction(workspace, { command: 'apply', 'grafana-url': 'http://127.0.0.1:9' });
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('e.g. grafana-token: ${{ secrets.GRAFANA_EDITOR_TOKEN }}, a secret of the GitHub environment the job names');
  });

  it('with environments: plan names them when none is chosen, check checks every one without a token', async () => {
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: 'http://127.0.0.1:9' }, production: {} } }));
    const plan = await runAction(workspace, { command: 'plan', 'grafana-token': 'glsa_x' });
    expect(plan.code).toBe(1);
    // env-55: in the Action's words, no flag.
    expect(plan.stdout).toContain('::error::dashsync.config.json defines environments staging, production: choose one with the "environment" input (or DASHSYNC_ENV in the step\'s env)');
    const check = await runAction(workspace, { command: 'check' });
    expect(check.stdout).toContain('check: 2 dashboards, 1 folder, 0 errors, 0 warnings');
    expect(check.code).toBe(0);
    // An environment without a url: the error names it, where it is written, and the step's input that gives one.
    const noUrl = await runAction(workspace, { command: 'plan', environment: 'production', 'grafana-token': 'glsa_x' });
    expect(noUrl.code).toBe(1);
    expect(noUrl.stdout).toContain(
      '::error::dashsync.config.json:1:57: environment "production" has no "url", and the top level of dashsync.config.json sets none for it: ' +
        'add "url": "https://…" to environment "production" (or to the top level, for every environment without its own), or set this step\'s "grafana-url" input',
    );
    const missing = await runAction(workspace, { command: 'plan', environment: 'production', 'grafana-url': 'http://127.0.0.1:9' });
    expect(missing.stdout).toContain('input "grafana-token" is required for command plan (or GRAFANA_TOKEN_PRODUCTION in the step\'s env)');
    const unknown = await runAction(workspace, { command: 'plan', environment: 'prod', 'grafana-url': 'http://127.0.0.1:9', 'grafana-token': 'glsa_x' });
    // env-55: at the place the file writes its "environments", the closest name, and the input to set.
    expect(unknown.stdout).toContain('::error::dashsync.config.json:1:2: no environment "prod" in "environments" (did you mean "production"?); it defines staging, production: set the "environment" input to one of them');
  });

  it('an environment without environments in the config file: the error names the "environment" input, not --env', async () => {
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'plan', environment: 'prod', 'grafana-url': 'http://127.0.0.1:9', 'grafana-token': 'glsa_x' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::the "environment" input "prod": there is no dashsync.config.json to define it in (add "environments": { "prod": { "url": … } })');
  });

  it('a config file that is not there is named', async () => {
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'check', config: 'ci/dashsync.json' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::ci/dashsync.json: file not found');
  });

  it('a rejected token fails the step without printing it', async () => {
    const { startTestSandbox } = await import('../helpers/sandbox.js');
    const sandbox = await startTestSandbox();
    const workspace = await makeWorkspace();
    const token = 'glsa_not_a_real_token_0123456789abcdef_1a2b3c4d';
    const run = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::GET \/apis?\S* failed: HTTP 401.* \(check the grafana-token input: a service account token of this Grafana, not expired\)$/m);
    expect(run.stdout.split('\n').filter((line) => line.includes(token))).toEqual([`::add-mask::${token}`]);
    expect(run.stderr + run.outputsText + run.summary).not.toContain(token);
  });
});
