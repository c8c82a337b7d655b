import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../../helpers/run-cli.js';
import { renderScreen, runInTerminal } from '../../helpers/terminal.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { dashsync, lines, writeJson } from '../plan/plan-fixture.js';
import { emptyWorkspace, getDashboard } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * walk-62 H2: our file took the uid of a dashboard another dashsync repository deploys, in a folder our tree does not hold
 * (and our config lists under externalFolders). The plan names the other repository (no fetch advice: no fetch brings its
 * commit); an apply no one reviewed holds the write as it holds drift; a terminal apply asks first; a reviewed plan file takes it.
 */
const PAYMENTS = deriveFolderUid('payments');
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

/** Team B's dashsync repository: `file` committed and applied; its commit (12 hex digits). */
async function teamBApplied(handle: Parameters<typeof dashsync>[0], file: string, uid: string, title: string, subject = 'team B dashboards'): Promise<string> {
  const teamB = await emptyWorkspace();
  await writeJson(teamB, file, board(uid, title));
  await commitAll(teamB, subject);
  expect((await dashsync(handle, teamB, ['apply'])).code).toBe(0);
  return (await git(teamB, 'rev-parse', 'HEAD')).trim().slice(0, 12);
}

async function twoRepositories(grafanaVersion: '12' | '13') {
  refuseStaleDist();
  const handle = await startTestSandbox({ grafanaVersion });
  const theirs = await teamBApplied(handle, 'dashboards/payments/pay-api.json', 'pay-api', 'Payments API');

  const ours = await emptyWorkspace();
  await writeJson(ours, 'dashboards/platform/ours.json', board('ours-1', 'Ours'));
  await writeJson(ours, 'dashboards/platform/ours-pay-api.json', board('pay-api', 'Ours pay-api'));
  await writeJson(ours, 'dashsync.config.json', { externalFolders: [PAYMENTS] });
  await commitAll(ours, 'collide');
  return { handle, ours, theirs };
}

const OTHERS = (theirs: string) =>
  `pay-api "Payments API" (version 1) was saved by dashsync from commit ${theirs} "team B dashboards", which this repository does not have, another repository's push (its folder "payments" is listed in externalFolders)`;

