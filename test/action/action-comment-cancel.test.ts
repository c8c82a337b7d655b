import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction, startAction } from './run-action.js';

// Each test runs the bundle twice (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;

async function pullRequestEnv(workspace: string, github: GitHubStandIn, sha: string): Promise<Record<string, string>> {
  const eventPath = join(workspace, '.event.json');
  await writeFile(eventPath, JSON.stringify({ pull_request: { number: PULL_REQUEST } }));
  return { GITHUB_API_URL: github.apiUrl, GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/dashboards', GITHUB_SHA: sha.repeat(40) };
}

/**
 * A cancelled run: the runner sends SIGINT, and SIGTERM (then SIGKILL) if the step has not ended. The plan stops at the
 * SIGINT; the failed-plan notice that follows runs without signal handlers, so SIGTERM ends it wherever it is. Its update is
 * one PATCH carrying the whole new body, built before anything is sent: whatever moment the kill lands, the comment is the
 * earlier one untouched or the whole notice, never part of a body.
 */
describe('the Action: a run cancelled while it marks the plan comment as out of date', () => {
  async function cancelledWhile(method: 'GET' | 'PATCH') {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
    expect((await runAction(workspace, inputs, await pullRequestEnv(workspace, github, 'a'))).code).toBe(0);
    const [earlier] = github.comments(PULL_REQUEST);

    // The plan's listing of the live dashboards is held: the cancel lands while planning, whatever the machine's speed.
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/search', script: [{ kind: 'hold' }] });
    const held = github.hold(method);
    const before = github.requests().length;
    const { child, finished } = startAction(workspace, inputs, await pullRequestEnv(workspace, github, 'b'));
    await sandbox.whenHeld(1);
    child.kill('SIGINT');
    await held.arrived;
    child.kill('SIGTERM');
    const run = await finished;
    sandbox.releaseHeld();
    // GitHub handles what it received whole, though the client is gone.
    await held.release();
    expect(run.stdout).toContain('::error::interrupted');
    // SIGTERM ended the process while its request was out: the notice's run has no handler of its own left.
    expect(child.signalCode).toBe('SIGTERM');
    return { earlier: earlier!, github, sent: github.requests().slice(before) };
  }

  it('killed while GitHub holds the PATCH: that one request carried the whole notice over the whole earlier plan, and the comment is that body', async () => {
    const { earlier, github, sent } = await cancelledWhile('PATCH');
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`,
      `PATCH /repos/octo/dashboards/issues/comments/${earlier.id}`,
    ]);
    const [comment] = github.comments(PULL_REQUEST);
    expect(comment!.body).toBe(sent[1]!.body!.body);
    const lines = comment!.body.split('\n');
    expect(lines.slice(0, 3)).toEqual(['<!-- dashsync-plan environment=- path=dashboards -->', '<!-- dashsync-plan-failed -->', '> [!WARNING]']);
    expect(lines[3]).toMatch(/^> \*\*No current plan\*\*: the plan for commit `bbbbbbbbbbbb` failed: interrupted.*; the plan below is for commit `aaaaaaaaaaaa`\.$/);
    expect(comment!.body).toContain(`<!-- dashsync-earlier-plan -->\n\n${earlier.body.slice(earlier.body.indexOf('\n') + 1).trimEnd()}\n\n<!-- /dashsync-earlier-plan -->\n</details>\n`);
    // Its last line names the run that wrote it (no GITHUB_RUN_ID here), so a later run for an older head leaves it.
    expect(comment!.body.endsWith('</details>\n<!-- dashsync-failed-by run=- attempt=- head=- -->\n')).toBe(true);
  });

  it('killed while reading the comments: nothing is written, the earlier plan comment stays as it was', async () => {
    const { earlier, github, sent } = await cancelledWhile('GET');
    expect(sent.map((r) => r.method)).toEqual(['GET']);
    expect(github.comments(PULL_REQUEST)).toEqual([earlier]);
  });
});
