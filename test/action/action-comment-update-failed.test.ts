import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv, runAction } from './run-action.js';

// Each test runs the bundle two or three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;
const sha = (digit: string) => digit.repeat(40);
const calls = (github: GitHubStandIn, from = 0) => github.requests().slice(from).map((r) => `${r.method} ${r.path}`);
const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning'));

/** A pull request whose plan comment an earlier run (commit aaaa…) left; then one dashboard renamed, for a new plan. */
async function commentedPullRequest() {
  const sandbox = await startTestSandbox();
  const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
  const workspace = await makeWorkspace();
  const env = await pullRequestEnv(workspace, github.apiUrl, { pull_request: { number: PULL_REQUEST } });
  const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
  expect((await runAction(workspace, inputs, { ...env, GITHUB_SHA: sha('a') })).code).toBe(0);
  const [earlier] = github.comments(PULL_REQUEST);
  const overview = join(workspace, 'dashboards/overview.json');
  await writeFile(overview, (await readFile(overview, 'utf8')).replace('"Action Overview"', '"Action Overview (renamed)"'));
  return { github, workspace, env, inputs, earlier: earlier!, patch: `PATCH /repos/octo/dashboards/issues/comments/${earlier!.id}` };
}

/**
 * Runs the step while GitHub holds its first two GETs (the comment list and its one retry) until the step has given up
 * on them (its --timeout); then lets them go.
 */
async function whileGitHubHoldsTwoGets<T>(github: GitHubStandIn, start: () => Promise<T>): Promise<T> {
  const first = github.hold('GET');
  const running = start();
  await first.arrived;
  const second = github.hold('GET');
  await second.arrived;
  const run = await running;
  await first.release();
  await second.release();
  return run;
}

