import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';
import { resource, v2Spec } from '../unit/v2-builders.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

vi.setConfig({ testTimeout: 90_000 });

const errorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error'));
const push = { GITHUB_EVENT_NAME: 'push' };

/** A sandbox of `grafanaVersion`, a workspace of the tree fixture, and the inputs that reach that sandbox with an Admin's token. */
async function setUp(grafanaVersion: '11.2' | '12' | '13') {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const workspace = await makeWorkspace();
  const inputs = { 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Admin'), path: 'dashboards' };
  return { sandbox, workspace, inputs };
}

/** setUp's 12 with prune: folders, where the Action applied a dashboard (action-extra) whose file is removed since: its plan deletes it. */
async function prunedSinceApply() {
  const set = await setUp('12');
  const inputs = { ...set.inputs, prune: 'folders' };
  const extra = join(set.workspace, 'dashboards/team-a/extra.json');
  await writeFile(extra, `${JSON.stringify({ uid: 'action-extra', title: 'Extra', panels: [] }, null, 2)}\n`);
  expect((await runAction(set.workspace, { ...inputs, command: 'apply' }, push)).code).toBe(0);
  await rm(extra);
  return { ...set, inputs };
}

// action-56: these errors' next steps named CLI flags (--api, --backup-dir) an Action user cannot pass: --api goes in
// the args input, and backupDir has no input (args takes no --backup-dir), only the config file's "backupDir".
describe('the next step of an error in the Action names what a workflow sets, not a CLI flag', () => {
  it('a dashboard stored as v2, which /api cannot read: --api auto or k8s in args', async () => {
    const { sandbox, workspace, inputs } = await setUp('13');
    expect((await runAction(workspace, { ...inputs, command: 'apply' }, push)).code).toBe(0);
    // Someone saves it in the dynamic-dashboards editor: Grafana now stores it as v2, which /api answers with 406.
    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'action-overview' }) })).status).toBe(200);

    const plan = await runAction(workspace, { ...inputs, command: 'plan', args: '--api legacy' });
    expect(plan.code).toBe(1);
    expect(errorLines(plan.stdout)).toEqual([
      '::error::dashboard action-overview (dashboards/overview.json) is stored in Grafana as a v2 dashboard, which /api cannot read (Grafana answers 406). ' +
        'Plan and apply with --api auto or k8s in args (or "api" in the config file), which read it through /apis',
    ]);
    expect(plan.summary).toContain('Plan and apply with --api auto or k8s in args');
  });

  it('api k8s where Grafana serves no dashboard.grafana.app: --api legacy (or auto) in args', async () => {
    const { sandbox, workspace, inputs } = await setUp('11.2');
    const plan = await runAction(workspace, { ...inputs, command: 'plan', args: '--api k8s' });
    expect(plan.code).toBe(1);
    expect(errorLines(plan.stdout)).toEqual([
      `::error::api: k8s, but ${sandbox.url} does not serve /apis/dashboard.grafana.app and folder.grafana.app (Grafana 12 or later does). ` +
        'Use --api legacy (or auto) in args (or "api" in the config file)',
    ]);
    expect(sandbox.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('a backup directory that cannot be written: the config file\'s "backupDir", as no input sets it', async () => {
    const { sandbox, workspace, inputs } = await prunedSinceApply();
    // A regular file where the default backup directory's parent should be: no backup could be written (ENOTDIR).
    await writeFile(join(workspace, '.dashsync'), '');
    expect((await runAction(workspace, { ...inputs, command: 'plan' })).outputs.deletes).toBe('1');

    sandbox.clearRequests();
    const apply = await runAction(workspace, { ...inputs, command: 'apply' }, push);
    expect(apply.code).toBe(1);
    expect(errorLines(apply.stdout)).toEqual([
      '::error::the plan deletes, and the backups of its deletes cannot be written into .dashsync/backups: .dashsync is not a directory (ENOTDIR); nothing was applied. ' +
        'Check "backupDir" in the config file (the Action has no input for it)',
    ]);
    expect(sandbox.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  // action-57: a backup that fails mid-apply (the directory passed the check before the first write) said
  // "check backupDir / --backup-dir", a flag the Action's args do not take.
  it("a backup that cannot be written mid-apply: the config file's \"backupDir\" too", async () => {
    const { sandbox, workspace, inputs } = await prunedSinceApply();
    // The backup directory takes files, but where this dashboard's backups go is a regular file.
    await mkdir(join(workspace, '.dashsync/backups'), { recursive: true });
    await writeFile(join(workspace, '.dashsync/backups/action-extra'), '');
    // The one-step apply saved its plan there: this one plans again.
    await rm(join(workspace, 'dashsync-plan.json'));

    const apply = await runAction(workspace, { ...inputs, command: 'apply' }, push);
    expect(apply.code).toBe(1);
    const failed = errorLines(apply.stdout).filter((line) => line.includes('action-extra'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/not deleted: cannot write its backup into \.dashsync\/backups \(E[A-Z]+\)(: [^;]+)?; check "backupDir" in the config file \(the Action has no input for it\)/);
    expect(apply.stdout).not.toContain('--backup-dir');
    expect(sandbox.requests().filter((request) => request.method === 'DELETE')).toEqual([]);
  });

  // Its plan printed "dashsync plan --verbose lists every one, --format json holds them all": neither is the Action's,
  // while each warning is an annotation of the step. action-57: args --verbose never reached the plan it printed; now the
  // log lists every one, as the CLI's --verbose does (the job summary, which GitHub caps, still folds them).
  it("a plan's warnings folded into one line say where every one is: the step's annotations; args --verbose lists each in the log", async () => {
    const { sandbox, workspace, inputs } = await setUp('12');
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'gcx-folder', title: 'GCX Folder' })).status).toBe(200);
    const panels = [{ id: 1, type: 'text', title: 'Notes', gridPos: { h: 4, w: 12, x: 0, y: 0 }, options: { content: 'hello' } }];
    // Twelve dashboards saved in Grafana by someone else, whose files hold the same content in another folder: drift, folded past ten.
    for (let index = 1; index <= 12; index += 1) {
      const board = { uid: `gcx-${index}`, title: `Board gcx-${index}`, panels, schemaVersion: 41 };
      await saveLive(sandbox, board, 'gcx-folder', 'ui');
      await saveLive(sandbox, board, 'gcx-folder', 'ui');
      await writeJson(workspace, `dashboards/gcx/gcx-${index}.json`, board);
    }

    const plan = await runAction(workspace, { ...inputs, command: 'plan', args: '--api legacy' });
    expect(plan.code).toBe(0);
    const folded = plan.stdout.split('\n').filter((line) => line.startsWith('  ! drift: 12 dashboards'));
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatch(/\(a move made in Grafana since is undone; every one is an annotation of the step that made this plan\)$/);
    expect(plan.summary).toContain('a move made in Grafana since is undone; every one is an annotation of the step that made this plan)');
    expect(`${plan.stdout}${plan.summary}`).not.toMatch(/dashsync plan --verbose|--format json/);
    // What it says is so: each is an annotation of this step.
    expect(plan.stdout.split('\n').filter((line) => line.startsWith('::warning title=dashsync drift') && line.includes('the file holds the same content'))).toHaveLength(12);

    const verbose = await runAction(workspace, { ...inputs, command: 'plan', args: '--api legacy --verbose' });
    expect(verbose.code).toBe(0);
    const listed = verbose.stdout.split('\n').filter((line) => line.startsWith('  ! drift: gcx-'));
    expect(listed).toHaveLength(12);
    expect(listed[0]).toContain('the file holds the same content, so applying changes only its folder');
    expect(verbose.stdout.split('\n').filter((line) => line.startsWith('  ! drift: 12 dashboards'))).toEqual([]);
    expect(verbose.summary).toContain('a move made in Grafana since is undone; every one is an annotation of the step that made this plan)');
  });

  // It said "org 2, from GRAFANA_ORG_ID": the variable the Action sets from the input, which the workflow never names.
  it('an org-id the token does not belong to is named as the input it came from', async () => {
    const { sandbox, workspace, inputs } = await setUp('12');
    expect((await apiRequest(sandbox, 'POST', '/api/orgs', { name: 'Other' })).status).toBe(200);
    const plan = await runAction(workspace, { ...inputs, command: 'plan', 'org-id': '2' });
    expect(plan.code).toBe(1);
    expect(errorLines(plan.stdout)).toEqual([
      '::error::GET /apis failed: HTTP 401: API key does not belong to the requested organization ' +
        '(org 2, from the "org-id" input, is not the org of the token: a service account token belongs to one org; set the org-id input to the token\'s org, or use a token of org 2)',
    ]);
  });
});

// action-56b: the plan's and check's advice named --prune, --api and `dashsync plan --env`, none of which an Action user passes.
describe("the plan's and check's advice in the Action names its inputs, not CLI flags", () => {
  const warningLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning'));

  it('a v2 file on the legacy /api: --api auto or k8s in args', async () => {
    const { sandbox, workspace, inputs } = await setUp('12');
    await writeJson(workspace, 'dashboards/nodes.json', resource('v2beta1', 'action-nodes', v2Spec({ title: 'Nodes' })));
    const plan = await runAction(workspace, { ...inputs, command: 'plan', args: '--api legacy' });
    expect(plan.code).toBe(1);
    const refused = errorLines(plan.stdout).filter((line) => line.includes('v2-needs-apis') || line.includes('needs Grafana\'s /apis'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('this run uses the legacy /api (api "legacy", --api): use --api auto or k8s in args (or "api" in the config file); or leave this file out');
    expect(sandbox.requests()).toEqual([]);
  });

  it('dashboards at the General level prune folders keeps: the "prune" input', async () => {
    const { sandbox, workspace, inputs } = await setUp('12');
    await saveLive(sandbox, { uid: 'stray', title: 'Stray', panels: [] }, '', 'ui');
    const plan = await runAction(workspace, { ...inputs, command: 'plan', prune: 'folders' });
    expect(plan.code).toBe(0);
    const kept = warningLines(plan.stdout).filter((line) => line.includes('not pruned'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toContain('1 not pruned (at the General level, which prune: folders never deletes; prune: all (the "prune" input) deletes those no other tool owns): stray "Stray"');
    expect(`${plan.stdout}${plan.summary}`).not.toContain('--prune');
  });

  it("what another environment's plan prunes: the plan step with its environment input", async () => {
    const { sandbox, workspace, inputs } = await setUp('12');
    await writeJson(workspace, 'dashsync.config.json', { prune: 'folders', environments: { a: { url: sandbox.url, include: ['team-a'] }, b: { url: sandbox.url, include: ['overview.json'] } } });
    expect((await runAction(workspace, { ...inputs, command: 'apply', environment: 'a' }, push)).code).toBe(0);
    // No file holds it, in team-a's folder: environment a's plan prunes it, not b's.
    await saveLive(sandbox, { uid: 'a-gone', title: 'A gone', panels: [] }, 'action-team-a', 'ui');

    const plan = await runAction(workspace, { ...inputs, command: 'plan', environment: 'b' });
    expect(plan.code).toBe(0);
    expect(warningLines(plan.stdout).filter((line) => line.includes('left to environment a'))).toEqual([
      expect.stringContaining('1 dashboard in folder "Team A" left to environment a (its directory; the plan step with environment: a prunes it)'),
    ]);
    expect(`${plan.stdout}${plan.summary}`).not.toContain('dashsync plan --env');
  });

  it("an environment whose files all moved out: check names the plan step with its environment input", async () => {
    const workspace = await makeWorkspace();
    await writeJson(workspace, 'dashsync.config.json', { prune: 'folders', environments: { a: { include: ['team-a'] }, b: { include: ['overview.json'] } } });
    await commitAll(workspace, 'two environments');
    await rm(join(workspace, 'dashboards/overview.json'));
    await writeJson(workspace, 'dashboards/team-a/overview.json', { uid: 'action-overview', title: 'Action Overview', panels: [] });
    await commitAll(workspace, 'the overview joins team-a');

    const check = await runAction(workspace, { command: 'check', path: 'dashboards' });
    const emptied = warningLines(check.stdout).filter((line) => line.includes('selects no dashboard or library panel file'));
    expect(emptied).toHaveLength(1);
    expect(emptied[0]).toContain(': the plan step with environment: b only prunes what environment b left in Grafana');
    expect(`${check.stdout}${check.summary}`).not.toContain('dashsync plan --env');
  });
});
