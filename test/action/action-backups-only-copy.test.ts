import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

const RUNNER = { GITHUB_REPOSITORY: 'octo/dashboards', GITHUB_WORKFLOW_REF: 'octo/dashboards/.github/workflows/deploy.yml@refs/heads/main', GITHUB_JOB: 'deploy' };

/**
 * A workflow file (`file`, default the run's deploy.yml): job `job` (default `deploy`) applies with the Action, then runs
 * `after` (steps, as yaml lines).
 */
async function writeWorkflow(workspace: string, after: string[], file = 'deploy.yml', job = 'deploy'): Promise<void> {
  await mkdir(join(workspace, '.github/workflows'), { recursive: true });
  const steps = ['      - uses: actions/checkout@v4', '      - uses: OWNER/dashsync@v1', '        with:', '          command: apply', ...after];
  await writeFile(join(workspace, '.github/workflows', file), ['on: push', 'jobs:', `  ${job}:`, '    runs-on: ubuntu-latest', '    steps:', ...steps, ''].join('\n'));
}

/** The run's deploy.yml whose only job calls the reusable workflow `uses` (job level, as GitHub allows it). */
async function writeCaller(workspace: string, uses: string): Promise<void> {
  await mkdir(join(workspace, '.github/workflows'), { recursive: true });
  await writeFile(join(workspace, '.github/workflows/deploy.yml'), ['on: push', 'jobs:', '  deploy:', `    uses: ${uses}`, '    secrets: inherit', ''].join('\n'));
}

/**
 * A sandbox of `grafanaVersion` (with `features`) and a workspace of the tree fixture and `files` (path → JSON), which the
 * Action applied (`args` in every run): `prune(file, gone)` removes the file and applies with prune all, as the job of `runner`
 * (RUNNER by default), and checks that Grafana answers 404 at `gone`.
 */
async function appliedTree(options: { grafanaVersion: '11.2' | '12' | '13'; features?: Record<string, boolean>; files: Record<string, unknown>; args?: string }) {
  const sandbox = await startTestSandbox({ grafanaVersion: options.grafanaVersion, ...(options.features && { features: options.features }) });
  const workspace = await makeWorkspace();
  const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Admin'), ...(options.args && { args: options.args }) };
  // Each run plans and applies in one step (no plan file of its own); the one it saves is taken away before the next.
  const run = async (given: Record<string, string>, runner: Record<string, string> = RUNNER) => {
    await rm(join(workspace, 'dashsync-plan.json'), { force: true });
    return runAction(workspace, given, runner);
  };
  for (const [file, content] of Object.entries(options.files)) {
    await mkdir(dirname(join(workspace, file)), { recursive: true });
    await writeFile(join(workspace, file), JSON.stringify(content, null, 2));
  }
  const applied = await run(inputs);
  expect(applied.code, applied.stdout).toBe(0);
  const prune = async (file: string, gone: string, runner?: Record<string, string>) => {
    await rm(join(workspace, file));
    const pruned = await run({ ...inputs, prune: 'all', args: `${options.args ?? ''} --max-deletes 1`.trim() }, runner);
    expect(pruned.code, pruned.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'GET', gone)).status).toBe(404);
    return pruned;
  };
  return { sandbox, workspace, prune };
}

/** Dashboards `extra-1` … `extra-<count>` at the tree's top, as appliedTree's files. */
function extraDashboards(count: number): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`dashboards/extra-${i + 1}.json`, { uid: `extra-${i + 1}`, title: `Extra ${i + 1}`, schemaVersion: 39, panels: [] }]));
}

/** appliedTree's prune of dashboard extra-<n>. */
const extra = (n: number): [string, string] => [`dashboards/extra-${n}.json`, `/api/dashboards/uid/extra-${n}`];

const warningOf = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning::') && line.includes('only copy'));

const UPLOAD = ['      - if: always()', '        uses: actions/upload-artifact@v4', '        with:', '          name: dashsync-backups', '          path: .dashsync/backups/'];

