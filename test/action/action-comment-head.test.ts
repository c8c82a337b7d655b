import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv, runAction } from './run-action.js';

// Each test runs the bundle two or three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;
const MARKER = '<!-- dashsync-plan environment=- path=dashboards -->';
/** GitHub's test merge commit of a pull_request event: GITHUB_SHA, not among the pull request's commits. */
const MERGE_SHA = 'e'.repeat(40);

async function commentingPlan(event: { name: string; headSha: string }) {
  const sandbox = await startTestSandbox();
  const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
  const workspace = await makeWorkspace();
  const payload = { pull_request: { number: PULL_REQUEST, head: { sha: event.headSha } } };
  const env: Record<string, string> = { ...(await pullRequestEnv(workspace, github.apiUrl, payload)), GITHUB_EVENT_NAME: event.name, GITHUB_SHA: MERGE_SHA };
  const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
  return { github, workspace, env, inputs };
}

describe("the Action's plan comment on a pull_request event: the pull request's head, not GitHub's merge commit", () => {
  it("the footer and a failed run's notice name the head commit from the event payload", async () => {
    const { github, workspace, env, inputs } = await commentingPlan({ name: 'pull_request', headSha: 'c'.repeat(40) });
    expect((await runAction(workspace, inputs, env)).code).toBe(0);
    const [planned] = github.comments(PULL_REQUEST);
    expect(planned!.body).toContain("<sub>Updated by dashsync on every run for this pull request's head commit `cccccccccccc` · ");
    // No git in this workspace: the header names GITHUB_SHA as GitHub's merge of that head (its base commit unknown).
    expect(planned!.body).toContain(' · commit `eeeeeeeeeeee`, the merge of head `cccccccccccc` into its base branch\n');

    // The next push breaks a file: the notice names the new head, and still reads the earlier plan's commit from its footer.
    await writeFile(join(workspace, 'dashboards/broken.json'), '{"uid":"broken","title":');
    const payload = { pull_request: { number: PULL_REQUEST, head: { sha: 'd'.repeat(40) } } };
    await writeFile(env.GITHUB_EVENT_PATH!, JSON.stringify(payload));
    expect((await runAction(workspace, inputs, env)).code).toBe(1);
    const [marked] = github.comments(PULL_REQUEST);
    expect(marked!.body.split('\n')[3]).toMatch(
      /^> \*\*No current plan\*\*: the plan for this pull request's head commit `dddddddddddd` failed: 1 error in the dashboards tree; .*; the plan below is for commit `cccccccccccc`\.$/,
    );
    expect(marked!.body).toContain('<details><summary>Earlier plan (commit cccccccccccc)</summary>');
  });

  it('pull_request_target (the base branch checked out) still names GITHUB_SHA', async () => {
    const { github, workspace, env, inputs } = await commentingPlan({ name: 'pull_request_target', headSha: 'c'.repeat(40) });
    expect((await runAction(workspace, inputs, env)).code).toBe(0);
    const [planned] = github.comments(PULL_REQUEST);
    expect(planned!.body).toContain('<sub>Updated by dashsync on every run for commit `eeeeeeeeeeee` · ');
  });
});

describe("the Action: a failed plan run marks every plan comment of its step", () => {
  it('two plan comments left by a race: both get the out-of-date notice, each over its own plan', async () => {
    const { github, workspace, env, inputs } = await commentingPlan({ name: 'pull_request', headSha: 'c'.repeat(40) });
    const footer = (sha: string) => `\n---\n<sub>Updated by dashsync on every run for commit \`${sha}\` · the whole plan is in the job summary</sub>\n`;
    github.seed(PULL_REQUEST, [`${MARKER}\n## dashsync plan\none plan${footer('aaaaaaaaaaaa')}`, `${MARKER}\n## dashsync plan\nanother plan${footer('bbbbbbbbbbbb')}`], 'github-actions[bot]');
    await writeFile(join(workspace, 'dashboards/broken.json'), '{"uid":"broken","title":');

    const run = await runAction(workspace, inputs, env);
    expect(run.code).toBe(1);
    const [first, second] = github.comments(PULL_REQUEST);
    for (const [comment, sha, plan] of [[first, 'aaaaaaaaaaaa', 'one plan'], [second, 'bbbbbbbbbbbb', 'another plan']] as const) {
      expect(comment!.body.split('\n')[3]).toMatch(new RegExp(`^> \\*\\*No current plan\\*\\*: the plan for this pull request's head commit \`cccccccccccc\` failed: .*; the plan below is for commit \`${sha}\`\\.$`));
      expect(comment!.body).toContain(plan);
    }
    expect(run.stdout).toContain(`Marked the 2 plan comments on pull request #${PULL_REQUEST} as out of date: this run made no plan\n`);
  });
});
