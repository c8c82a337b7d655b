import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv, runAction } from './run-action.js';

// Each test runs the bundle once or twice (about a second of start-up each on a busy machine), some with a pause of a second.
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;
const MARKER = '<!-- dashsync-plan environment=- path=dashboards -->';
const LIST = `GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`;
const POST = `POST /repos/octo/dashboards/issues/${PULL_REQUEST}/comments`;
const calls = (github: GitHubStandIn) => github.requests().map((r) => `${r.method} ${r.path}`);
const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning'));

/** A pull request without a plan comment yet, and the inputs of a plan step that comments on it (commit bbbb…). */
async function uncommentedPullRequest(storesBody?: (body: string) => string) {
  const sandbox = await startTestSandbox();
  const github = await startGitHubStandIn({ token: GITHUB_TOKEN, ...(storesBody && { storesBody }) });
  const workspace = await makeWorkspace();
  const env = { ...(await pullRequestEnv(workspace, github.apiUrl, { pull_request: { number: PULL_REQUEST } })), GITHUB_SHA: 'b'.repeat(40) };
  const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
  return { github, workspace, env, inputs };
}

/** The one comment the pull request holds, which must be this run's plan. */
function onlyPlanComment(github: GitHubStandIn): string {
  const comments = github.comments(PULL_REQUEST);
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body.split('\n', 2)).toEqual([MARKER, '## dashsync plan']);
  expect(comments[0]!.body).toContain('for commit `bbbbbbbbbbbb`');
  return comments[0]!.body;
}

