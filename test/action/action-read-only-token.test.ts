import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn } from '../helpers/github-stand-in.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv, runAction } from './run-action.js';

// Each test runs the bundle two or three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;
// The plan writes dashboards and the folders they go to: the note names both (review-66b L3).
const NOTE =
  "read-only token, as input read-only-token says: Grafana lists no permission for it to write a dashboard or folder in its org; applying this plan needs a token that can write (the apply job's own)";

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
      expect(notes.split('\n')[0]).toMatch(/^> - read-only token, as input read-only-token says: Grafana lists no permission for it to write a dashboard or folder in its org; /);
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

  it("a Viewer's plan of dashboards Grafana holds: drift not checked still warns, with advice a read-only token can follow", async () => {
    const sandbox = await startTestSandbox();
    const workspace = await makeWorkspace();
    // A save that carries dashsync's mark but not by these credentials (its only version): through /api only the version
    // history, which a Viewer may not read, tells who made it.
    const file = JSON.parse(await readFile(join(workspace, 'dashboards/overview.json'), 'utf8')) as Record<string, unknown>;
    const dashboard = { ...file, tags: ['saved-elsewhere'] };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard, message: 'dashsync: abc123 seed', overwrite: true })).status).toBe(200);
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', 'plan-file': 'viewer-plan.json', args: '--api legacy' };

    const run = await runAction(workspace, inputs);
    expect(run.code, run.stdout).toBe(0);
    const advice =
      "drift not checked for 1 dashboard (action-overview): a read-only token, as input read-only-token says, may not read version history (Grafana needs dashboards:write: Edit on the dashboard's folder), " +
      'so edits made in Grafana cannot be detected here, and applying overwrites any; before approving, look at their history in Grafana (Dashboard settings → Versions), ' +
      "or run dashsync plan with an Editor's token outside the pull request" +
      '; on Grafana 12 and later, plan through /apis (api auto or k8s), whose history any reader of the dashboard may list';
    // The Team A folder to create, which /api on 12 refuses a Viewer to read whether it exists or not: one notice, not a warning.
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::warning'))).toEqual([`::warning title=dashsync drift-not-checked::${advice}`]);
    const folderNote =
      "::notice title=dashsync note::folder action-team-a planned as a create without proof that Grafana has none: through /api, Grafana (12 and later) refuses every token but an org Admin's (HTTP 403) " +
      'the read of a folder its search does not show that token, whether the folder is absent or hidden from it; should one exist, Grafana refuses its create at apply, and the writes planned into it, ' +
      "overwriting nothing. An org Admin's token, or a plan through /apis (api auto or k8s), which tells the two apart, leaves no doubt\n";
    expect(run.stdout).toContain(folderNote);
    expect(run.stdout).not.toContain('plan with credentials that may edit them');
    expect(run.summary).toContain(advice);
    expect(await readFile(join(workspace, 'viewer-plan.json'), 'utf8')).toContain('"readOnlyToken": true');

    // Without the input the advice is the general one; the folder is the same one notice (it was a warning per folder).
    const unmarked = await runAction(workspace, { ...inputs, 'read-only-token': 'false' });
    expect(unmarked.stdout).toContain('plan with credentials that may edit them to see them');
    expect(unmarked.stdout).toContain(folderNote);
    expect(unmarked.stdout).not.toContain("::warning title=dashsync other::folder action-team-a is not in Grafana's folder search");
  });

  it.each(['12', '13'] as const)(
    "Grafana %s through /apis (the default api auto): a Viewer's plan reads the version history, so a save by someone else is drift naming them, not 'drift not checked'",
    async (grafanaVersion) => {
      const sandbox = await startTestSandbox({ grafanaVersion });
      const workspace = await makeWorkspace();
      // The same save as above: dashsync's mark, but made by admin, not by the plan's credentials.
      const file = JSON.parse(await readFile(join(workspace, 'dashboards/overview.json'), 'utf8')) as Record<string, unknown>;
      expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...file, tags: ['saved-elsewhere'] }, message: 'dashsync: abc123 seed', overwrite: true })).status).toBe(200);

      const run = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true' });
      expect(run.code, run.stdout).toBe(0);
      const drift = run.stdout.split('\n').filter((line) => line.startsWith('::warning title=dashsync drift'));
      expect(drift, run.stdout).toHaveLength(1);
      expect(drift[0]).toMatch(/^::warning title=dashsync drift,file=dashboards\/overview\.json::drift: action-overview "Action Overview" was last saved in Grafana by admin at \S+ \(version 1, "dashsync: abc123 seed"\), not by dashsync; /);
      expect(run.stdout).not.toContain('drift not checked');
      expect(sandbox.requests().filter((r) => r.path.includes('/versions'))).toEqual([]);
    },
  );

  it("an Editor's token marked read-only: one warning that it can write, in the log, the job summary and the comment, from the permissions the plan read anyway", async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const workspace = await makeWorkspace();
    const env = await pullRequestEnv(workspace, github.apiUrl, { pull_request: { number: PULL_REQUEST } });
    const token = await sandbox.createToken('Editor');
    sandbox.clearRequests();

    const run = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, 'read-only-token': 'true', comment: 'true', 'github-token': GITHUB_TOKEN }, env);
    expect(run.code, run.stdout).toBe(0);
    const warning =
      "token can write: input read-only-token says this step's Grafana token cannot write, but Grafana lists dashboards:create, dashboards:write, dashboards:delete, folders:write for it in its org " +
      "(an Editor's or Admin's role, or a folder's grant): a workflow run that gets this token can change Grafana; give the plan step a Viewer's token " +
      '(a service account with the Viewer role and no folder permissions), or remove read-only-token if this step is meant to hold a token that can write';
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::warning'))).toEqual([`::warning title=dashsync read-only-token::${warning}`]);
    const [comment] = github.comments(PULL_REQUEST);
    for (const markdown of [run.summary, comment!.body]) expect(markdown.split('token can write: ')).toHaveLength(2);
    expect(run.stdout).not.toContain('read-only token, as input read-only-token says');
    // The plan asked for the token's permissions once, as it does without the input.
    expect(sandbox.requests().filter((r) => r.path.startsWith('/api/access-control/user/permissions'))).toHaveLength(1);
  });
});
