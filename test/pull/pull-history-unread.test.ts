import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../helpers/applied-example.js';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../helpers/run-cli.js';
import { apiRequest } from '../helpers/sandbox.js';
import { runInTerminal } from '../helpers/terminal.js';
import { getDashboard } from '../e2e/apply/workspace.js';
import { commitAll, git } from './pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const FILE = 'dashboards/platform/databases/redis.json';
const FAILURE = /GET \/api\/dashboards\/uid\/redis-exporter\/versions\S* failed: HTTP 404: Grafana could not read this dashboard's version history \(one entry it cannot convert\)/.source;

/**
 * The example tree applied through Grafana 12's `/api` and committed; then redis-exporter saved with a message 12's history
 * conversion cannot parse (its versions list then fails whole) and moved to a new folder Team X, its content as the file has it.
 */
async function movedOverUnreadableHistory() {
  refuseStaleDist();
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' }, 'legacy');
  await commitAll(workspace.dir);
  const folder = await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team-x', title: 'Team X' });
  expect(folder.status, folder.text).toBe(200);
  const live = await getDashboard(sandbox, 'redis-exporter');
  const odd = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'draft' }, folderUid: live.meta.folderUid, overwrite: true, message: 'Restored from version 2b' });
  expect(odd.status, odd.text).toBe(200);
  const moved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, version: odd.body.version }, folderUid: 'team-x', overwrite: true, message: 'moved to Team X' });
  expect(moved.status, moved.text).toBe(200);
  expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter/versions?limit=10')).status).toBe(404);
  return { sandbox, workspace, placedIn: live.meta.folderUid as string };
}

// nl-58a: a plain `dashsync pull <uid>` of a dashboard moved in Grafana looks down its history for dashsync's push (was the
// file moved in git since?), and a history Grafana cannot give failed the whole pull. It now goes on as where no push is
// found, taking Grafana's folder, and says in one line that it could not tell which side moved it, and how to keep the other.
describe('pull of a dashboard moved in Grafana whose history Grafana cannot read (Grafana 12 /api)', () => {
  it("takes Grafana's folder, saying it cannot tell whether the move was made in Grafana or in git; its way back to the tree's folder, followed, moves the dashboard back", async () => {
    const { sandbox, workspace, placedIn } = await movedOverUnreadableHistory();

    const dry = await workspace.cli(['pull', '--dry-run', 'redis-exporter']);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(new RegExp(`^note: redis-exporter: its history could not be read \\(${FAILURE}\\), so pull cannot tell whether its folder was changed in Grafana or in git \\(a move not applied yet\\); it would take Grafana's folder \\(dashboards/platform/databases/redis\\.json → dashboards/team-x/redis\\.json\\)\\. To keep the tree's folder instead: dashsync apply moves it back in Grafana$`, 'm'));

    const pulled = await workspace.cli(['pull', 'redis-exporter']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^moved  dashboards\/platform\/databases\/redis\.json → dashboards\/team-x\/redis\.json$/m);
    const note = new RegExp(
      `^note: redis-exporter: its history could not be read \\(${FAILURE}\\), so pull cannot tell whether its folder was changed in Grafana or in git \\(a move not applied yet\\); ` +
        `it took Grafana's folder \\(dashboards/platform/databases/redis\\.json → dashboards/team-x/redis\\.json\\)\\. To keep the tree's folder instead: mv dashboards/team-x/redis\\.json dashboards/platform/databases/redis\\.json, then dashsync apply moves it back in Grafana$`,
      'm',
    );
    expect(pulled.stderr).toMatch(note);
    expect(pulled.stderr.split('\n').filter((line) => line.includes('redis-exporter'))).toHaveLength(1);

    // The other side, pasted as the line gives it: the file back where it was (as committed), then apply at a terminal, answered
    // "yes" at its question, moves the dashboard back.
    const mv = /To keep the tree's folder instead: (mv \S+ \S+), then dashsync apply moves it back in Grafana$/m.exec(pulled.stderr)![1]!;
    execFileSync('sh', ['-c', mv], { cwd: workspace.dir });
    expect(await git(workspace.dir, 'status', '--porcelain', '--', FILE)).toBe('');
    const env = cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
    const back = runInTerminal(`exec '${process.execPath}' '${CLI_PATH}' apply`, { cwd: workspace.dir, env });
    await back.shows("Only 'yes' will be accepted: ");
    back.type('yes\r');
    expect(await back.closed, back.output()).toEqual({ code: 0 });
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe(placedIn);
  });

  it("an edit in Grafana over the same history, the file not moved: a whole pull writes Grafana's version, saying it cannot tell whether the file changed in git since the push; its way back gives the file back", async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' }, 'legacy');
    await commitAll(workspace.dir);
    const live = await getDashboard(sandbox, 'redis-exporter');
    const odd = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'draft' }, folderUid: live.meta.folderUid, overwrite: true, message: 'Restored from version 2b' });
    expect(odd.status, odd.text).toBe(200);
    const edited = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, version: odd.body.version, description: 'from the UI' }, folderUid: live.meta.folderUid, overwrite: true, message: 'edited' });
    expect(edited.status, edited.text).toBe(200);
    const committed = await readFile(join(workspace.dir, FILE), 'utf8');

    const pulled = await workspace.cli(['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^updated  dashboards\/platform\/databases\/redis\.json$/m);
    expect(JSON.parse(await readFile(join(workspace.dir, FILE), 'utf8')).description).toBe('from the UI');
    expect(pulled.stderr).toMatch(
      new RegExp(
        `^note: redis-exporter: its history could not be read \\(${FAILURE}\\), so pull cannot tell whether the file changed in git since dashsync's last push \\(a change not applied yet\\); it took Grafana's version\\. ` +
          `To keep the file's instead: git diff -- dashboards/platform/databases/redis\\.json shows what it replaced; git checkout -- dashboards/platform/databases/redis\\.json takes the file back$`,
        'm',
      ),
    );
    const back = /; (git checkout -- \S+) takes the file back$/m.exec(pulled.stderr)![1]!;
    execFileSync('sh', ['-c', back], { cwd: workspace.dir });
    expect(await readFile(join(workspace.dir, FILE), 'utf8')).toBe(committed);
  });
});