describe('the Action: creating the plan comment when GitHub does not confirm the POST', () => {
  it('a 502 after GitHub made the comment: the comments are listed again, it is there, and it is not posted again', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 502, { times: 1, made: true });
    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(0);
    expect(calls(github)).toEqual([LIST, POST, LIST]);
    onlyPlanComment(github);
    expect(warnings(run.stdout)).toEqual([]);
    expect(run.stdout).toContain(
      `Posted the plan as a comment on pull request #${PULL_REQUEST}: GitHub made it although the POST failed (${POST} failed: HTTP 502: Server Error); the comments listed after it hold it, so it was not sent again\n`,
    );
    expect(run.summary).not.toContain('plan comment on pull request');
  });

  it('a 502 before GitHub made it: the list shows none, and the POST is sent once more', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 502, { times: 1 });
    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(0);
    // Two looks before the second POST (the second after a longer pause); one after it, for a first POST GitHub listed late.
    expect(calls(github)).toEqual([LIST, POST, LIST, LIST, POST, LIST]);
    onlyPlanComment(github);
    expect(warnings(run.stdout)).toEqual([]);
    expect(run.stdout).toContain(`Posted the plan as a comment on pull request #${PULL_REQUEST} with a second POST: the first failed (${POST} failed: HTTP 502: Server Error)`);
  });

  it('no answer within --timeout, and GitHub made the comment after all: found by the list, not posted again', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    const post = github.hold('POST');
    const running = runAction(workspace, { ...inputs, args: '--timeout 2' }, env);
    await post.arrived;
    // The list that follows the POST's timeout is held too, until GitHub has made the comment.
    const list = github.hold('GET');
    await list.arrived;
    await post.release();
    await list.release();
    const run = await running;
    expect(run.code).toBe(0);
    expect(calls(github)).toEqual([LIST, POST, LIST]);
    onlyPlanComment(github);
    expect(warnings(run.stdout)).toEqual([]);
  });

  it("another run's comment made meanwhile: updated with this run's plan, never a second comment", async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 502, { times: 1 });
    const post = github.hold('POST');
    const running = runAction(workspace, inputs, env);
    await post.arrived;
    github.seed(PULL_REQUEST, [`${MARKER}\n## dashsync plan\nanother run's plan`], 'github-actions[bot]');
    await post.release();
    const run = await running;
    expect(run.code).toBe(0);
    const [seeded] = github.comments(PULL_REQUEST);
    expect(calls(github)).toEqual([LIST, POST, LIST, `PATCH /repos/octo/dashboards/issues/comments/${seeded!.id}`]);
    expect(onlyPlanComment(github)).not.toContain("another run's plan");
    expect(warnings(run.stdout)).toEqual([]);
  });

  it('every POST failing: two POSTs, each looked for after, one warning, and the job summary says the pull request has no plan comment of this run', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 503);
    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(0);
    // Before the second POST, a second look after a longer pause; after it, one look.
    expect(calls(github)).toEqual([LIST, POST, LIST, LIST, POST, LIST]);
    expect(github.comments(PULL_REQUEST)).toEqual([]);
    expect(warnings(run.stdout)).toEqual([
      `::warning::comment: could not comment on pull request #${PULL_REQUEST}: ${POST} failed: HTTP 503: Server Error; the plan is in the job summary`,
    ]);
    expect(run.summary).toContain(`> The plan comment on pull request #${PULL_REQUEST} was not posted (${POST} failed: HTTP 503: Server Error): no comment there was seen to hold this run's plan.`);
  });

  it('the list after an unconfirmed POST failing too: the warning and the job summary say the comment may be there', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 502, { times: 1, made: true });
    const post = github.hold('POST');
    const running = runAction(workspace, inputs, env);
    await post.arrived;
    github.fail('GET', 502);
    await post.release();
    const run = await running;
    expect(run.code).toBe(0);
    expect(calls(github)).toEqual([LIST, POST, LIST, LIST]);
    onlyPlanComment(github);
    const failure =
      `${POST} failed: HTTP 502: Server Error, and the comments could not be listed to see whether GitHub made it anyway: ` +
      `GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments failed: HTTP 502: Server Error`;
    expect(warnings(run.stdout)).toEqual([`::warning::comment: could not comment on pull request #${PULL_REQUEST}: ${failure}; the plan is in the job summary`]);
    expect(run.summary).toContain(`> The plan comment on pull request #${PULL_REQUEST} was not confirmed as posted (${failure}): it may hold this run's plan after all.`);
  });

  it("GitHub's list lagging one list behind a POST it made: the second, longer look finds it, and no second POST is sent", async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 502, { times: 1, made: true });
    github.lagList(1);
    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(0);
    expect(calls(github)).toEqual([LIST, POST, LIST, LIST]);
    onlyPlanComment(github);
    expect(warnings(run.stdout)).toEqual([]);
    expect(run.stdout).toContain(`GitHub made it although the POST failed (${POST} failed: HTTP 502: Server Error); the comments listed after it hold it, so it was not sent again\n`);
  });

  it('a list lagging past both looks: the second POST makes a second comment, the list after it shows the first, and the newer is deleted', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 502, { times: 1, made: true });
    github.lagList(2);
    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(0);
    const body = onlyPlanComment(github);
    const [first] = github.comments(PULL_REQUEST);
    // The first POST's comment is the one kept (the older); the second POST's, id one higher, is deleted.
    expect(calls(github)).toEqual([LIST, POST, LIST, LIST, POST, LIST, `DELETE /repos/octo/dashboards/issues/comments/${first!.id + 1}`]);
    expect(body).not.toContain('duplicate');
    expect(warnings(run.stdout)).toEqual([]);
    const firstUrl = `https://github.example/octo/dashboards/pull/${PULL_REQUEST}#issuecomment-${first!.id}`;
    expect(run.stdout).toContain(`Pull request #${PULL_REQUEST} held 2 plan comments for this environment and tree: deleted the newer one; the oldest (${firstUrl}) holds this run's plan\n`);
  });

  it('two plan comments left by an earlier run: the oldest gets the plan, the newer is deleted; a failed DELETE is a warning and the next run deletes it', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.seed(PULL_REQUEST, [`${MARKER}\n## dashsync plan\nan older plan`, `${MARKER}\n## dashsync plan\nthe same older plan`], 'github-actions[bot]');
    const [older, newer] = github.comments(PULL_REQUEST);
    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(0);
    const patch = (id: number) => `PATCH /repos/octo/dashboards/issues/comments/${id}`;
    const remove = (id: number) => `DELETE /repos/octo/dashboards/issues/comments/${id}`;
    expect(calls(github)).toEqual([LIST, patch(older!.id), remove(newer!.id)]);
    expect(onlyPlanComment(github)).not.toContain('older plan');
    expect(github.comments(PULL_REQUEST)[0]!.id).toBe(older!.id);
    expect(warnings(run.stdout)).toEqual([]);

    // A DELETE GitHub refuses (after the requester's one retry of a 5xx) leaves the duplicate, marker and all: a warning says where the plan is.
    github.seed(PULL_REQUEST, [`${MARKER}\n## dashsync plan\nanother older plan`], 'github-actions[bot]');
    const [, again] = github.comments(PULL_REQUEST);
    github.fail('DELETE', 502, { times: 2 });
    const failed = await runAction(workspace, inputs, env);
    expect(failed.code).toBe(0);
    const url = (id: number) => `https://github.example/octo/dashboards/pull/${PULL_REQUEST}#issuecomment-${id}`;
    expect(warnings(failed.stdout)).toEqual([
      `::warning::comment: pull request #${PULL_REQUEST} holds a second plan comment for this environment and tree (${url(again!.id)}), and deleting it failed: ` +
        `DELETE /repos/octo/dashboards/issues/comments/${again!.id} failed: HTTP 502: Server Error; this run's plan is in the oldest (${url(older!.id)}); the next run deletes the other again`,
    ]);
    expect(github.comments(PULL_REQUEST)).toHaveLength(2);
    expect((await runAction(workspace, inputs, env)).code).toBe(0);
    onlyPlanComment(github);
  });

  it("deleting a duplicate takes only dashsync's own: a reviewer's comment, one copying the marker included, is left as written", async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.seed(PULL_REQUEST, [`${MARKER}\n## dashsync plan\nan older plan`], 'github-actions[bot]');
    // Anyone may comment on a public pull request: a stranger's comment starting with the marker is not the step's.
    const reviewers = [`${MARKER}\nlooks fine to me, but see cpu`, 'please check the cpu panel'];
    github.seed(PULL_REQUEST, reviewers, 'reviewer', 'NONE');
    github.seed(PULL_REQUEST, [`${MARKER}\n## dashsync plan\na race's copy`], 'github-actions[bot]');
    const [planComment, ...rest] = github.comments(PULL_REQUEST);

    expect((await runAction(workspace, inputs, env)).code).toBe(0);
    const remove = (id: number) => `DELETE /repos/octo/dashboards/issues/comments/${id}`;
    expect(calls(github).filter((call) => call.startsWith('DELETE'))).toEqual([remove(rest[2]!.id)]);
    const left = github.comments(PULL_REQUEST);
    expect(left.map((comment) => comment.id)).toEqual([planComment!.id, rest[0]!.id, rest[1]!.id]);
    expect(left.slice(1).map((comment) => comment.body)).toEqual(reviewers);
  });

  it('both POSTs failing, GitHub making the second: the log line names both failures', async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest();
    github.fail('POST', 502, { times: 1 });
    const post = github.hold('POST');
    const running = runAction(workspace, inputs, env);
    await post.arrived;
    await post.release();
    // The first POST has had its 502 (nothing made); the second is made, then answered 502 too.
    github.fail('POST', 502, { times: 1, made: true });
    const run = await running;
    expect(run.code).toBe(0);
    expect(calls(github)).toEqual([LIST, POST, LIST, LIST, POST, LIST]);
    onlyPlanComment(github);
    expect(warnings(run.stdout)).toEqual([]);
    const failed = `${POST} failed: HTTP 502: Server Error`;
    expect(run.stdout).toContain(
      `Posted the plan as a comment on pull request #${PULL_REQUEST}: GitHub made it although both POSTs failed (${failed}; ${failed}); the comments listed after the second hold it, so no third was sent\n`,
    );
  });

  it("a comment GitHub made with line ends of its own after a 502: known for this run's by its hidden post line, not updated as another run's", async () => {
    const { github, workspace, env, inputs } = await uncommentedPullRequest((body) => body.replace(/\n/g, '\r\n'));
    github.fail('POST', 502, { times: 1, made: true });
    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(0);
    expect(calls(github)).toEqual([LIST, POST, LIST]);
    expect(github.comments(PULL_REQUEST)).toHaveLength(1);
    expect(run.stdout).toContain('GitHub made it although the POST failed');
    expect(run.stdout).not.toContain('another run');
  });
});
