import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

const RUNNER = { GITHUB_REPOSITORY: 'octo/dashboards', GITHUB_WORKFLOW_REF: 'octo/dashboards/.github/workflows/deploy.yml@refs/heads/main', GITHUB_JOB: 'deploy' };

/** The workflow file of the run: job `deploy` applies with the Action, then runs `after` (steps, as yaml lines). */
async function writeWorkflow(workspace: string, after: string[]): Promise<void> {
  await mkdir(join(workspace, '.github/workflows'), { recursive: true });
  const steps = ['      - uses: actions/checkout@v4', '      - uses: OWNER/dashsync@v1', '        with:', '          command: apply', ...after];
  await writeFile(join(workspace, '.github/workflows/deploy.yml'), ['on: push', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', '    steps:', ...steps, ''].join('\n'));
}

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
});