// onboard-69 (walk-69 H1): on a Grafana whose delete keeps no "Recently deleted" entry (a stock 11.2 has it off), a prune's
// backup on the runner's disk is the only copy, and a job that uploads none loses it when the job ends: the apply step warns.
describe('the apply step, after a prune whose backups are the only copy (Grafana 11.2, "Recently deleted" off)', () => {
  it('warns (annotation and job summary) where the job uploads no artifact of the backups, and not where it does', async () => {
    // The test helper switches 11.2's "Recently deleted" on; a stock 11.2 has it off.
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: false } });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token };
    // Each run plans and applies in one step (no plan file of its own); the one it saves is taken away before the next.
    const run = async (given: Record<string, string>) => {
      await rm(join(workspace, 'dashsync-plan.json'), { force: true });
      return runAction(workspace, given, RUNNER);
    };
    expect((await run(inputs)).code).toBe(0);

    await writeWorkflow(workspace, ['      - run: echo done']);
    await rm(join(workspace, 'dashboards/team-a/service.json'));
    const unkept = await run({ ...inputs, prune: 'all', args: '--max-deletes 1' });
    expect(unkept.code, unkept.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).status).toBe(404);
    const warning =
      'The backup of 1 deleted dashboard (action-service) under .dashsync/backups/ is the only copy: Grafana kept no "Recently deleted" entry, ' +
      'and job "deploy" of .github/workflows/deploy.yml uploads no artifact of .dashsync/backups/ whatever came before: the runner\'s disk goes with the job. ' +
      'Add a step after this one with if: always(), uses: actions/upload-artifact and path: .dashsync/backups/ (docs/action.md)';
    expect(unkept.stdout.split('\n')).toContain(`::warning::${warning}`);
    expect(unkept.summary).toContain('[!WARNING]');
    expect(unkept.summary).toContain('is the only copy: Grafana kept no "Recently deleted" entry');

    // The job keeps them, by the path docs/environments.md's matrix job uploads (rev-70c M1: cut at `${{`, not at its `{`).
    await writeWorkflow(workspace, [...UPLOAD.slice(0, -1), '          path: .dashsync/backups/${{ matrix.environment }}/']);
    await rm(join(workspace, 'dashboards/overview.json'));
    const kept = await run({ ...inputs, prune: 'all', args: '--max-deletes 1' });
    expect(kept.code, kept.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).status).toBe(404);
    expect(kept.stdout).toContain('Backups of what was deleted: 1 file under .dashsync/backups/');
    expect(kept.stdout).not.toContain('Grafana kept no "Recently deleted" entry');
    expect(kept.summary).not.toContain('Grafana kept no "Recently deleted" entry');

    // A run whose workflow file is not in the checkout cannot tell: it says so, with the same step to add.
    await rm(join(workspace, '.github'), { recursive: true });
    await writeFile(join(workspace, 'dashboards/overview.json'), JSON.stringify({ uid: 'action-overview', title: 'Overview', schemaVersion: 39, panels: [] }));
    expect((await run(inputs)).code).toBe(0);
    await rm(join(workspace, 'dashboards/overview.json'));
    const unknown = await run({ ...inputs, prune: 'all', args: '--max-deletes 1' });
    expect(unknown.stdout).toContain(
      '::warning::The backup of 1 deleted dashboard (action-overview) under .dashsync/backups/ is the only copy: Grafana kept no "Recently deleted" entry, ' +
        'and whether this job uploads .dashsync/backups/ could not be told (.github/workflows/deploy.yml is not in the checkout at GITHUB_WORKSPACE)',
    );
  });

  // rev-70c M2: Grafana keeps no "Recently deleted" of library panels in any release, so a pruned one's backup is its only copy.
  it('a pruned library panel is warned of where the job uploads no artifact, and not where it does (Grafana 13)', async () => {
    const panel = (uid: string) => ({ kind: 1, uid, name: uid, model: { type: 'timeseries', title: uid, targets: [{ expr: 'up' }] } });
    const file = (uid: string) => `dashboards/team-a/_library/${uid}.json`;
    const tree = await appliedTree({ grafanaVersion: '13', files: { [file('lp-cpu')]: panel('lp-cpu'), [file('lp-mem')]: panel('lp-mem') } });

    await writeWorkflow(tree.workspace, ['      - run: echo done']);
    const unkept = await tree.prune(file('lp-cpu'), '/api/library-elements/lp-cpu');
    const warning =
      'The backup of 1 deleted library panel (lp-cpu) under .dashsync/backups/ is the only copy: Grafana keeps no "Recently deleted" of library panels, ' +
      'and job "deploy" of .github/workflows/deploy.yml uploads no artifact of .dashsync/backups/ whatever came before: the runner\'s disk goes with the job. ' +
      'Add a step after this one with if: always(), uses: actions/upload-artifact and path: .dashsync/backups/ (docs/action.md)';
    expect(warningOf(unkept.stdout)).toEqual([`::warning::${warning}`]);
    expect(unkept.summary).toContain('Grafana keeps no "Recently deleted" of library panels');

    await writeWorkflow(tree.workspace, UPLOAD);
    const kept = await tree.prune(file('lp-mem'), '/api/library-elements/lp-mem');
    expect(warningOf(kept.stdout)).toEqual([]);
    expect(kept.summary).not.toContain('only copy');
  });

  // rev-70c L2: through /api, Grafana 12 does not show whether unified storage kept the dashboard; where the settings cannot
  // be read, nothing tells. Either "may be" the only copy, and says what tells.
  it('a delete on 12 through /api, and one whose "Recently deleted" settings could not be read, may be the only copy', async () => {
    const on12 = await appliedTree({ grafanaVersion: '12', files: extraDashboards(1), args: '--api legacy' });
    await writeWorkflow(on12.workspace, ['      - run: echo done']);
    const unseen = await on12.prune(...extra(1));
    expect(warningOf(unseen.stdout)).toEqual([
      '::warning::The backup of 1 deleted dashboard (extra-1) under .dashsync/backups/ may be the only copy: Grafana 12 through /api does not show whether it kept a "Recently deleted" entry ' +
        '(--api auto in args, or "api": "auto" in the config file, tells), and job "deploy" of .github/workflows/deploy.yml uploads no artifact of .dashsync/backups/ whatever came before: ' +
        "the runner's disk goes with the job. Add a step after this one with if: always(), uses: actions/upload-artifact and path: .dashsync/backups/ (docs/action.md)",
    ]);

    const on11 = await appliedTree({ grafanaVersion: '11.2', files: extraDashboards(1) });
    await writeWorkflow(on11.workspace, ['      - run: echo done']);
    // Grafana's settings answer nothing readable from here on: whether "Recently deleted" is on cannot be told.
    on11.sandbox.setFaults({ pathPrefix: '/api/frontend/settings', errorRate: 1, errorStatus: 404 });
    const untold = await on11.prune(...extra(1));
    expect(warningOf(untold.stdout)).toEqual([
      expect.stringMatching(
        /^::warning::The backup of 1 deleted dashboard \(extra-1\) under \.dashsync\/backups\/ may be the only copy: Grafana's settings could not be read to tell whether it kept a "Recently deleted" entry \(its Dashboards > Recently deleted page shows\), and job "deploy" /,
      ),
    ]);
  });

  // fixs-70 left: a job that calls a reusable workflow got "could not be told" whatever that workflow does.
  it('a reusable workflow of this repository is judged by its job; one of another repository says what to check there', async () => {
    const tree = await appliedTree({ grafanaVersion: '11.2', features: { dashboardRestore: false }, files: extraDashboards(3) });
    // The runner names the calling workflow and the called job's id (GITHUB_JOB), as in a reusable workflow.
    const called = { ...RUNNER, GITHUB_JOB: 'apply' };
    await writeCaller(tree.workspace, './.github/workflows/apply.yml');
    await writeWorkflow(tree.workspace, UPLOAD, 'apply.yml', 'apply');
    const kept = await tree.prune(...extra(1), called);
    expect(kept.stdout).toContain('Backups of what was deleted: 1 file under .dashsync/backups/');
    expect(warningOf(kept.stdout)).toEqual([]);

    await writeWorkflow(tree.workspace, ['      - run: echo done'], 'apply.yml', 'apply');
    const unkept = await tree.prune(...extra(2), called);
    expect(warningOf(unkept.stdout)).toEqual([
      '::warning::The backup of 1 deleted dashboard (extra-2) under .dashsync/backups/ is the only copy: Grafana kept no "Recently deleted" entry, ' +
        'and job "apply" of .github/workflows/apply.yml uploads no artifact of .dashsync/backups/ whatever came before: the runner\'s disk goes with the job. ' +
        'Add a step after this one with if: always(), uses: actions/upload-artifact and path: .dashsync/backups/ (docs/action.md)',
    ]);

    await writeCaller(tree.workspace, 'octo/shared/.github/workflows/apply.yml@v1');
    const remote = await tree.prune(...extra(3), called);
    expect(warningOf(remote.stdout)).toEqual([
      '::warning::The backup of 1 deleted dashboard (extra-3) under .dashsync/backups/ is the only copy: Grafana kept no "Recently deleted" entry, and whether this job uploads .dashsync/backups/ could not be told ' +
        '(job "apply" is in neither .github/workflows/deploy.yml nor a reusable workflow of this repository it calls: it runs in one of another repository, which this checkout does not hold): ' +
        'check that job "apply" of "octo/shared/.github/workflows/apply.yml@v1" has a step after its apply step with if: always(), uses: actions/upload-artifact and path: .dashsync/backups/ (docs/action.md), ' +
        "or the runner's disk goes with the job",
    ]);
  });
});
