import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction, startAction } from './run-action.js';

// Each test runs the bundle two or three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const writes = (sandbox: { requests(): { method: string }[] }) => sandbox.requests().filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

describe('the Action: apply without the reviewed plan', () => {
  it('a plan-file of its own name that does not exist (a typo) fails the step; nothing is planned or sent', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    sandbox.clearRequests();
    const run = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'plan-file': 'plans/dashsync-plan.jsn' }, { GITHUB_EVENT_NAME: 'push' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::no plan file at plans/dashsync-plan.jsn; nothing was applied. A plan-file of its own must exist (is the name right, and was the plan downloaded to it?); to plan and apply in one step when there is no reviewed plan, leave plan-file out',
    );
    // No plan was read: has-changes is empty, neither true nor false.
    expect(run.outputs).toMatchObject({ 'has-changes': '', creates: '', 'plan-file': '' });
    // The job page says why the step failed, and that nothing was applied.
    expect(run.summary).toMatch(/^## dashsync apply — failed\n\n> \[!CAUTION\]\n> no plan file at plans\/dashsync-plan\.jsn; nothing was applied\. /);
    expect(sandbox.requests()).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).status).toBe(404);
  });

  it('require-plan: true without a plan file fails the step; nothing is sent', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    sandbox.clearRequests();
    const run = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'require-plan': 'true' }, { GITHUB_EVENT_NAME: 'push' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::no plan file at dashsync-plan.json and require-plan is true; nothing was applied. Put the reviewed plan there before this step (e.g. download the pull request's plan artifact), or set require-plan: false to plan and apply in one step",
    );
    expect(sandbox.requests()).toEqual([]);
  });

  it('require-plan is for apply: plan and check refuse it', async () => {
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'check', 'require-plan': 'true' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::input "require-plan" is for command apply (it refuses to apply without a reviewed plan); command check takes none (remove it, or set it to false)',
    );
    const bad = await runAction(workspace, { command: 'apply', 'require-plan': 'yes' });
    expect(bad.stdout).toContain('::error::input "require-plan" must be true or false, got "yes"');
  });

  it('the default plan file missing: a warning, and the job summary says no plan was reviewed', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'plan-file': 'dashsync-plan.json' }, { GITHUB_EVENT_NAME: 'push' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '::warning::No reviewed plan: no plan file at dashsync-plan.json, so this step plans and applies in one step (set require-plan: true to refuse that)',
    );
    expect(run.summary).toContain('> [!WARNING]\n> No reviewed plan: planned and applied in one step.');
    expect(run.summary).toContain('**Applied: 2 created, 0 updated, 0 moved, 0 deleted. Folders: 1 created**');

    // A later push with nothing to do says it too: what was compared was not reviewed either.
    await rm(join(workspace, 'dashsync-plan.json'));
    const again = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token }, { GITHUB_EVENT_NAME: 'push' });
    expect(again.code).toBe(0);
    expect(again.summary).toContain('## dashsync apply\n\n> [!WARNING]\n> No reviewed plan: planned and applied in one step.\n\nNothing to apply: Grafana already matches the tree.');
  });

  it('a plan-file outside the workspace is refused by plan and by apply', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    sandbox.clearRequests();
    for (const command of ['plan', 'apply']) {
      const run = await runAction(workspace, { command, 'grafana-url': sandbox.url, 'grafana-token': token, 'plan-file': '../../etc/passwd' });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `::error::input "plan-file" must be a file inside the workspace (${workspace}), got "../../etc/passwd": give a path relative to the repository, e.g. dashsync-plan.json`,
      );
    }
    expect(writes(sandbox)).toEqual([]);
  });
});

