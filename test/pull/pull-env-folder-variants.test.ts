import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess, type CliResult } from '../helpers/run-cli.js';
import { commitAll, createFolder, git, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const onCall = { uid: 'oncall', title: 'On-call', schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'Pages', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] };

/**
 * docs/environments.md's folder per environment: staging keeps the on-call dashboard in folder "SRE" (dashboards/sre/), prod
 * in folder "Ops" (dashboards/prod-ops/, its own _folder.json); each environment excludes the other's directory, and the
 * dashboard is one file in each (same uid). Bootstrapped from staging, the prod layout committed and applied to prod.
 */
async function folderPerEnvironment() {
  const staging = await startTestSandbox({ grafanaVersion: '12' });
  const prod = await startTestSandbox({ grafanaVersion: '12' });
  for (const handle of [staging, prod]) {
    await createFolder(handle, { uid: 'sre', title: 'SRE' });
    await saveDashboard(handle, onCall, 'sre');
  }
  await saveDashboard(staging, { uid: 'latency', title: 'Latency', schemaVersion: 39, panels: [] }, 'sre');
  const work = await makeWorkDir();
  const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  const config = { environments: { staging: { url: staging.url, exclude: ['prod-ops/**'] }, prod: { url: prod.url, exclude: ['sre/**'] } } };
  await writeFile(join(work, 'dashsync.config.json'), JSON.stringify(config, null, 2));
  expect((await cli(['pull', '--env', 'staging'])).code).toBe(0);
  await mkdir(join(work, 'dashboards/prod-ops'));
  await cp(join(work, 'dashboards/sre/on-call.json'), join(work, 'dashboards/prod-ops/on-call.json'));
  await writeFile(join(work, 'dashboards/prod-ops/_folder.json'), `${JSON.stringify({ uid: 'ops', title: 'Ops' }, null, 2)}\n`);
  await commitAll(work, 'prod: on-call in folder Ops');
  return { staging, prod, work, cli };
}

describe('pull with a folder per environment (one dashboard, a file in each environment directory)', () => {
  it('warns no uid-duplicate about the two variants, as check does not; a duplicate one environment deploys still warns', async () => {
    const { work, cli } = await folderPerEnvironment();
    expect((await cli(['check'])).code).toBe(0);

    for (const env of ['staging', 'prod']) {
      const pulled = await cli(['pull', '--env', env, '--dry-run']);
      expect(`${pulled.stdout}${pulled.stderr}`).not.toContain('uid-duplicate');
      expect(pulled.code).toBe(0);
    }

    // A copy inside prod's own directory is a real clash, for prod's pull as for check.
    await cp(join(work, 'dashboards/prod-ops/on-call.json'), join(work, 'dashboards/prod-ops/on-call-copy.json'));
    const pulled = await cli(['pull', '--env', 'prod', '--dry-run']);
    expect(lines(`${pulled.stdout}${pulled.stderr}`).filter((line) => line.endsWith('(uid-duplicate)')).map((line) => line.split(':')[0])).toEqual([
      'dashboards/prod-ops/on-call-copy.json',
      'dashboards/prod-ops/on-call.json',
    ]);
  });

  it("plan and apply say where Grafana has it and what pull does; an edit made in prod's UI with a move into staging's folder is pulled into prod's file, which keeps its place", async () => {
    const { prod, work, cli } = await folderPerEnvironment();
    const leftOut = 'folder "SRE", whose directory dashboards/sre environment "prod"\'s exclude in dashsync.config.json leaves out';
    // The move is git's (prod's own directory): no pull is advised that would not follow it, no _folder.json to "add" that exists.
    const planned = await cli(['plan', '--env', 'prod']);
    expect(planned.code, planned.stderr).toBe(0);
    const warnings = lines(planned.stdout).filter((line) => line.startsWith('  ! ') || line.includes('looks like'));
    expect(warnings).toEqual([
      expect.stringMatching(/^ {2}! drift: oncall "On-call" was last saved in Grafana by admin .*, not by dashsync; the file holds the same content, so applying changes only its folder: /),
    ]);
    expect(warnings[0]).toContain(`Grafana has it in ${leftOut}, and applying puts it in the folder of the file's directory (whether it moved in Grafana or its file moved in git)`);
    expect((await cli(['apply', '--env', 'prod', '--auto-approve', '--force'])).code).toBe(0);
    // Someone moves it back into SRE in prod's UI and edits it.
    const live = await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall');
    const moved = await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'runbook link added in the UI' }, folderUid: 'sre', overwrite: false });
    expect(moved.status, moved.text).toBe(200);
    // The apply no one reviews keeps it, and says the pull that takes the edit (the folder is not the tree's to follow).
    const applied = await cli(['apply', '--env', 'prod', '--auto-approve']);
    const conflict = lines(applied.stdout + applied.stderr).find((line) => line.startsWith('conflict: '));
    expect(conflict).toContain(
      "To keep the edit: dashsync pull --env prod oncall takes it into dashboards/prod-ops/on-call.json, which keeps its place: Grafana has it in folder \"SRE\" (sre), " +
        "whose directory dashboards/sre environment \"prod\"'s exclude in dashsync.config.json leaves out, and the next apply moves it back to the folder of the file's directory; to overwrite it: ",
    );
    expect(conflict).not.toContain('no directory of this tree holds');

    const pulled = await cli(['pull', '--env', 'prod', 'oncall']);

    expect(lines(pulled.stdout)).toEqual([
      `dashsync pull for environment prod: ${prod.url}`,
      expect.stringMatching(/^updated {2}dashboards\/prod-ops\/on-call\.json/),
      'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.',
    ]);
    expect(lines(pulled.stderr)).toEqual([
      'note: oncall "On-call" is in folder "SRE" (sre) in Grafana, whose directory dashboards/sre is not this run\'s (a file there is excluded by environment "prod"\'s exclude in dashsync.config.json): ' +
        "not moved; dashboards/prod-ops/on-call.json keeps its place and takes Grafana's content, and the next apply puts the dashboard back in the folder of that file's directory",
    ]);
    expect(pulled.code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'dashboards/prod-ops/on-call.json'), 'utf8')).description).toBe('runbook link added in the UI');
    // Staging's directory is left alone.
    expect(await git(work, 'status', '--porcelain')).toBe(' M dashboards/prod-ops/on-call.json\n');
  });
});
