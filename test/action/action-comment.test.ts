import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTestProxy } from '../helpers/connect-proxy.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-stand-in.js';
import { startRewritingProxy } from '../helpers/rewriting-proxy.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv as pullRequestEnvFor, runAction, type ActionRun } from './run-action.js';

// Each test runs the bundle two or three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;

/** Each token may reach the runner only inside its own `::add-mask::` command, which the runner swallows. */
function expectTokensHidden(run: ActionRun, tokens: string[], files: string[] = []): void {
  for (const token of tokens) {
    expect(run.stdout.split('\n').filter((line) => line.includes(token))).toEqual([`::add-mask::${token}`]);
    for (const text of [run.stderr, run.outputsText, run.summary, ...files]) expect(text).not.toContain(token);
  }
}

const pullRequestEnv = (workspace: string, github: GitHubStandIn, event: unknown = { pull_request: { number: PULL_REQUEST } }) => pullRequestEnvFor(workspace, github.apiUrl, event);

const writesTo = (github: GitHubStandIn) => github.requests().filter((r) => r.method !== 'GET');

describe('the Action: the plan as a pull-request comment', () => {
  it('creates the comment once, then updates that same comment on the next run; no token in any output', async () => {
    const sandbox = await startTestSandbox();
    const grafanaToken = await sandbox.createToken('Editor');
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN, pathPrefix: '/api/v3' });
    const workspace = await makeWorkspace();
    const env = await pullRequestEnv(workspace, github);
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': grafanaToken, comment: 'true', 'github-token': GITHUB_TOKEN };

    const first = await runAction(workspace, inputs, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Posted the plan as a comment on pull request #${PULL_REQUEST}`);
    // One more list after the POST: another run may have posted at the same moment (none here).
    expect(github.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`,
      `POST /repos/octo/dashboards/issues/${PULL_REQUEST}/comments`,
      `GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`,
    ]);
    expect(github.requests().every((r) => r.authorized && r.headers.accept === 'application/vnd.github+json' && r.headers.apiVersion === '2022-11-28')).toBe(true);
    const [created] = github.comments(PULL_REQUEST);
    expect(created!.body.split('\n', 2)).toEqual(['<!-- dashsync-plan environment=- path=dashboards -->', '## dashsync plan']);
    expect(created!.body).toContain('**Plan: 2 to create; folders: 1 to create**');
    expect(created!.body).toContain('the whole plan is in the [job summary](https://github.example/octo/dashboards/actions/runs/4242)');
    const planFile = await readFile(join(workspace, 'dashsync-plan.json'), 'utf8');
    expectTokensHidden(first, [grafanaToken, GITHUB_TOKEN], [planFile, created!.body]);

    // A new push: one dashboard renamed. The same comment now shows the new plan.
    const overview = join(workspace, 'dashboards/overview.json');
    await writeFile(overview, (await readFile(overview, 'utf8')).replace('"Action Overview"', '"Action Overview (renamed)"'));
    const before = github.requests().length;
    const second = await runAction(workspace, inputs, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Updated the plan comment on pull request #${PULL_REQUEST}`);
    expect(github.requests().slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`,
      `PATCH /repos/octo/dashboards/issues/comments/${created!.id}`,
    ]);
    const comments = github.comments(PULL_REQUEST);
    expect(comments.map((c) => c.id)).toEqual([created!.id]);
    expect(comments[0]!.body).toContain('Action Overview (renamed)');
    expectTokensHidden(second, [grafanaToken, GITHUB_TOKEN], [comments[0]!.body]);
  });

  it('a plan that needed retries says so in the comment\'s footer: the plan is complete, and Grafana struggled', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN, pathPrefix: '/api/v3' });
    const workspace = await makeWorkspace();
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/search', script: [{ kind: 'status', status: 503 }] });
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
    const run = await runAction(workspace, inputs, await pullRequestEnv(workspace, github));
    expect(run.code, run.stdout).toBe(0);
    const [comment] = github.comments(PULL_REQUEST);
    expect(comment!.body).toMatch(/<sub>Updated by dashsync on every run for commit `[0-9a-f]{12}` · planning had 1 request retried \(503: 1\); the plan is complete · the whole plan is in the \[job summary\]/);
  });

  it('a title holding a mention or an issue reference pings no one and links no issue, in the comment or the job summary', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN, pathPrefix: '/api/v3' });
    const workspace = await makeWorkspace();
    const overview = join(workspace, 'dashboards/overview.json');
    await writeFile(overview, (await readFile(overview, 'utf8')).replace('"Action Overview"', '"@octo/oncall see #12 and GH-7"'));
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
    const run = await runAction(workspace, inputs, await pullRequestEnv(workspace, github));
    expect(run.code).toBe(0);
    const [comment] = github.comments(PULL_REQUEST);
    for (const markdown of [comment!.body, run.summary]) {
      // GitHub shows the zero-width space entity as nothing: the same title, no mention and no issue link.
      expect(markdown).toContain('@&#8203;octo/oncall see #&#8203;12 and GH-&#8203;7');
      expect(markdown).not.toMatch(/@octo|#12|GH-7/);
    }
  });

  it('finds its own comment among pages of others; each environment keeps its own comment', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN, pageSize: 30 });
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: sandbox.url }, production: { url: sandbox.url, orgId: 1 } } }));
    github.seed(PULL_REQUEST, Array.from({ length: 45 }, (_, i) => `review note ${i}`));
    github.seed(PULL_REQUEST, ['<!-- dashsync-plan environment=staging path=dashboards -->\nan old plan'], 'github-actions[bot]');
    github.seed(PULL_REQUEST, Array.from({ length: 30 }, (_, i) => `> <!-- dashsync-plan environment=production path=dashboards --> quoted ${i}`));
    const stagingId = github.comments(PULL_REQUEST)[45]!.id;
    const env = await pullRequestEnv(workspace, github);
    const base = { command: 'plan', comment: 'true', 'github-token': GITHUB_TOKEN, 'grafana-token': await sandbox.createToken('Editor') };

    const staging = await runAction(workspace, { ...base, environment: 'staging' }, env);
    expect(staging.stderr).toBe('');
    expect(staging.code).toBe(0);
    expect(writesTo(github).map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${stagingId}`]);
    // Every page: a duplicate plan comment (a POST GitHub made but failed, listed late) is newer, so it may be on a later one.
    expect(github.requests().filter((r) => r.method === 'GET').map((r) => new URL(r.path, 'http://x').searchParams.get('page'))).toEqual([null, '2', '3']);

    const production = await runAction(workspace, { ...base, environment: 'production' }, env);
    expect(production.code).toBe(0);
    expect(writesTo(github).map((r) => r.method)).toEqual(['PATCH', 'POST']);
    const ours = github.comments(PULL_REQUEST).filter((c) => c.body.startsWith('<!-- dashsync-plan'));
    expect(ours.map((c) => c.body.split('\n', 2))).toEqual([
      ['<!-- dashsync-plan environment=staging path=dashboards -->', '## dashsync plan · staging'],
      ['<!-- dashsync-plan environment=production path=dashboards -->', '## dashsync plan · production'],
    ]);
    expect(github.comments(PULL_REQUEST)).toHaveLength(77);
  });

  it("a stranger's comment carrying the marker is not taken for ours: the plan goes into a comment of our own, which the stranger cannot rewrite", async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    // Anyone may comment on a public pull request; a comment stays its author's to edit, whoever updated it.
    github.seed(PULL_REQUEST, ['<!-- dashsync-plan environment=- path=dashboards -->\n## dashsync plan\n**Plan: 0 to create, 0 to update, 0 to move, 0 to delete.**'], 'mallory', 'NONE');
    const [planted] = github.comments(PULL_REQUEST);
    const env = await pullRequestEnv(workspace, github);
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };

    const run = await runAction(workspace, inputs, env);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(writesTo(github).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /repos/octo/dashboards/issues/${PULL_REQUEST}/comments`]);
    const [stranger, ours] = github.comments(PULL_REQUEST);
    expect(stranger).toEqual(planted);
    expect(ours!.user).toBe('github-actions[bot]');
    expect(ours!.body).toContain('**Plan: 2 to create; folders: 1 to create**');

    // A collaborator's comment (the Action run with their personal token) is one an earlier run may have written: updated.
    github.seed(PULL_REQUEST + 1, ['<!-- dashsync-plan environment=- path=dashboards -->\nan older plan'], 'release-manager', 'COLLABORATOR');
    const [collaborators] = github.comments(PULL_REQUEST + 1);
    const other = await runAction(workspace, inputs, await pullRequestEnv(workspace, github, { pull_request: { number: PULL_REQUEST + 1 } }));
    expect(other.code).toBe(0);
    expect(writesTo(github).map((r) => `${r.method} ${r.path}`).slice(1)).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${collaborators!.id}`]);
  });

  it('a read-only token (a pull request from a fork) is a warning: the plan step still succeeds', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    github.failWrites(403, 'Resource not accessible by integration');
    const workspace = await makeWorkspace();
    const run = await runAction(
      workspace,
      { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN },
      await pullRequestEnv(workspace, github),
    );
    expect(run.code).toBe(0);
    expect(run.outputs['has-changes']).toBe('true');
    expect(run.summary).toContain('## dashsync plan');
    expect(run.stdout).toContain(
      `::warning::comment: could not comment on pull request #${PULL_REQUEST}: POST /repos/octo/dashboards/issues/${PULL_REQUEST}/comments failed: HTTP 403: Resource not accessible by integration (the token may not write comments: give the job "permissions: pull-requests: write"; a pull request from a fork only gets a read-only token); the plan is in the job summary`,
    );
    expect(run.stdout).not.toContain('::error');
    expectTokensHidden(run, [GITHUB_TOKEN]);
  });

  it('goes through the runner\'s proxy (http_proxy / https_proxy), as the Grafana requests do', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const proxy = await startTestProxy();
    const workspace = await makeWorkspace();
    const run = await runAction(
      workspace,
      { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN },
      { ...(await pullRequestEnv(workspace, github)), http_proxy: proxy.url },
    );
    expect(run.code).toBe(0);
    expect(github.comments(PULL_REQUEST)).toHaveLength(1);
    expect(proxy.seen().filter((s) => s.target.startsWith(github.apiUrl)).map((s) => `${s.kind} ${s.target.slice(github.apiUrl.length)}`)).toEqual([
      `forward /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`,
      `forward /repos/octo/dashboards/issues/${PULL_REQUEST}/comments`,
      `forward /repos/octo/dashboards/issues/${PULL_REQUEST}/comments?per_page=100`,
    ]);
  });

  it('a token in the path of grafana-url (a proxy serving Grafana under a secret path): the comment, summary and plan file show [redacted]', async () => {
    const sandbox = await startTestSandbox();
    const grafanaToken = await sandbox.createToken('Editor');
    // Not Grafana: a reverse proxy that serves it under the sub-path /<token>.
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(`/${grafanaToken}`, ''), answer: (body) => body });
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN, pathPrefix: '/api/v3' });
    const workspace = await makeWorkspace();
    const env = await pullRequestEnv(workspace, github);
    const inputs = { command: 'plan', 'grafana-url': `${proxy.url}/${grafanaToken}`, 'grafana-token': grafanaToken, comment: 'true', 'github-token': GITHUB_TOKEN };

    const run = await runAction(workspace, inputs, env);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const [comment] = github.comments(PULL_REQUEST);
    const planFile = await readFile(join(workspace, 'dashsync-plan.json'), 'utf8');
    // The runner masks the token in its log; a comment on the pull request is not masked.
    expect(comment!.body).not.toContain(grafanaToken);
    expect(`${comment!.body}\n${run.summary}\n${planFile}`.split(`${proxy.url}/[redacted]`).length).toBeGreaterThan(3);
    expectTokensHidden(run, [grafanaToken], [planFile]);
  });

  it('off a pull request: a notice, and no request to GitHub', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    const env = { ...(await pullRequestEnv(workspace, github, { ref: 'refs/heads/main', pusher: { name: 'octocat' } })), GITHUB_EVENT_NAME: 'push' };
    const run = await runAction(
      workspace,
      { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN },
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::notice::comment: this run (event push) is not for a pull request, so the plan is only in the job summary');
    expect(github.requests()).toEqual([]);
  });

  it('a pull_request event whose payload lacks the number: the notice names what is missing, not "not for a pull request"', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), comment: 'true', 'github-token': GITHUB_TOKEN };
    const noNumber = await runAction(workspace, inputs, await pullRequestEnv(workspace, github, { pull_request: { title: 'no number' } }));
    expect(noNumber.code).toBe(0);
    expect(noNumber.stdout).toContain(
      '::notice::comment: this run is for event pull_request, but its event payload (GITHUB_EVENT_PATH) has no pull_request.number, so the plan is only in the job summary',
    );
    const { GITHUB_EVENT_PATH: _unset, ...noPayload } = await pullRequestEnv(workspace, github);
    const withoutPayload = await runAction(workspace, inputs, { ...noPayload, GITHUB_EVENT_NAME: 'pull_request_target' });
    expect(withoutPayload.code).toBe(0);
    expect(withoutPayload.stdout).toContain(
      '::notice::comment: this run is for event pull_request_target, but GITHUB_EVENT_PATH (the event payload) is not set, so the plan is only in the job summary',
    );
    expect(`${noNumber.stdout}${withoutPayload.stdout}`).not.toContain('not for a pull request');
    expect(github.requests()).toEqual([]);
  });

  it('comment is for plan only: apply and check refuse it before anything runs', async () => {
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'check', comment: 'true' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::input "comment" posts the plan of command plan; command check takes no comment (remove it, or set it to false)');
  });
});

