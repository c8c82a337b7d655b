import { describe, expect, it } from 'vitest';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

const errorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error'));

describe('the Action when a step fails: the job summary, the outputs, one next step', () => {
  it('an apply refused for its Viewer token: the summary says so and that nothing was applied; has-changes tells the reviewed plan had changes', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const admin = await sandbox.createToken('Admin');
    const viewer = await sandbox.createToken('Viewer');
    const workspace = await makeWorkspace();
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, path: 'dashboards', 'plan-file': 'dashsync-plan.json' };
    expect((await runAction(workspace, { ...inputs, 'grafana-token': admin })).code).toBe(0);

    const apply = await runAction(workspace, { ...inputs, command: 'apply', 'grafana-token': viewer }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.code).toBe(1);
    const [error] = errorLines(apply.stdout);
    expect(error).toMatch(/nothing was applied/);
    const line = error!.replace(/^::error::/, '');
    expect(apply.summary.startsWith('## dashsync apply — failed\n\n> [!CAUTION]\n> ')).toBe(true);
    expect(apply.summary).toContain('nothing was applied');
    // The same line the log fails with (markdown-escaped: none of its characters is markdown here but the apostrophes).
    expect(apply.summary.split('\n')[3]!.replace(/\\/g, '')).toBe(`> ${line.replace(/%0A/g, '\n').replace(/\\/g, '')}`);
    expect(apply.outputs).toMatchObject({ 'has-changes': 'true', 'plan-file': 'dashsync-plan.json', creates: '0', updates: '0', deletes: '0' });
    expect(apply.summary).not.toContain(viewer);
  });

  it('a plan step that cannot reach Grafana: the summary holds the error line, and every output is empty', async () => {
    const workspace = await makeWorkspace();
    // Its first request, refused, is sent 8 times: at once (the summary is under test, not the waits).
    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': 'http://127.0.0.1:9', 'grafana-token': 'glsa_unused_0123456789', path: 'dashboards' }, NO_RETRY_WAITS);
    expect(plan.code).toBe(1);
    expect(plan.summary).toMatch(/^## dashsync plan — failed\n\n> \[!CAUTION\]\n> GET \/apis failed: no response: .* \(is grafana-url reachable from this runner\? .*\)\n/);
    // No plan was made: no output claims one of nothing (has-changes=false would read as no drift).
    expect(plan.outputs).toEqual({ 'has-changes': '', creates: '', updates: '', deletes: '', 'deletes-held': '', unreadable: '', 'uses-hidden-panels': '', 'not-moved-into-hidden': '', 'unreadable-library-panels': '', conflicts: '', 'library-panel-changes': '', 'folder-changes': '', 'plan-file': '' });
  });

  it('a bad file: the summary names it, and that nothing was sent', async () => {
    const workspace = await makeWorkspace();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${workspace}/dashboards/overview.json`, '{ "uid": "action-overview", "title": ');
    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': 'http://127.0.0.1:9', 'grafana-token': 'glsa_unused_0123456789', path: 'dashboards' });
    expect(plan.code).toBe(1);
    expect(plan.summary).toMatch(/^## dashsync plan — failed\n\n> \[!CAUTION\]\n> .*nothing was sent to Grafana/);
    expect(plan.summary).toMatch(/^- dashboards\/overview\.json:1:\d+: error: /m);
  });

  it('Grafana gone before any write landed (its first write answered 503, then its connections refused): the log and the summary say nothing was applied (apply-50)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    // The first write (the folder's create) meets a load balancer's 503, then the host is down.
    sandbox.setFaults({ methods: ['POST'], script: [{ kind: 'status', status: 503, thenDown: true }] });
    const apply = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', args: '--concurrency 1' }, { GITHUB_EVENT_NAME: 'push', ...NO_RETRY_WAITS });
    expect(apply.code).toBe(1);
    const stop = /stopped before any write landed: Grafana stopped answering \(POST \/api\/folders failed: no response: connection refused \(ECONNREFUSED\)[^\n]*; nothing was applied\. Re-run job "dashsync" of workflow "Dashboards" \(its re-run icon under Jobs, on its workflow run's page\) once it answers/;
    expect(errorLines(apply.stdout).filter((line) => stop.test(line))).toHaveLength(1);
    expect(apply.summary.replace(/\\/g, '')).toMatch(stop);
    expect(`${apply.stdout}${apply.summary}`).not.toMatch(/unknown|may have landed|listed above/);
  });

  it('a partly failed apply gives one next step: re-run the job, not also "run the plan again"', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    // The first dashboard save is refused (a 400 is no passing fault: not retried); the rest of the apply goes on.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 400 }] });
    const apply = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.code).toBe(1);
    const errors = errorLines(apply.stdout);
    // The failure's annotation is on the file it pushes, so it shows in the pull request's "Files changed" (walk-63 L2).
    expect(errors.filter((line) => /^::error[^:]*::failed: /.test(line))).toEqual([expect.stringMatching(/^::error title=dashsync failed,file=dashboards\/(overview|team-a\/service)\.json::failed: create action-(overview|service) /)]);
    expect(errors.filter((line) => line.includes('1 planned change failed (its line is above)') && line.includes('re-run job "dashsync" of workflow "Dashboards" (its re-run icon under Jobs, on its workflow run\'s page) to finish'))).toHaveLength(1);
    expect(errors.at(-1)).toMatch(/^::error::apply did not finish cleanly \(1 failed\): Applied: 1 created, .*\. What to do is on each problem's line above$/);
    expect(`${apply.stdout}${apply.summary}`).not.toMatch(/plan again/i);
    // Its own report is the summary: no second, "failed" one after it.
    expect(apply.summary).not.toContain('— failed');
  });
});