describe('the Action: the plan comment when GitHub fails the update', () => {
  it('a 502 on the PATCH is retried once: the comment shows the new plan, and no warning', async () => {
    const { github, workspace, env, inputs, patch } = await commentedPullRequest();
    github.fail('PATCH', 502, { times: 1 });
    const before = github.requests().length;
    const run = await runAction(workspace, inputs, { ...env, GITHUB_SHA: sha('b') });
    expect(run.code).toBe(0);
    expect(calls(github, before)).toEqual([`GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`, patch, patch]);
    expect(warnings(run.stdout)).toEqual([]);
    expect(github.comments(PULL_REQUEST)[0]!.body).toContain('for commit `bbbbbbbbbbbb`');
  });

  it('a PATCH failing twice: a warning, the earlier comment marked out of date (a third, small PATCH), and the job summary says so', async () => {
    const { github, workspace, env, inputs, earlier, patch } = await commentedPullRequest();
    github.fail('PATCH', 502, { times: 2 });
    const before = github.requests().length;
    const run = await runAction(workspace, inputs, { ...env, GITHUB_SHA: sha('b') });
    expect(run.code).toBe(0);
    expect(calls(github, before)).toEqual([`GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`, patch, patch, patch]);
    const failed = `PATCH /repos/octo/dashboards/issues/comments/${earlier.id} failed: HTTP 502: Server Error`;
    expect(warnings(run.stdout)).toEqual([`::warning::comment: could not comment on pull request #${PULL_REQUEST}: ${failed}; the plan is in the job summary`]);
    const [comment] = github.comments(PULL_REQUEST);
    expect(comment!.body.split('\n')[3]).toBe(
      `> **No current plan**: the plan for commit \`bbbbbbbbbbbb\` is only in the job summary of its run, as updating this comment failed: ${failed}; the plan below is for commit \`aaaaaaaaaaaa\`.`,
    );
    expect(comment!.body).toContain(earlier.body.slice(earlier.body.indexOf('\n') + 1).trimEnd());
    expect(run.summary).toContain('## dashsync plan');
    expect(run.summary).toContain(
      `> The plan comment on pull request #${PULL_REQUEST} was not updated (${failed}): it shows an earlier plan, now under a notice that it is out of date. The plan above is this run's.`,
    );
    expect(`${run.stdout}${run.summary}${comment!.body}`.split(GITHUB_TOKEN)).toHaveLength(2);
  });

  it('every PATCH failing: two warnings, and the job summary says the comment still shows an older plan', async () => {
    const { github, workspace, env, inputs, earlier } = await commentedPullRequest();
    github.fail('PATCH', 503, { message: 'Service <b>Unavailable</b>' });
    const run = await runAction(workspace, inputs, { ...env, GITHUB_SHA: sha('b') });
    expect(run.code).toBe(0);
    expect(warnings(run.stdout)).toHaveLength(2);
    expect(warnings(run.stdout)[1]).toMatch(/^::warning::comment: could not mark the plan comment as out of date either: PATCH .* failed: HTTP 503: Service <b>Unavailable<\/b>; it still shows the plan of an earlier commit$/);
    expect(github.comments(PULL_REQUEST)[0]!.body).toBe(earlier.body);
    expect(run.summary).toContain('failed: HTTP 503: Service &lt;b&gt;Unavailable&lt;/b&gt;): it still shows the plan of an earlier commit, with nothing saying it is out of date.');
  });

  it('a secondary rate limit (403) gets the rate-limit hint, not the permissions one; no retry of a POST', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    github.failWrites(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { headers: { 'retry-after': '60' } });
    const workspace = await makeWorkspace();
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
    const run = await runAction(workspace, inputs, await pullRequestEnv(workspace, github.apiUrl, { pull_request: { number: PULL_REQUEST } }));
    expect(run.code).toBe(0);
    expect(calls(github).filter((call) => call.startsWith('POST'))).toHaveLength(1);
    expect(warnings(run.stdout)).toEqual([
      `::warning::comment: could not comment on pull request #${PULL_REQUEST}: POST /repos/octo/dashboards/issues/${PULL_REQUEST}/comments failed: HTTP 403: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. (GitHub's rate limit, not the token's rights: once it resets, re-run job "dashsync" of workflow "Dashboards" (its re-run icon under Jobs, on https://github.example/octo/dashboards/actions/runs/4242)); the plan is in the job summary`,
    ]);
    // No comment was there to update (review-15 L-3).
    expect(run.summary).toContain(`> The plan comment on pull request #${PULL_REQUEST} was not posted (`);
    expect(run.summary).toContain("): no comment there was seen to hold this run's plan.");
  });

  it("GitHub holding every answer: the step's --timeout applies, and the warning says how long it waited", async () => {
    const { github, workspace, env, inputs } = await commentedPullRequest();
    const run = await whileGitHubHoldsTwoGets(github, () => runAction(workspace, { ...inputs, args: '--timeout 2' }, { ...env, GITHUB_SHA: sha('b') }));
    expect(run.code).toBe(0);
    expect(warnings(run.stdout)).toEqual([
      `::warning::comment: could not comment on pull request #${PULL_REQUEST}: GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments failed: no response: GitHub did not answer within 2 s; the plan is in the job summary`,
    ]);
    // The comments were never read: the earlier run's comment (commit aaaa…) is still there, unmarked, and the summary says it may be.
    expect(run.summary).toContain(
      "): it does not hold this run's plan, and an earlier run's plan comment there, if any, still shows its plan with nothing saying it is out of date.",
    );
  });

  it("a plan step failing before its settings were read (no grafana-token): marking the comment uses args' --timeout, and says so", async () => {
    const { github, workspace, env, inputs } = await commentedPullRequest();
    // An empty input is one not given (a fork's pull request gets no secrets).
    const run = await whileGitHubHoldsTwoGets(github, () =>
      runAction(workspace, { ...inputs, 'grafana-token': '', args: '--timeout 2' }, { ...env, GITHUB_SHA: sha('b') }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::input "grafana-token" is required for command plan');
    expect(warnings(run.stdout)).toEqual([
      `::warning::comment: could not mark the plan comment on pull request #${PULL_REQUEST} as out of date: GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments failed: no response: GitHub did not answer within 2 s`,
    ]);
  });
});
