import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startGitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git } from '../pull/pull-fixture.js';
import { makeWorkspace, pullRequestEnv, runAction } from './run-action.js';

// Each test runs the bundle once or twice (about a second of start-up each on a busy machine), and git a dozen times.
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;

/**
 * A pull request as GitHub keeps it: `main` with the fixture tree, a branch `feature` that renames the overview (its
 * head), `main` moved on by one commit since (the base), and GitHub's test merge of the head into that base, at
 * refs/pull/7/merge (GITHUB_SHA of a pull_request event).
 */
async function pullRequestRepository(): Promise<{ origin: string; head: string; base: string; merge: string }> {
  const origin = await makeWorkspace();
  await commitAll(origin, 'Add the dashboards');
  await git(origin, 'checkout', '-q', '-b', 'feature');
  const overview = join(origin, 'dashboards/overview.json');
  await writeFile(overview, (await readFile(overview, 'utf8')).replace('"Action Overview"', '"Action Overview (renamed)"'));
  await commitAll(origin, 'Rename the overview');
  const head = (await git(origin, 'rev-parse', 'HEAD')).trim();
  await git(origin, 'checkout', '-q', 'main');
  await writeFile(join(origin, 'NOTES.md'), 'main moved on\n');
  await commitAll(origin, 'Main moves on');
  const base = (await git(origin, 'rev-parse', 'HEAD')).trim();
  await git(origin, 'checkout', '-q', '--detach', 'main');
  await git(origin, 'merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, 'feature');
  const merge = (await git(origin, 'rev-parse', 'HEAD')).trim();
  await git(origin, 'update-ref', `refs/pull/${PULL_REQUEST}/merge`, merge);
  return { origin, head, base, merge };
}

/** What actions/checkout does on a pull_request event by default: one commit of refs/pull/N/merge, detached. */
async function shallowCheckout(origin: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-checkout-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await git(dir, 'init', '-q');
  await git(dir, 'fetch', '-q', '--depth', '1', `file://${origin}`, `refs/pull/${PULL_REQUEST}/merge`);
  await git(dir, 'checkout', '-q', '--detach', 'FETCH_HEAD');
  return dir;
}

async function commentingPlan(workspace: string, repository: { head: string; base: string; merge: string }) {
  const sandbox = await startTestSandbox();
  const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
  const payload = { pull_request: { number: PULL_REQUEST, head: { sha: repository.head }, base: { ref: 'main', sha: repository.base } } };
  const env = { ...(await pullRequestEnv(workspace, github.apiUrl, payload)), GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: repository.merge };
  const token = await sandbox.createToken('Editor');
  const run = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, comment: 'true', 'github-token': GITHUB_TOKEN }, env);
  expect(run.code, run.stdout).toBe(0);
  const [comment] = github.comments(PULL_REQUEST);
  const planFile = JSON.parse(await readFile(join(workspace, 'dashsync-plan.json'), 'utf8')) as { git: unknown };
  return { sandbox, token, run, comment: comment!.body, planFile };
}

const short = (sha: string) => sha.slice(0, 12);

