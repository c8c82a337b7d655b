import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { pasteInShell } from '../../helpers/paste-in-shell.js';
import { renderScreen, runInTerminal } from '../../helpers/terminal.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, editJson, lines, writeJson } from '../plan/plan-fixture.js';
import { getDashboard } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * review-63 M2: a branch of this same repository, which this clone has not fetched (a --single-branch clone), moved a
 * dashboard into a directory of its own and applied it. A folder no directory of this tree holds is no evidence of another
 * repository: the plan says the commit is not in this clone (not fetched yet, or another repository's) and advises the fetch,
 * never "give it another uid" (a second copy of the same dashboard). An apply no one reviewed holds it (review-64 M1): it
 * cannot tell that branch from another repository.
 */
describe('a dashboard another branch of this repository moved into a new directory and applied, not fetched here', () => {
  it("is not called another repository's; an unreviewed apply holds it, a reviewed plan takes it", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const { origin, clone } = await cloneBeforeBranch(handle);
    await mkdir(join(origin, 'dashboards/payments'), { recursive: true });
    await rename(join(origin, 'dashboards/infra/node-cpu.json'), join(origin, 'dashboards/payments/node-cpu.json'));
    await commitAll(origin, 'node-cpu moves to payments');
    const fromBranch = await dashsync(handle, origin, ['apply', '--auto-approve']);
    expect(fromBranch.code, fromBranch.stderr).toBe(0);
    const commit = (await git(origin, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const plan = await dashsync(handle, clone, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain('from another repository');
    expect(plan.stdout).not.toContain('give it another uid');
    expect(lines(plan.stdout)).toContainEqual(
      expect.stringContaining(
        `! not in this clone: node-cpu "Node CPU" (version 2) was saved by dashsync from commit ${commit} "node-cpu moves to payments", ` +
          "which this repository does not have (not fetched yet, or another repository's)",
      ),
    );
    expect(plan.stdout).toContain('Fetch every branch (git fetch origin \'+refs/heads/*:refs/remotes/origin/*\') and plan again to know');

    expect(plan.stdout).toContain("Fetch every branch (git fetch origin '+refs/heads/*:refs/remotes/origin/*') and plan again to know; an apply no one reviewed leaves it untouched");

    // review-65a M1: at a terminal the move an unreviewed apply holds is asked about, even as the only loss; "no" writes nothing.
    refuseStaleDist();
    const env = cleanEnv({ GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
    const run = runInTerminal(`exec '${process.execPath}' '${CLI_PATH}' apply`, { cwd: clone, env });
    await run.shows("Only 'yes' will be accepted: ");
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });
    expect(renderScreen(run.output()).lines).toContain(
      "This apply changes back 1 dashboard saved from a commit this clone does not have (not in this clone: not fetched yet, or another repository's); " +
        '--auto-approve applies without asking, keeping the dashboards saved from commits this clone does not have as conflicts (add --force to take them).',
    );
    expect((await getDashboard(handle, 'node-cpu')).meta.folderUid).not.toBe('infra');

    // review-64 M1: an unfetched branch and another repository look alike here, so the apply no one reviewed holds the move.
    const apply = await dashsync(handle, clone, ['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(1);
    expect(apply.stderr).not.toContain("is another repository's");
    expect(lines(apply.stderr)).toContain(
      `conflict: node-cpu "Node CPU" (dashboards/infra/node-cpu.json) was saved by dashsync from commit ${commit} "node-cpu moves to payments", ` +
        "which this repository does not have (not fetched yet, or another repository's), and no one reviewed a plan that moves it back (--auto-approve without a plan file); left untouched. " +
        "To know whose it is: git fetch origin '+refs/heads/*:refs/remotes/origin/*', then dashsync plan (a branch of this repository's then shows as not in this branch); " +
        'to take it anyway: dashsync plan --out plan.json, review it (it shows it as not in this clone), then dashsync apply plan.json; or dashsync apply --auto-approve --force',
    );
    expect((await getDashboard(handle, 'node-cpu')).meta.folderUid).not.toBe('infra');

    // After the advised fetch, pasted as printed (a plain git fetch here brings main only: review-65a L1), the plan knows it
    // for this repository's branch; a reviewed plan (or --force) takes it back.
    const advised = /To know whose it is: (.+), then dashsync plan /.exec(apply.stderr)![1]!;
    expect((await pasteInShell(handle, clone, advised)).code).toBe(0);
    const fetched = await dashsync(handle, clone, ['plan']);
    expect(fetched.stdout).toContain('! not in this branch: node-cpu');
    expect((await dashsync(handle, clone, ['plan', '--out', 'plan.json'])).code).toBe(0);
    const reviewed = await dashsync(handle, clone, ['apply', 'plan.json']);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect((await getDashboard(handle, 'node-cpu')).meta.folderUid).toBe('infra');
  });

  it('a dashboard that branch made: an unreviewed apply --prune holds its delete, a reviewed plan takes it (review-65a M5)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const { clone, commit } = await payBoardApplied(handle);

    const plan = await dashsync(handle, clone, ['plan', '--prune']);
    expect(lines(plan.stdout)).toContainEqual(expect.stringMatching(/^ {2}! not in this clone: pay "Payments" .*it deletes it \(this branch has no file for it\)\. .*; an apply no one reviewed leaves it untouched$/));

    const apply = await dashsync(handle, clone, ['apply', '--prune', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(1);
    expect(lines(apply.stderr)).toContain(
      `conflict: pay "Payments" was saved by dashsync from commit ${commit} "payments board", which this repository does not have (not fetched yet, or another repository's), ` +
        'and no one reviewed a plan that deletes it (--auto-approve without a plan file); left untouched. ' +
        "To know whose it is: git fetch origin '+refs/heads/*:refs/remotes/origin/*', then dashsync plan --prune (a branch of this repository's then shows as not in this branch); " +
        'to take it anyway: dashsync plan --prune --out plan.json, review it (it shows it as not in this clone), then dashsync apply plan.json; or dashsync apply --prune --auto-approve --force',
    );
    expect((await getDashboard(handle, 'pay')).status).toBe(200);

    expect((await dashsync(handle, clone, ['plan', '--prune', '--out', 'plan.json'])).code).toBe(0);
    const reviewed = await dashsync(handle, clone, ['apply', 'plan.json']);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect((await getDashboard(handle, 'pay')).status).toBe(404);
  });

  it('a uid changed in place whose old delete an unreviewed apply holds as not in this clone: the new uid is not created either (review-66b M3)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { origin, clone } = await cloneBeforeBranch(handle);
    await editJson(origin, 'dashboards/infra/node-cpu.json', (model) => {
      model.description = 'from the payments branch';
    });
    await commitAll(origin, 'payments edits node-cpu');
    expect((await dashsync(handle, origin, ['apply', '--auto-approve'])).code).toBe(0);
    await editJson(clone, 'dashboards/infra/node-cpu.json', (model) => {
      model.uid = 'node-cpu-2';
    });
    await commitAll(clone, 'node-cpu gets a new uid');

    const apply = await dashsync(handle, clone, ['apply', '--prune', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(1);
    expect(lines(apply.stdout)).toContainEqual(expect.stringMatching(/^skipped: node-cpu-2: not created: dashboards\/infra\/node-cpu\.json changed its uid node-cpu → node-cpu-2, and the delete of node-cpu is held \(its conflict says why and what to do\)$/));
    expect(lines(apply.stderr)).toContainEqual(expect.stringMatching(/^conflict: node-cpu "Node CPU" was saved by dashsync from commit [0-9a-f]{12} "payments edits node-cpu", which this repository does not have/));
    expect((await getDashboard(handle, 'node-cpu-2')).status).toBe(404);
    expect((await getDashboard(handle, 'node-cpu')).status).toBe(200);
  });

  it("pull <uid> of a dashboard that branch made says the commit is not in this clone (not fetched yet, or another repository's), never only another repository's (fix-63b leftover)", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const { clone, commit } = await payBoardApplied(handle);

    const pulled = await dashsync(handle, clone, ['pull', 'pay']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).not.toContain('(another repository)');
    expect(lines(pulled.stderr)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^note: 1 dashboard was last pushed by dashsync from commit ${commit}, which this repository does not have \\(not fetched yet, or another repository's\\): ` +
            "fetch every branch \\(git fetch origin '\\+refs/heads/\\*:refs/remotes/origin/\\*'\\) to know; if a branch of this repository pushed it, its file comes with that branch \\(remove the one this pull wrote before merging it\\)",
        ),
      ),
    );
  });
});

/** cloneBeforeBranch, then branch "payments" adds dashboards/infra/pay.json (uid pay) and applies it: its commit, short. */
async function payBoardApplied(handle: Awaited<ReturnType<typeof startTestSandbox>>): Promise<{ clone: string; commit: string }> {
  const { origin, clone } = await cloneBeforeBranch(handle);
  await writeJson(origin, 'dashboards/infra/pay.json', { uid: 'pay', title: 'Payments', panels: [] });
  await commitAll(origin, 'payments board');
  expect((await dashsync(handle, origin, ['apply', '--auto-approve'])).code).toBe(0);
  return { clone, commit: (await git(origin, 'rev-parse', 'HEAD')).trim().slice(0, 12) };
}

/** The basic tree on main, applied; a --single-branch clone of main; then the origin on a new branch "payments", which the clone never fetches. */
async function cloneBeforeBranch(handle: Awaited<ReturnType<typeof startTestSandbox>>): Promise<{ origin: string; clone: string }> {
  const origin = await copyFixture('basic');
  await commitAll(origin, 'base');
  await git(origin, 'branch', '-M', 'main');
  expect((await dashsync(handle, origin, ['apply', '--auto-approve'])).code).toBe(0);
  const clone = await mkdtemp(join(tmpdir(), 'dashsync-unfetched-'));
  onTestFinished(() => rm(clone, { recursive: true, force: true }));
  await git(clone, 'clone', '-q', '--single-branch', '--branch', 'main', origin, '.');
  await git(origin, 'checkout', '-q', '-b', 'payments');
  return { origin, clone };
}