describe('the Action: outputs for folders and library panels', () => {
  it('a change of only a folder and a library panel: creates/updates/deletes 0, folder-changes and library-panel-changes count it', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const base = { 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, { ...base, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' })).code).toBe(0);

    const folderFile = join(workspace, 'dashboards/team-a/_folder.json');
    await writeFile(folderFile, JSON.stringify({ ...JSON.parse(await readFile(folderFile, 'utf8')), title: 'Team A (renamed)' }, null, 2));
    await mkdir(join(workspace, 'dashboards/team-a/_library'));
    await writeFile(
      join(workspace, 'dashboards/team-a/_library/cpu.json'),
      JSON.stringify({ kind: 1, uid: 'lp-cpu', name: 'CPU usage', model: { type: 'timeseries', title: 'CPU', targets: [{ expr: 'rate(cpu[5m])' }] } }, null, 2),
    );
    const plan = await runAction(workspace, { ...base, command: 'plan', 'plan-file': 'reviewed.json' });
    expect(plan.code).toBe(0);
    expect(plan.outputs).toEqual({
      'has-changes': 'true',
      creates: '0',
      updates: '0',
      deletes: '0',
      'deletes-held': '0',
      unreadable: '0',
      'uses-hidden-panels': '0',
      'not-moved-into-hidden': '0',
      'unreadable-library-panels': '0',
      conflicts: '0',
      'library-panel-changes': '1',
      'folder-changes': '1',
      'plan-file': 'reviewed.json',
    });

    const apply = await runAction(workspace, { ...base, command: 'apply', 'plan-file': 'reviewed.json' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.code).toBe(0);
    expect(apply.outputs).toMatchObject({ 'has-changes': 'true', creates: '0', updates: '0', deletes: '0', 'library-panel-changes': '1', 'folder-changes': '1' });
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).status).toBe(200);
  });
});

describe('the Action: a cancelled one-step apply', () => {
  it('cancelled while planning: the job summary says nothing was applied and to re-run the job', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    // The plan's listing of the live dashboards is held: the cancel lands while planning, whatever the machine's speed.
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/search', script: [{ kind: 'hold' }] });
    const runner = { GITHUB_EVENT_NAME: 'push', GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'octo/dashboards', GITHUB_RUN_ID: '4242' };
    const { child, finished } = startAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token }, runner);
    await sandbox.whenHeld(1);
    child.kill('SIGINT');
    const run = await finished;
    sandbox.releaseHeld();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::interrupted while planning; nothing was applied');
    expect(run.summary).toContain('## dashsync apply — interrupted while planning; nothing was applied');
    // The plan's reads had gone out: what was not done is writing (walk-73 L3).
    expect(run.summary).toContain('The run was cancelled before anything was written to Grafana.');
    // The job, its workflow and the run's page, named as the runner's variables give them.
    expect(run.summary).toContain('Re-run job "dashsync" of workflow "Dashboards" (its re-run icon under Jobs, on https://github.example/octo/dashboards/actions/runs/4242) to plan and apply.');
    expect(writes(sandbox)).toEqual([]);
  });
});