describe("the Action on a pull_request event: the plan names GitHub's test merge commit as what it is", () => {
  it.each(['a full clone', 'a checkout of depth 1 (the default)'] as const)(
    'checked out at the merge commit (%s): comment, job summary and plan file name the merge, its head and its base; apply says the same',
    async (kind) => {
      const repository = await pullRequestRepository();
      const workspace = kind === 'a full clone' ? repository.origin : await shallowCheckout(repository.origin);
      const { sandbox, token, run, comment, planFile } = await commentingPlan(workspace, repository);

      const header = `commit \`${short(repository.merge)}\`, the merge of head \`${short(repository.head)}\` into \`main\` at \`${short(repository.base)}\``;
      expect(comment).toContain(` · ${header}\n`);
      expect(run.summary).toContain(` · ${header}\n`);
      // The footer names the head the run was for; the header said what was planned of it.
      expect(comment).toContain(`<sub>Updated by dashsync on every run for this pull request's head commit \`${short(repository.head)}\` · `);
      expect(planFile.git).toEqual({
        sha: repository.merge,
        subject: `Merge ${repository.head} into ${repository.base}`,
        actor: 'octocat',
        pullRequest: { head: repository.head, base: repository.base, baseRef: 'main' },
      });
      if (kind !== 'a full clone') return;

      const apply = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token }, { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: repository.merge });
      expect(apply.code, apply.stdout).toBe(0);
      expect(apply.stdout).toMatch(
        new RegExp(
          `^Applying the saved plan dashsync-plan\\.json \\(made \\S+ for commit ${short(repository.merge)}, the merge of head ${short(repository.head)} into main at ${short(repository.base)}\\)$`,
          'm',
        ),
      );
    },
  );

  it("checked out at the pull request's head (ref: head on the checkout step): the plan is of the head and says so", async () => {
    const repository = await pullRequestRepository();
    await git(repository.origin, 'checkout', '-q', '--detach', repository.head);
    const { comment, run, planFile } = await commentingPlan(repository.origin, repository);

    const header = `commit \`${short(repository.head)}\`, the pull request's head itself (not merged into \`main\`)`;
    expect(comment).toContain(` · ${header}\n`);
    expect(run.summary).toContain(` · ${header}\n`);
    expect(comment).not.toContain(short(repository.merge));
    expect(planFile.git).toEqual({ sha: repository.head, subject: 'Rename the overview', actor: 'octocat', pullRequest: { head: repository.head, base: null, baseRef: 'main' } });
  });

  it('a checkout of refs/pull/7/merge that GitHub remade after a newer push: the plan is of that merge and names it and its head, and one notice says it is not GITHUB_SHA', async () => {
    const repository = await pullRequestRepository();
    const { origin } = repository;
    // A newer push to the branch after the run's event; GitHub remakes refs/pull/7/merge before the checkout fetches it.
    await git(origin, 'checkout', '-q', 'feature');
    const overview = join(origin, 'dashboards/overview.json');
    await writeFile(overview, (await readFile(overview, 'utf8')).replace('"Action Overview (renamed)"', '"Action Overview (renamed again)"'));
    await commitAll(origin, 'Rename the overview again');
    const newerHead = (await git(origin, 'rev-parse', 'HEAD')).trim();
    await git(origin, 'checkout', '-q', '--detach', repository.base);
    await git(origin, 'merge', '-q', '--no-ff', '-m', `Merge ${newerHead} into ${repository.base}`, 'feature');
    const newerMerge = (await git(origin, 'rev-parse', 'HEAD')).trim();
    await git(origin, 'update-ref', `refs/pull/${PULL_REQUEST}/merge`, newerMerge);
    const workspace = await shallowCheckout(origin);

    // The event (GITHUB_SHA, pull_request.head.sha) still names the first merge and head.
    const { run, comment, planFile } = await commentingPlan(workspace, repository);

    const header = `commit \`${short(newerMerge)}\`, the merge of head \`${short(newerHead)}\` into \`main\` at \`${short(repository.base)}\``;
    expect(comment).toContain(` · ${header}\n`);
    expect(run.summary).toContain(` · ${header}\n`);
    expect(comment).toContain('Action Overview (renamed again)');
    expect(comment).toContain(`<sub>Updated by dashsync on every run for this pull request's head commit \`${short(newerHead)}\` · `);
    expect(comment).toContain(`<!-- dashsync-posted-by run=4242 attempt=- head=${newerHead} post=`);
    expect(planFile.git).toEqual({
      sha: newerMerge,
      subject: `Merge ${newerHead} into ${repository.base}`,
      actor: 'octocat',
      pullRequest: { head: newerHead, base: repository.base, baseRef: 'main' },
    });
    const notice =
      `::notice::the checkout is commit ${short(newerMerge)}, GitHub's merge of head ${short(newerHead)} into main at ${short(repository.base)}, not GITHUB_SHA ${short(repository.merge)} ` +
      `(its merge of head ${short(repository.head)}, which this run's event names): refs/pull/7/merge held another merge when the checkout fetched it, so this plan is of the checkout and names it\n`;
    expect(run.stdout.split(notice)).toHaveLength(2);
  });
});
