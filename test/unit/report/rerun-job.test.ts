import { describe, expect, it } from 'vitest';
import { emptyApplyResult } from '../../../src/apply/types.js';
import { describeError } from '../../../src/describe-error.js';
import { ApplyPlanningError, GrafanaHttpError, InputError } from '../../../src/errors.js';
import { renderApplyProblems, renderApplyStop } from '../../../src/report/render-apply-result.js';
import { describeRerun, describeRerunFirst, workflowJobOf } from '../../../src/report/rerun-job.js';

const RUNNER = {
  GITHUB_WORKFLOW: 'Dashboards',
  GITHUB_JOB: 'deploy',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo/dashboards',
  GITHUB_RUN_ID: '4242',
};

describe('the Action names the job to re-run, its workflow and its run page (GitHub\'s "Re-running a specific job in a workflow")', () => {
  it('names them from the runner\'s variables', () => {
    expect(describeRerun(workflowJobOf(RUNNER))).toBe('re-run job "deploy" of workflow "Dashboards" (its re-run icon under Jobs, on https://github.com/octo/dashboards/actions/runs/4242)');
    expect(describeRerunFirst(workflowJobOf(RUNNER))).toMatch(/^Re-run job "deploy" of workflow "Dashboards" \(/);
  });

  it('says "this job" and "its workflow run\'s page" for what the runner did not set, and gives no address made of odd parts', () => {
    expect(describeRerun(workflowJobOf({}))).toBe("re-run this job (its re-run icon under Jobs, on its workflow run's page)");
    expect(describeRerun(workflowJobOf({ GITHUB_JOB: 'plan' }))).toBe("re-run job \"plan\" (its re-run icon under Jobs, on its workflow run's page)");
    expect(workflowJobOf({ ...RUNNER, GITHUB_RUN_ID: '42; rm -rf' }).runUrl).toBeUndefined();
    expect(workflowJobOf({ ...RUNNER, GITHUB_SERVER_URL: 'javascript:alert(1)' }).runUrl).toBeUndefined();
    expect(workflowJobOf({ ...RUNNER, GITHUB_SERVER_URL: 'https://ghe.example.com/' }).runUrl).toBe('https://ghe.example.com/octo/dashboards/actions/runs/4242');
  });

  it('escapes a workflow name from the workflow file: quotes, a line break, a workflow command', () => {
    const words = describeRerun(workflowJobOf({ ...RUNNER, GITHUB_WORKFLOW: 'Deploy "prod"\n::error::pwned', GITHUB_JOB: 'a\u001b[31mb' }));
    expect(words).toBe('re-run job "a\\x1b[31mb" of workflow "Deploy \\"prod\\"\\n::error::pwned" (its re-run icon under Jobs, on https://github.com/octo/dashboards/actions/runs/4242)');
    expect(words).not.toMatch(/[\n\u001b]/);
  });

  it("reaches the apply's stop line, a 401's, a conflict's and a planning failure's next step", () => {
    const job = workflowJobOf(RUNNER);
    const interrupted = { ...emptyApplyResult(), stoppedBy: 'interrupt' as const, notStarted: [{ kind: 'dashboard' as const, uid: 'a', action: 'update' }] };
    expect(renderApplyStop(interrupted, 'action', undefined, { job }).split('\n')[0]).toBe(
      'interrupted: 1 planned change was not started; what was done is listed above. Re-run job "deploy" of workflow "Dashboards" (its re-run icon under Jobs, on https://github.com/octo/dashboards/actions/runs/4242) to finish',
    );
    const unauthorized = { ...interrupted, stoppedBy: 'unauthorized' as const };
    expect(renderApplyStop(unauthorized, 'action', undefined, { job })).toContain('Check the grafana-token input, then re-run job "deploy" of workflow "Dashboards" (');
    const conflict = { uid: 'api', title: 'API', action: 'update', file: 'dashboards/api.json', plannedVersion: 4, currentVersion: 5, changedBy: 'dashsync', changedAt: '2026-11-22T10:00:00Z', savedByDashsync: { commit: '03d2687a369e', subject: 'x' }, pushedCommitInHead: true as const };
    expect(renderApplyProblems({ ...emptyApplyResult(), conflicts: [conflict] }, 'action', { job })).toContain('a re-run of job "deploy" applies the same plan');
    const failure = new ApplyPlanningError(new GrafanaHttpError('GET', '/api/search', 503, 'Service Unavailable'), null, true);
    expect(describeError(failure, 'action', job).hint).toMatch(/Wait a minute \(or lower --concurrency in args\), then re-run job "deploy" of workflow "Dashboards" \(.*\)$/);
    expect(describeError(failure, 'cli').hint).toMatch(/Wait a minute \(or lower --concurrency\), then run it again$/);
  });

  it("tells a tree's errors to be fixed in a new commit: a re-run reads the same commit", () => {
    const input = new InputError([{ file: 'dashboards/a.json', line: 1, col: 1, severity: 'error', rule: 'json-syntax', message: 'bad' }]);
    expect(describeError(input, 'action').hint).toBe('. Fix the files named in the annotations in a new commit: a re-run of this job would read this commit again.');
    expect(describeError(input, 'cli').hint).toBe('. Fix the files above and run again.');
  });
});
