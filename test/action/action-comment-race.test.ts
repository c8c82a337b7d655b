import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv, runAction, startAction } from './run-action.js';

// Each test runs the bundle several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 180_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;
const MARKER = '<!-- dashsync-plan environment=- path=dashboards -->';

/** Runs of one pull request's plan workflow: each with its run id (and attempt) and the head its event names. */
async function pullRequestRuns() {
  const sandbox = await startTestSandbox();
  const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
  const workspace = await makeWorkspace();
  const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
  // Each run reads its own event payload: two runs may be under way at once.
  const envOf = async (runId: string, head: string, attempt: string) => {
    const payload = { pull_request: { number: PULL_REQUEST, head: { sha: head.repeat(40) }, base: { ref: 'main' } } };
    const eventPath = join(workspace, `.event-${runId}-${attempt}.json`);
    await writeFile(eventPath, JSON.stringify(payload));
    return { ...(await pullRequestEnv(workspace, github.apiUrl, payload)), GITHUB_EVENT_PATH: eventPath, GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: attempt };
  };
  const run = async (runId: string, head: string, attempt = '1') => {
    const env = await envOf(runId, head, attempt);
    const before = github.requests().length;
    const result = await runAction(workspace, inputs, env);
    const sent = github.requests().slice(before).map((request) => `${request.method} ${request.path}`);
    return { ...result, sent, writes: sent.filter((request) => !request.startsWith('GET ')) };
  };
  /** A run under way: its requests interleave with other runs', so the test reads GitHub's state, not its requests. */
  const start = async (runId: string, head: string) => startAction(workspace, inputs, await envOf(runId, head, '1')).finished;
  const rename = async (title: string) => {
    const overview = join(workspace, 'dashboards/overview.json');
    const file = JSON.parse(await readFile(overview, 'utf8')) as Record<string, unknown>;
    await writeFile(overview, JSON.stringify({ ...file, title }, null, 2));
  };
  return { github, workspace, run, start, rename };
}