describe('the Action: a failed plan run and the plan comment of an earlier run', () => {
  const sha = (digit: string) => digit.repeat(40);
  const notices = (body: string) => body.split('**No current plan**').length - 1;

  it('marks the earlier comment as out of date, replaces that notice on the next failure, and the next plan replaces it all', async () => {
    const sandbox = await startTestSandbox();
    const grafanaToken = await sandbox.createToken('Editor');
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    const env = await pullRequestEnv(workspace, github);
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': grafanaToken, comment: 'true', 'github-token': GITHUB_TOKEN };
    expect((await runAction(workspace, inputs, { ...env, GITHUB_SHA: sha('a') })).code).toBe(0);
    const [planned] = github.comments(PULL_REQUEST);

    // A push with a broken file: the step fails as before, and the comment no longer reads as this head's plan.
    const broken = join(workspace, 'dashboards/broken.json');
    await writeFile(broken, '{"uid":"broken","title":');
    const badFile = await runAction(workspace, inputs, { ...env, GITHUB_SHA: sha('b') });
    expect(badFile.code).toBe(1);
    expect(badFile.stdout).toMatch(/^::error title=json-syntax,file=dashboards\/broken\.json,line=\d+,col=\d+::/m);
    expect(writesTo(github).map((r) => `${r.method} ${r.path}`).slice(1)).toEqual([`PATCH /repos/octo/dashboards/issues/comments/${planned!.id}`]);
    const [marked] = github.comments(PULL_REQUEST);
    const lines = marked!.body.split('\n');
    expect(lines[0]).toBe('<!-- dashsync-plan environment=- path=dashboards -->');
    expect(lines.slice(2, 4)).toEqual([
      '> [!WARNING]',
      expect.stringMatching(/^> \*\*No current plan\*\*: the plan for commit `bbbbbbbbbbbb` failed: 1 error in the dashboards tree; nothing was sent to Grafana\. Fix the files named in the annotations in a new commit: a re-run of this job would read this commit again; the plan below is for commit `aaaaaaaaaaaa`\.$/),
    ]);
    expect(marked!.body).toContain('<details><summary>Earlier plan (commit aaaaaaaaaaaa)</summary>');
    expect(marked!.body).toContain(planned!.body.slice(planned!.body.indexOf('\n') + 1).trimEnd());

    // Grafana refuses the token (the broken file fixed): one notice, naming this commit; the plan under it is still a's.
    await writeFile(broken, '{"uid":"broken","title":"Fixed"}');
    const badToken = await runAction(workspace, { ...inputs, 'grafana-token': 'glsa_wrongTokenValue0123456789' }, { ...env, GITHUB_SHA: sha('c') });
    expect(badToken.code).toBe(1);
    const [again] = github.comments(PULL_REQUEST);
    expect(notices(again!.body)).toBe(1);
    expect(again!.body.split('\n')[3]).toMatch(/^> \*\*No current plan\*\*: the plan for commit `cccccccccccc` failed: .*; the plan below is for commit `aaaaaaaaaaaa`\.$/);
    expect(again!.body.split('<details>')).toHaveLength(2);
    expect(again!.body.split('**Plan: 2 to create; folders: 1 to create**')).toHaveLength(2);
    expect(again!.body).not.toContain('glsa_wrongTokenValue0123456789');
    expectTokensHidden(badToken, [GITHUB_TOKEN], [again!.body]);

    const fixed = await runAction(workspace, inputs, { ...env, GITHUB_SHA: sha('d') });
    expect(fixed.code).toBe(0);
    const [current] = github.comments(PULL_REQUEST);
    expect(notices(current!.body)).toBe(0);
    expect(current!.body).toContain('for commit `dddddddddddd`');
    expect(current!.body).not.toContain('<details><summary>Earlier plan');
  });

  it('a plan failed by bad files: the notice names the first files and their first error lines (escaped, no credential), and counts the rest', async () => {
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    github.seed(PULL_REQUEST, ['<!-- dashsync-plan environment=- path=dashboards -->\n## dashsync plan\nan older plan'], 'github-actions[bot]', 'NONE');
    // Bad input stops the plan before any request: no Grafana is needed.
    const grafanaToken = 'glsa_Secret42';
    const inputs = { command: 'plan', 'grafana-url': 'http://127.0.0.1:9', 'grafana-token': grafanaToken, comment: 'true', 'github-token': GITHUB_TOKEN };
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await writeFile(join(workspace, `dashboards/broken-${name}.json`), '{"uid":"broken","title":');
    // A file whose error quotes the token, and a name a reviewer's markdown must show as written.
    await writeFile(join(workspace, 'dashboards/0-leak.json'), `{"uid": ${grafanaToken}}`);
    await writeFile(join(workspace, 'dashboards/0-`x`_<b>.json'), '{"uid":"odd","title":');

    const run = await runAction(workspace, inputs, { ...(await pullRequestEnv(workspace, github)), GITHUB_SHA: sha('b') });
    expect(run.code).toBe(1);
    const [marked] = github.comments(PULL_REQUEST);
    const notice = marked!.body.split('\n').slice(2, marked!.body.split('\n').indexOf(''));
    expect(notice[1]).toMatch(/^> \*\*No current plan\*\*: the plan for commit `bbbbbbbbbbbb` failed: 8 errors in the dashboards tree; .*; the plan below is from an earlier run\.$/);
    expect(notice.slice(2)).toEqual([
      '> - dashboards/0-\\`x\\`\\_&lt;b&gt;.json:1:22: error: unexpected end of file (missing closing brace for the "{" at line 1, col 1) (json-syntax)',
      '> - dashboards/0-leak.json:1:9: error: unexpected "\\[redacted\\]" (json-syntax)',
      expect.stringMatching(/^> - dashboards\/broken-a\.json:1:\d+: error: /),
      expect.stringMatching(/^> - dashboards\/broken-b\.json:1:\d+: error: /),
      expect.stringMatching(/^> - dashboards\/broken-c\.json:1:\d+: error: /),
      "> - … and 3 more (the run's annotations name each; `dashsync check` lists them all)",
    ]);
    expect(marked!.body).not.toContain(grafanaToken);
    expect(marked!.body).toContain('an older plan');
    // The log's annotation quotes the token too, after its ::add-mask:: (the runner hides it there); a comment is not masked.
    expect(run.stdout.indexOf(`::add-mask::${grafanaToken}`)).toBeLessThan(run.stdout.indexOf('::error title=json-syntax,file=dashboards/0-leak.json'));
    expectTokensHidden(run, [GITHUB_TOKEN], [marked!.body]);
  });

  it('no plan comment yet: nothing is posted; a GitHub error is a warning and the step fails with its own error', async () => {
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashboards/broken.json'), '{"uid":"broken","title":');
    const env = await pullRequestEnv(workspace, github);
    const inputs = { command: 'plan', 'grafana-url': 'http://127.0.0.1:9', 'grafana-token': 'glsa_any', comment: 'true', 'github-token': GITHUB_TOKEN };

    const none = await runAction(workspace, inputs, env);
    expect(none.code).toBe(1);
    expect(github.requests().map((r) => r.method)).toEqual(['GET']);
    expect(github.comments(PULL_REQUEST)).toEqual([]);

    github.seed(PULL_REQUEST, ['<!-- dashsync-plan environment=- path=dashboards -->\n## dashsync plan\nan older plan'], 'github-actions[bot]', 'NONE');
    github.failWrites(403, 'Resource not accessible by integration');
    const readOnly = await runAction(workspace, inputs, env);
    expect(readOnly.code).toBe(1);
    const errors = (run: ActionRun) => run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors(readOnly)).toEqual(errors(none));
    expect(readOnly.stdout).toContain(
      `::warning::comment: could not mark the plan comment on pull request #${PULL_REQUEST} as out of date: PATCH /repos/octo/dashboards/issues/comments/`,
    );
    expect(github.comments(PULL_REQUEST)[0]!.body).toContain('an older plan');
  });
});
