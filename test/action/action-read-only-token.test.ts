import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv, runAction } from './run-action.js';

// Each test runs the bundle two or three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;
const NOTE =
  "read-only token, as input read-only-token says: Grafana lists no permission for it to save or delete a dashboard in their org; applying this plan needs a token that can write (the apply job's own)";

describe('the Action: read-only-token, a plan token that cannot write on purpose', () => {
  it("a Viewer's pull-request plan: one notice instead of the read-only warning, in the log, the job summary, the comment and the plan file", async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    const env = await pullRequestEnv(workspace, github.apiUrl, { pull_request: { number: PULL_REQUEST } });
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), comment: 'true', 'github-token': GITHUB_TOKEN };

    const run = await runAction(workspace, { ...inputs, 'read-only-token': 'true' }, env);
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('::warning') && /read-only/.test(line))).toEqual([]);
    expect(run.stdout).not.toContain('read-only credentials');
    // The annotation, and the log's text plan listing it among its notes.
    expect(lines.filter((line) => line.includes('read-only token'))).toEqual([`  ${NOTE}`, `::notice title=dashsync note::${NOTE}`]);
    const [comment] = github.comments(PULL_REQUEST);
    for (const markdown of [run.summary, comment!.body]) {
      expect(markdown).not.toContain('read-only credentials');
      const notes = markdown.split('> [!NOTE]\n')[1] ?? '';
      expect(notes.split('\n')[0]).toMatch(/^> - read-only token, as input read-only-token says: Grafana lists no permission for it to save or delete a dashboard in their org; /);
    }
    const planFile = await readFile(join(workspace, 'dashsync-plan.json'), 'utf8');
    expect(planFile).toContain('"code": "read-only-token"');
    expect(planFile).not.toContain('"kind": "read-only"');

    // Without the input the same plan warns, as before: the input changes the words, not what Grafana said.
    const unmarked = await runAction(workspace, inputs, env);
    expect(unmarked.stdout.split('\n').filter((line) => line.startsWith('::warning title=dashsync read-only::'))).toHaveLength(1);
  });

  it('apply given read-only-token is refused before any request; check refuses the input too', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await makeWorkspace();
    const token = await sandbox.createToken('Editor');
    sandbox.clearRequests();

    const apply = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'read-only-token': 'true' });
    expect(apply.code).toBe(1);
    expect(apply.stdout.split('\n').filter((line) => line.startsWith('::error'))).toEqual([
      '::error::input "read-only-token" is true: it marks this step\'s Grafana token as one that cannot write, and command apply writes; ' +
        "give this step an Editor's or Admin's token (e.g. grafana-token: ${{ secrets.GRAFANA_EDITOR_TOKEN }}, a secret of the GitHub environment the job names) and remove read-only-token; nothing was applied",
    ]);
    expect(sandbox.requests()).toEqual([]);
    expect(apply.summary).toContain('## dashsync apply — failed');

    const check = await runAction(workspace, { command: 'check', 'read-only-token': 'true' });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      '::error::input "read-only-token" is for command plan (it says the plan\'s Grafana token is read-only on purpose); command check takes none (remove it, or set it to false)',
    );
  });
});