describe('the Action: a run for an older head never replaces or deletes a newer run\'s plan comment', () => {
  it("run B (newer head) posts, then run A (older head) finishes: B's comment stays whole, and A says where its plan is", async () => {
    const { github, workspace, run, rename } = await pullRequestRuns();
    await rename('Newer title');
    const newer = await run('1235', 'd');
    expect(newer.code, newer.stdout).toBe(0);
    const [posted] = github.comments(PULL_REQUEST);
    expect(posted!.body).toContain('Newer title');

    // Run A started before B (older head, lower run id) and finishes after it.
    await rename('Older title');
    const older = await run('1234', 'c');
    expect(older.code, older.stdout).toBe(0);
    expect(older.writes).toEqual([]);
    expect(github.comments(PULL_REQUEST)).toEqual([posted]);
    const line =
      "a newer run (run 1235, head dddddddddddd) has posted its plan on pull request #7, so this run leaves that comment as it is; this run's plan for head cccccccccccc is in this job's summary only";
    expect(older.stdout).toContain(`::notice::comment: ${line}\n`);
    expect(older.summary).toContain(`> [!NOTE]\n> The plan comment was not updated: ${line}. The plan above is this run's.\n`);
    expect(older.summary).toContain('Older title');

    // An older run that fails leaves it too: its failure is older news than B's plan.
    await writeFile(join(workspace, 'dashboards/broken.json'), '{"uid":"broken","title":');
    const failed = await run('1233', 'b');
    expect(failed.code).toBe(1);
    expect(failed.writes).toEqual([]);
    expect(github.comments(PULL_REQUEST)).toEqual([posted]);
    expect(failed.stdout).toContain(
      '::notice::comment: a newer run (run 1235, head dddddddddddd) has posted its plan on pull request #7, so this run, which made no plan, leaves that comment as it is\n',
    );

    // A newer run's failure marks the comment; an older run's plan does not replace that notice.
    const newest = await run('1237', 'f');
    expect(newest.code).toBe(1);
    expect(newest.writes).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${posted!.id}`]);
    const [marked] = github.comments(PULL_REQUEST);
    expect(marked!.body).toContain("**No current plan**: the plan for this pull request's head commit `ffffffffffff` failed");
    await rm(join(workspace, 'dashboards/broken.json'));
    const late = await run('1236', 'e');
    expect(late.code, late.stdout).toBe(0);
    expect(late.writes).toEqual([]);
    expect(github.comments(PULL_REQUEST)).toEqual([marked]);
    expect(late.stdout).toContain(
      "::notice::comment: a newer run (run 1237, head ffffffffffff) has marked the plan comment on pull request #7 as out of date (its plan failed), so this run leaves that comment as it is; this run's plan for head eeeeeeeeeeee is in this job's summary only\n",
    );

    // A later attempt of the newest run is newer still: it replaces the notice with its plan.
    const again = await run('1237', 'f', '2');
    expect(again.code, again.stdout).toBe(0);
    expect(again.writes).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${posted!.id}`]);
    expect(github.comments(PULL_REQUEST)[0]!.body).toContain('<!-- dashsync-posted-by run=1237 attempt=2 head=ffffffffffffffffffffffffffffffffffffffff post=');
  });

  it('two plan comments left by a race, the newer from a newer run: an older run deletes neither and updates neither', async () => {
    const { github, run } = await pullRequestRuns();
    const comment = (runId: string, head: string) =>
      `${MARKER}\n## dashsync plan\nplan of run ${runId}\n\n---\n<!-- dashsync-posted-by run=${runId} attempt=1 head=${head.repeat(40)} post=0123456789ab -->\n` +
      `<sub>Updated by dashsync on every run for this pull request's head commit \`${head.repeat(12)}\` · the whole plan is in the job summary of this run</sub>\n`;
    github.seed(PULL_REQUEST, [comment('1233', 'a'), comment('1235', 'd')], 'github-actions[bot]');
    const seeded = github.comments(PULL_REQUEST);

    const older = await run('1234', 'c');
    expect(older.code, older.stdout).toBe(0);
    expect(older.writes).toEqual([]);
    expect(github.comments(PULL_REQUEST)).toEqual(seeded);
    expect(older.stdout).toContain('::notice::comment: a newer run (run 1235, head dddddddddddd) has posted its plan on pull request #7');

    // The newest run keeps the oldest comment (its plan now) and deletes the other, as before.
    const newest = await run('1236', 'e');
    expect(newest.code, newest.stdout).toBe(0);
    expect(newest.writes).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${seeded[0]!.id}`, `DELETE /repos/octo/dashboards/issues/comments/${seeded[1]!.id}`]);
  });

  it("run ids out of order: the pull request's head, read from GitHub, says which plan is newest", async () => {
    const { github, run, rename } = await pullRequestRuns();
    github.setHead(PULL_REQUEST, 'd'.repeat(40));
    // GitHub documents run ids as unique, not increasing: the run for the current head got the lower one.
    await rename('Current head');
    const current = await run('1234', 'd');
    expect(current.code, current.stdout).toBe(0);
    const [posted] = github.comments(PULL_REQUEST);

    await rename('Older head');
    const older = await run('1235', 'c');
    expect(older.code, older.stdout).toBe(0);
    expect(older.writes).toEqual([]);
    expect(github.comments(PULL_REQUEST)).toEqual([posted]);
    expect(older.stdout).toContain(
      "::notice::comment: a run for the pull request's current head (run 1234, head dddddddddddd) has posted its plan on pull request #7, so this run leaves that comment as it is; this run's plan for head cccccccccccc is in this job's summary only\n",
    );
    expect(github.requests().filter((request) => request.path === '/repos/octo/dashboards/pulls/7')).toHaveLength(1);
  });

  it("a run for the pull request's head replaces a plan for an older head that a run with a higher id wrote", async () => {
    const { github, run } = await pullRequestRuns();
    github.setHead(PULL_REQUEST, 'd'.repeat(40));
    const stale =
      `${MARKER}\n## dashsync plan\nplan of an older head\n\n---\n<!-- dashsync-posted-by run=1236 attempt=1 head=${'c'.repeat(40)} post=0123456789ab -->\n` +
      "<sub>Updated by dashsync on every run for this pull request's head commit `cccccccccccc` · the whole plan is in the job summary of this run</sub>\n";
    github.seed(PULL_REQUEST, [stale], 'github-actions[bot]');
    const [seeded] = github.comments(PULL_REQUEST);

    const current = await run('1234', 'd');
    expect(current.code, current.stdout).toBe(0);
    expect(current.writes).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${seeded!.id}`]);
    expect(github.comments(PULL_REQUEST)[0]!.body).toContain(`run=1234 attempt=1 head=${'d'.repeat(40)}`);
  });
});

describe('the Action: two runs that both found no plan comment and both posted one', () => {
  const LIST = `GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`;
  const POST = `POST /repos/octo/dashboards/issues/${PULL_REQUEST}/comments`;

  it("the run with the older plan lists the comments again after its POST, finds the newer run's, and deletes its own: one plan comment is left", async () => {
    const { github, run, start, rename } = await pullRequestRuns();
    github.setHead(PULL_REQUEST, 'd'.repeat(40));
    // Run A (older head) has listed no comment; its POST is under way when run B (newer head) lists, posts and lists again.
    await rename('Older title');
    const post = github.hold('POST');
    const older = start('1234', 'c');
    await post.arrived;
    await rename('Newer title');
    const newer = await run('1235', 'd');
    expect(newer.code, newer.stdout).toBe(0);
    // One more list after its POST, showing its comment alone: nothing to delete, no pull request read.
    expect(newer.sent).toEqual([LIST, POST, LIST]);
    const [kept] = github.comments(PULL_REQUEST);
    expect(kept!.body).toContain('Newer title');

    // A's POST lands now: two plan comments, until A's list after it shows B's.
    await post.release();
    const a = await older;
    expect(a.code, a.stdout).toBe(0);
    expect(github.comments(PULL_REQUEST)).toEqual([kept]);
    const deletes = github.requests().filter((request) => request.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.path).not.toBe(`/repos/octo/dashboards/issues/comments/${kept!.id}`);
    const line =
      "a run for the pull request's current head (run 1235, head dddddddddddd) has posted its plan on pull request #7 at the same moment as this run posted its own, " +
      "so this run deleted the comment it had posted; this run's plan for head cccccccccccc is in this job's summary only";
    expect(a.stdout).toContain(`::notice::comment: ${line}\n`);
    expect(a.summary).toContain(`> [!NOTE]\n> The plan comment holds a newer run's plan: ${line}. The plan above is this run's.\n`);
    expect(a.summary).toContain('Older title');
    // The pull request's head decided, read once.
    expect(github.requests().filter((request) => request.path === '/repos/octo/dashboards/pulls/7')).toHaveLength(1);
  });

  /** Run B (newer) has listed no comment; its POST is under way while run A (older) lists, posts and lists again, then lands. */
  async function olderListsBeforeNewerPosts(heads: { older: string; newer: string; current?: string }) {
    const { github, run, start, rename } = await pullRequestRuns();
    if (heads.current !== undefined) github.setHead(PULL_REQUEST, heads.current.repeat(40));
    await rename('Newer title');
    const post = github.hold('POST');
    const newer = start('1235', heads.newer);
    await post.arrived;
    await rename('Older title');
    const older = await run('1234', heads.older);
    expect(older.code, older.stdout).toBe(0);
    // A's list after its POST came before B's POST landed: A sees its own alone, and keeps it.
    expect(older.sent).toEqual([LIST, POST, LIST]);
    const [first] = github.comments(PULL_REQUEST);
    // B's POST was logged when it arrived: what B sends from here on follows it.
    const before = github.requests().length;
    await post.release();
    const b = await newer;
    expect(b.code, b.stdout).toBe(0);
    return { github, run, b, first: first!, sentByB: github.requests().slice(before).map((request) => `${request.method} ${request.path}`) };
  }

  it("the run for the pull request's head deletes the older run's comment that its list after its POST shows: one plan comment is left", async () => {
    const { github, b, first, sentByB } = await olderListsBeforeNewerPosts({ older: 'c', newer: 'd', current: 'd' });
    const [kept] = github.comments(PULL_REQUEST);
    expect(github.comments(PULL_REQUEST)).toHaveLength(1);
    expect(kept!.body).toContain('Newer title');
    // After its POST: the list, the pull request's head (the other comment is for another head), the DELETE of the older one.
    expect(sentByB).toEqual([LIST, 'GET /repos/octo/dashboards/pulls/7', `DELETE /repos/octo/dashboards/issues/comments/${first.id}`]);
    expect(b.stdout).toContain(
      `Pull request #7 also held a plan comment an older run (run 1234, head cccccccccccc) posted at about the same moment (https://github.example/octo/dashboards/pull/7#issuecomment-${first.id}): ` +
        `deleted it, as this run's plan is newer; this run's (https://github.example/octo/dashboards/pull/7#issuecomment-${kept!.id}) is the one plan comment\n`,
    );
  }, 180_000);

  it('two runs for the same head: the later run id deletes the earlier one\'s comment, without reading the pull request', async () => {
    const { github, first, sentByB } = await olderListsBeforeNewerPosts({ older: 'd', newer: 'd' });
    expect(github.comments(PULL_REQUEST)).toHaveLength(1);
    expect(github.comments(PULL_REQUEST)[0]!.body).toContain('Newer title');
    expect(sentByB).toEqual([LIST, `DELETE /repos/octo/dashboards/issues/comments/${first.id}`]);
  }, 180_000);

  it("another head's comment while the pull request's head cannot be read: neither is deleted, it says so, and the next run keeps one", async () => {
    // No head set: GET pulls/7 answers 404, so the run id orders the newer, and nothing proves the other comment older.
    const { github, run, b, first } = await olderListsBeforeNewerPosts({ older: 'c', newer: 'e' });
    const both = github.comments(PULL_REQUEST);
    expect(both).toHaveLength(2);
    expect(both[0]).toEqual(first);
    expect(github.requests().filter((request) => request.method === 'DELETE')).toEqual([]);
    expect(b.stdout).toContain(
      `Pull request #7 also holds a plan comment another run posted at about the same moment (https://github.example/octo/dashboards/pull/7#issuecomment-${first.id}), not a newer run's, nor proven an older run's: ` +
        'this run deletes only its own; that run deletes its own once it lists this one, else the next run keeps one\n',
    );

    const next = await run('1236', 'e');
    expect(next.code, next.stdout).toBe(0);
    expect(next.writes).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${first.id}`, `DELETE /repos/octo/dashboards/issues/comments/${both[1]!.id}`]);
  });
});