describe('a file whose uid another dashsync repository deploys in a folder this tree does not hold', () => {
  it('the plan names the other repository; --auto-approve holds the write; a reviewed plan file takes it', async () => {
    const { handle, ours, theirs } = await twoRepositories('13');

    const plan = await dashsync(handle, ours, ['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toContain('Fetch every branch');
    expect(plan.stdout).not.toContain("moves it back to this branch's folder");
    expect(lines(plan.stdout)).toContain(
      `  ! from another repository: ${OTHERS(theirs)}; this plan takes it: it moves it out of that folder into this branch's and replaces it with this branch's file. ` +
        'If your file is not that dashboard, give it another uid; an apply no one reviewed leaves it untouched',
    );

    const auto = await dashsync(handle, ours, ['apply', '--auto-approve']);
    expect(auto.code).toBe(1);
    expect(lines(auto.stderr)).toContain(
      `conflict: pay-api "Payments API" (dashboards/platform/ours-pay-api.json, titled "Ours pay-api" there) is another repository's: dashsync saved it from commit ${theirs}, ` +
        `which this repository does not have (its folder "payments" is listed in externalFolders), and no one reviewed a plan that takes it (--auto-approve without a plan file); left untouched. ` +
        'If your file is not that dashboard, give it another uid; to take it anyway: dashsync plan --out plan.json, review it (it shows it as from another repository), then dashsync apply plan.json; or dashsync apply --auto-approve --force',
    );
    const kept = await getDashboard(handle, 'pay-api');
    expect(kept.dashboard.title).toBe('Payments API');
    expect(kept.meta.folderUid).toBe(PAYMENTS);
    // The rest of the plan went ahead.
    expect((await getDashboard(handle, 'ours-1')).status).toBe(200);

    // A terminal apply asks, and its question counts the take.
    const env = cleanEnv({ GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
    const run = runInTerminal(`exec '${process.execPath}' '${CLI_PATH}' apply`, { cwd: ours, env });
    await run.shows("Only 'yes' will be accepted: ");
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });
    expect(renderScreen(run.output()).lines).toContain(
      "This apply takes 1 dashboard another repository deployed, in a folder this tree does not hold (from another repository); --auto-approve applies without asking, keeping another repository's dashboards as conflicts (add --force to take them).",
    );

    const saved = await dashsync(handle, ours, ['plan', '--out', 'plan.json']);
    expect(saved.code).toBe(0);
    const applied = await dashsync(handle, ours, ['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    const taken = await getDashboard(handle, 'pay-api');
    expect(taken.dashboard.title).toBe('Ours pay-api');
    expect(taken.meta.folderUid).not.toBe(PAYMENTS);
  });

  it("review-64 M1: another repository's push in a folder no config lists: the unreviewed apply holds it as not in this clone; --force takes it", async () => {
    refuseStaleDist();
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const theirs = await teamBApplied(handle, 'dashboards/payments/node-cpu.json', 'node-cpu', 'Payments CPU (team B)', 'team B takes node-cpu uid');
    const ours = await emptyWorkspace();
    await writeJson(ours, 'dashboards/infra/node-cpu.json', board('node-cpu', 'Node CPU'));
    await commitAll(ours, 'ours');

    const auto = await dashsync(handle, ours, ['apply', '--auto-approve']);
    expect(auto.code).toBe(1);
    expect(lines(auto.stderr)).toContain(
      `conflict: node-cpu "Payments CPU (team B)" (dashboards/infra/node-cpu.json, titled "Node CPU" there) was saved by dashsync from commit ${theirs} "team B takes node-cpu uid", ` +
        "which this repository does not have (not fetched yet, or another repository's), and no one reviewed a plan that moves it back (--auto-approve without a plan file); left untouched. " +
        "To know whose it is: git fetch origin '+refs/heads/*:refs/remotes/origin/*', then dashsync plan (a branch of this repository's then shows as not in this branch); " +
        'to take it anyway: dashsync plan --out plan.json, review it (it shows it as not in this clone), then dashsync apply plan.json; or dashsync apply --auto-approve --force',
    );
    const kept = await getDashboard(handle, 'node-cpu');
    expect(kept.dashboard.title).toBe('Payments CPU (team B)');
    expect(kept.meta.folderUid).toBe(PAYMENTS);
    // Nor is our folder made for it alone.
    expect((await apiRequest(handle, 'GET', `/api/folders/${deriveFolderUid('infra')}`)).status).toBe(404);

    const forced = await dashsync(handle, ours, ['apply', '--auto-approve', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await getDashboard(handle, 'node-cpu')).dashboard.title).toBe('Node CPU');
  });

  it('walk-62 H3: a held move out of a folder the tree does not hold says what its pull makes of that folder, and another uid for a collision', async () => {
    refuseStaleDist();
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'data-team', title: 'Data Team' })).status).toBe(200);
    const made = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: board('data-etl', 'ETL jobs'), folderUid: 'data-team' });
    expect(made.status, made.text).toBe(200);
    const ours = await emptyWorkspace();
    await writeJson(ours, 'dashboards/platform/ours-data-etl.json', board('data-etl', 'Ours data-etl'));
    await commitAll(ours, 'collide');

    const auto = await dashsync(handle, ours, ['apply', '--auto-approve']);
    expect(auto.code).toBe(1);
    const conflict = lines(auto.stderr).find((line) => line.startsWith('conflict: data-etl'));
    expect(conflict).toContain(
      "To keep the edit: dashsync pull data-etl to take it into the tree with Grafana's folder (where the move is yours and not applied yet, pull refuses and says how to merge the two). " +
        'That pull makes folder "Data Team" (data-team), which no directory of this tree holds, this tree\'s: a prune would then delete the dashboards there that no file holds. ' +
        'If your file only took a uid that lives there (a collision), give your file another uid instead; to overwrite it: ',
    );
    expect((await getDashboard(handle, 'data-etl')).meta.folderUid).toBe('data-team');
  });

  it('walk-62 M3: a create into a derived folder another repository deploys to warns at the create', async () => {
    refuseStaleDist();
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const theirs = await teamBApplied(handle, 'dashboards/shared/pay-overview.json', 'pay-overview', 'Shared overview');
    const ours = await emptyWorkspace();
    await writeJson(ours, 'dashboards/shared/ours-shared.json', board('ours-shared', 'Our shared view'));
    await commitAll(ours, 'ours');

    const plan = await dashsync(handle, ours, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout)).toContain(
      `  ! folder of another repository: folder "shared" (${deriveFolderUid('shared')}) already holds 1 dashboard another dashsync repository pushed (commit ${theirs}), ` +
        'and this plan creates dashboards in it, as directory dashboards/shared derives the same uid: give dashboards/shared a _folder.json with a uid of its own',
    );
  });

  it("review-63 M3: in a shallow clone, this repository's own earlier push in the folder a create goes into is no other repository's, only maybe", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const origin = await emptyWorkspace();
    await writeJson(origin, 'dashboards/team/a.json', board('team-a', 'A'));
    await writeJson(origin, 'dashboards/team/b.json', board('team-b', 'B'));
    await commitAll(origin, 'team');
    expect((await dashsync(handle, origin, ['apply', '--auto-approve'])).code).toBe(0);
    const pushed = (await git(origin, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    // b's file goes (prune off: b stays in Grafana, pushed from a commit the shallow clone lacks); c is a create in the same folder.
    await git(origin, 'rm', '-q', 'dashboards/team/b.json');
    await commitAll(origin, 'b retired');
    await writeJson(origin, 'dashboards/team/c.json', board('team-c', 'C'));
    await commitAll(origin, 'c');
    const shallow = await mkdtemp(join(tmpdir(), 'dashsync-shallow-'));
    onTestFinished(() => rm(shallow, { recursive: true, force: true }));
    await git(shallow, 'clone', '-q', '--depth', '1', `file://${origin}`, '.');

    const full = await dashsync(handle, origin, ['plan']);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).not.toContain('folder team');
    expect(full.stdout).not.toContain('another dashsync repository');
    const plan = await dashsync(handle, shallow, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain('another dashsync repository pushed');
    expect(lines(plan.stdout)).toContainEqual(
      expect.stringContaining(
        `! folder ${deriveFolderUid('team')} (directory dashboards/team): dashsync last pushed 1 dashboard in it from commit ${pushed}, which this shallow clone does not have: ` +
          'if another repository deploys there, this plan would create dashboards in its folder. Fetch the full history (git fetch --unshallow',
      ),
    );
  });

  it('walk-62 M5/M9: --prune all leaves what externalFolders lists, in one note; taken out of the list, it deletes it as from another repository', async () => {
    refuseStaleDist();
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const teamB = await emptyWorkspace();
    await writeJson(teamB, 'dashboards/payments/pay-api.json', board('pay-api', 'Payments API'));
    await commitAll(teamB, 'team B dashboards');
    expect((await dashsync(handle, teamB, ['apply'])).code).toBe(0);
    const theirs = (await git(teamB, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const ours = await emptyWorkspace();
    await writeJson(ours, 'dashboards/platform/ours.json', board('ours-1', 'Ours'));
    await writeJson(ours, 'dashsync.config.json', { externalFolders: [PAYMENTS] });
    await commitAll(ours, 'ours');
    // Team B's library panel no dashboard uses yet: no prune scope here takes it, nor reads who uses it.
    const panel = await apiRequest(handle, 'POST', '/api/library-elements', { uid: 'lp-pay', name: 'Payments rate', kind: 1, folderUid: PAYMENTS, model: { type: 'stat', title: 'rate' } });
    expect(panel.status, panel.text).toBe(200);
    handle.clearRequests();

    const plan = await dashsync(handle, ours, ['plan', '--prune', 'all']);
    expect(plan.code, plan.stderr).toBe(0);
    const out = lines(plan.stdout);
    expect(out.filter((line) => line.startsWith('- delete'))).toEqual([]);
    expect(out).toContain(
      `  not pruned: 1 dashboard and 1 library panel without a file in folder "payments" (${PAYMENTS}), which "externalFolders" in dashsync.config.json lists (or a folder above it) as another tree's: ` +
        'pay-api "Payments API", library panel lp-pay "Payments rate". Prune never takes what is in those folders, in any scope',
    );
    expect(out.at(-1)).toBe('Plan: 1 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged, 2 not pruned (in externalFolders; see the note). Folders: 1 to create.');
    expect(handle.requests().map((request) => request.path).filter((path) => path.includes('pay-api') || path.includes('lp-pay'))).toEqual([]);
    const json = JSON.parse((await dashsync(handle, ours, ['plan', '--prune', 'all', '--format', 'json'])).stdout);
    expect(json.summary.externalFolders).toBe(2);
    expect(json.warnings).toContainEqual(expect.objectContaining({ kind: 'note', code: 'external-folders' }));
    const applied = await dashsync(handle, ours, ['apply', '--prune', 'all', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await getDashboard(handle, 'pay-api')).status).toBe(200);

    // Out of the list, --prune all takes it, naming the commit this repository does not have.
    await writeJson(ours, 'dashsync.config.json', {});
    await commitAll(ours, 'no external folders');
    const unlisted = await dashsync(handle, ours, ['plan', '--prune', 'all']);
    expect(unlisted.code, unlisted.stderr).toBe(0);
    expect(lines(unlisted.stdout)).toContainEqual(expect.stringMatching(/^- delete +"Payments API" \(uid pay-api, live version 1\)/));
    expect(unlisted.stdout).toContain(`pay-api "Payments API" (version 1) was saved by dashsync from commit ${theirs} "team B dashboards", which this repository does not have`);
  });
});