describe('the Action: a saved plan of one environment', () => {
  it("a saved plan of another environment is refused in the Action's words: environment: NAME, the plan step", async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: sandbox.url }, production: { url: sandbox.url, orgId: 1 } } }));
    const plan = await runAction(workspace, { command: 'plan', environment: 'staging', 'grafana-token': token, 'plan-file': 'staging.plan.json' });
    expect(plan.code).toBe(0);
    sandbox.clearRequests();

    const apply = await runAction(workspace, { command: 'apply', environment: 'production', 'grafana-token': token, 'plan-file': 'staging.plan.json' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(
      '::error::the plan was made for environment staging, not production; nothing was applied. Apply it with environment: staging, or run the plan step with environment: production\n',
    );
    expect(writes(sandbox)).toEqual([]);
  });

  it('apply without an "environment" input applies the plan to the environment it was made for with that environment\'s own token, and says so', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: sandbox.url }, production: { url: 'http://127.0.0.1:9' } } }));
    const plan = await runAction(workspace, { command: 'plan', environment: 'staging', 'grafana-token': token, 'plan-file': 'plans/staging.plan.json' });
    expect(plan.code).toBe(0);
    sandbox.clearRequests();

    // A token written for a step that names no environment is meant for no Grafana in particular (the plan may be any environment's).
    const fromInput = await runAction(workspace, { command: 'apply', 'grafana-token': token, 'plan-file': 'plans/staging.plan.json' }, { GITHUB_EVENT_NAME: 'push' });
    expect(fromInput.code).toBe(1);
    expect(fromInput.stdout).toContain(
      '::error::input "grafana-token" without an "environment" input, and plans/staging.plan.json was made for environment staging: set environment: staging (the plan\'s) so the token is meant for its Grafana; nothing was applied\n',
    );
    expect(fromInput.stdout).not.toContain('applying it there');
    const fromGenericVariable = await runAction(workspace, { command: 'apply', 'plan-file': 'plans/staging.plan.json' }, { GITHUB_EVENT_NAME: 'push', GRAFANA_TOKEN: token });
    expect(fromGenericVariable.code).toBe(1);
    expect(fromGenericVariable.stdout).toContain(
      '::error::GRAFANA_TOKEN without an "environment" input, and plans/staging.plan.json was made for environment staging: set environment: staging (the plan\'s) so the token is meant for its Grafana, or set GRAFANA_TOKEN_STAGING in the step\'s env; nothing was applied\n',
    );
    expect(sandbox.requests()).toEqual([]);

    const apply = await runAction(workspace, { command: 'apply', 'plan-file': 'plans/staging.plan.json' }, { GITHUB_EVENT_NAME: 'push', GRAFANA_TOKEN_STAGING: token });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('plans/staging.plan.json was made for environment staging: applying it there (no "environment" input)');
    // walk-59 L1: the heading names the environment, as the plan's does (staging's and production's summaries looked alike).
    expect(apply.summary).toMatch(/^## dashsync apply · staging\n/);
    expect(apply.summary).toContain('**Applied: 2 created, 0 updated, 0 moved, 0 deleted. Folders: 1 created**');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).status).toBe(200);
  });

  it('apply of a saved plan with the "environment" input takes the token input as that environment\'s, and applies', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: sandbox.url }, production: { url: 'http://127.0.0.1:9' } } }));
    expect((await runAction(workspace, { command: 'plan', environment: 'staging', 'grafana-token': token, 'plan-file': 'staging.plan.json' })).code).toBe(0);
    const apply = await runAction(workspace, { command: 'apply', environment: 'staging', 'grafana-token': token, 'plan-file': 'staging.plan.json' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.code, apply.stdout).toBe(0);
    expect(apply.stdout).not.toContain('applying it there');
    expect(apply.summary).toContain('**Applied: 2 created, 0 updated, 0 moved, 0 deleted. Folders: 1 created**');
  });
});

describe('the Action: a reviewed plan that deletes what the tree holds now (audit-ux-9 F1)', () => {
  it('apply refuses the whole plan when a file added since holds a uid it deletes; nothing is sent', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const common = { 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards' };
    expect((await runAction(workspace, { command: 'apply', ...common }, { GITHUB_EVENT_NAME: 'push' })).code).toBe(0);
    const made = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ui-made', title: 'Made in the UI', panels: [] }, folderUid: 'action-team-a' });
    expect(made.status).toBe(200);
    expect((await runAction(workspace, { command: 'plan', ...common, prune: 'folders', 'plan-file': 'pr.plan.json' })).outputs).toMatchObject({ deletes: '1' });
    // Another pull request adopted it (dashsync pull) and was merged first.
    await writeFile(join(workspace, 'dashboards/team-a/made-in-the-ui.json'), JSON.stringify({ uid: 'ui-made', title: 'Made in the UI', schemaVersion: 39, panels: [] }));
    sandbox.clearRequests();

    const apply = await runAction(workspace, { command: 'apply', ...common, 'plan-file': 'pr.plan.json' }, { GITHUB_EVENT_NAME: 'push' });

    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(
      '::error::the plan deletes dashboard ui-made, but dashboards/team-a/made-in-the-ui.json holds it now (added since the plan was made); nothing was applied. Make the plan again and review it: push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)',
    );
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(200);
  });
});
