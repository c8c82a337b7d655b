import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, bearerHeaders, editorToken, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess, type CliResult } from '../helpers/run-cli.js';
import { commitAll, createFolder, editInUi, git, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

// Two sandboxes and several CLI runs a test.
vi.setConfig({ testTimeout: 180_000 });

const onCall = { uid: 'oncall', title: 'On-call', schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'Pages', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] };
const PROD_FILE = 'dashboards/prod-ops/on-call.json';
const SHARED_FILE = 'dashboards/sre/on-call.json';

/**
 * One file deployed to two environments, then split (docs/environments.md's folder per environment): dashboards/sre/on-call.json
 * is staging's and was prod's, and dashsync applied a change of it to prod (a push of dashsync's there). Then prod got its own
 * directory, its file a copy of the shared one changed in the same commit (prod's description), not applied yet.
 */
async function sharedFileThenSplit() {
  const staging = await startTestSandbox({ grafanaVersion: '12' });
  const prod = await startTestSandbox({ grafanaVersion: '12' });
  for (const handle of [staging, prod]) {
    await createFolder(handle, { uid: 'sre', title: 'SRE' });
    await saveDashboard(handle, onCall, 'sre');
  }
  const work = await makeWorkDir();
  const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  const configure = (prodExclude: string[]) =>
    writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: staging.url, exclude: ['prod-ops/**'] }, prod: { url: prod.url, exclude: prodExclude } } }, null, 2));
  await configure([]);
  expect((await cli(['pull', '--env', 'staging'])).code).toBe(0);
  await commitAll(work, 'bootstrap from staging');
  const shared = JSON.parse(await readFile(join(work, SHARED_FILE), 'utf8'));
  await writeFile(join(work, SHARED_FILE), `${JSON.stringify({ ...shared, description: 'shared runbook' }, null, 2)}\n`);
  await commitAll(work, 'on-call: the runbook');
  const pushed = await cli(['apply', '--env', 'prod', '--auto-approve']);
  expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
  expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.dashboard.description).toBe('shared runbook');
  const sharedSha = (await git(work, 'rev-parse', 'HEAD')).trim();

  await configure(['sre/**']);
  await mkdir(join(work, 'dashboards/prod-ops'));
  await writeFile(join(work, PROD_FILE), `${JSON.stringify({ ...shared, description: 'paged in prod' }, null, 2)}\n`);
  await writeFile(join(work, 'dashboards/prod-ops/_folder.json'), `${JSON.stringify({ uid: 'ops', title: 'Ops' }, null, 2)}\n`);
  await commitAll(work, 'prod: its own copy of on-call, in folder Ops');
  const copySha = (await git(work, 'rev-parse', 'HEAD')).trim();
  return { prod, work, cli, sharedSha, copySha };
}

const descriptionOf = async (work: string) => JSON.parse(await readFile(join(work, PROD_FILE), 'utf8')).description;
const jsonLines = (result: CliResult) => result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));

// fixw-74 left: pull kept such a copy only where no push of dashsync's was known. With the shared file's push in prod's history,
// the copy's one content was taken for what that push carried, and Grafana's version was written over it.
describe("pull --env of a copy of another environment's file changed in git, where dashsync's push of that file is known (fixl-75)", () => {
  it("keeps it where Grafana holds the variant's version (someone saved it again), marking the copy in JSON; the apply then makes it", async () => {
    const { prod, work, cli, sharedSha, copySha } = await sharedFileThenSplit();
    // Someone saves prod's dashboard again as it is (an Editor's token): a save over dashsync's push, holding what the shared file holds.
    const live = await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall');
    const saved = await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: live.body.dashboard, folderUid: 'sre', overwrite: false }, bearerHeaders(await editorToken(prod)));
    expect(saved.status, saved.text).toBe(200);

    const pulled = await cli(['pull', '--env', 'prod']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).find((line) => line.includes(PROD_FILE))).toMatch(
      new RegExp(
        `^kept +${PROD_FILE}: committed in ${copySha.slice(0, 12)} and not applied yet: Grafana still has what ${SHARED_FILE} \\(a file this run leaves out, holding the same uid\\) holds in commit ${sharedSha.slice(0, 12)} \\(.*\\), ` +
          "and this file's changes are its own, made on a copy of it; dashsync plan --env prod shows the change, dashsync apply --env prod pushes it",
      ),
    );
    expect(await descriptionOf(work)).toBe('paged in prod');
    expect(await git(work, 'status', '--porcelain')).toBe('');
    const json = await cli(['pull', '--env', 'prod', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(jsonLines(json).find((line) => line.type === 'kept')).toMatchObject({ uid: 'oncall', file: PROD_FILE, copiedFrom: { file: SHARED_FILE, commit: sharedSha } });

    const applied = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.dashboard.description).toBe('paged in prod');
  });

  it('refuses it where someone changed Grafana over the push of the variant (both changed since that content), leaving the file; --force takes Grafana\'s version, git keeping the copy', async () => {
    const { prod, work, cli, sharedSha } = await sharedFileThenSplit();
    await editInUi(prod, 'oncall', 'edited in prod');

    const pulled = await cli(['pull', '--env', 'prod']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    const line = lines(pulled.stdout).find((each) => each.includes(PROD_FILE)) ?? '';
    expect(line).toMatch(new RegExp(`^refused +${PROD_FILE}: changed in Grafana \\(.*\\) over dashsync's push of version \\d+, which none of the file's last 1 commit holds, `));
    expect(line).toContain(`but ${SHARED_FILE} (a file this run leaves out, holding the same uid) holds it in commit ${sharedSha.slice(0, 12)}: this file's commits are its own, made on a copy of it, not applied yet. To merge by hand, run: `);
    expect(await descriptionOf(work)).toBe('paged in prod');
    const json = await cli(['pull', '--env', 'prod', '--format', 'json']);
    expect(jsonLines(json).find((each) => each.type === 'refused')).toMatchObject({ uid: 'oncall', file: PROD_FILE, copiedFrom: { file: SHARED_FILE, commit: sharedSha } });

    const forced = await cli(['pull', '--env', 'prod', '--force', 'oncall']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(await descriptionOf(work)).toBe('edited in prod');
    expect(JSON.parse(await git(work, 'show', `HEAD:${PROD_FILE}`)).description).toBe('paged in prod');
  });
});
