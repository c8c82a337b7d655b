import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git, makeWorkDir } from '../pull/pull-fixture.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (uid: string, description = '') => ({ uid, title: uid, description, schemaVersion: 39, panels: [] });

/** The repository's branch (main) applied to the sandbox by an Admin token: the state a pull request starts from. */
async function applyFromMain(sandbox: Pick<SandboxHandle, 'url' | 'createToken'>, origin: string) {
  const main = (await git(origin, 'rev-parse', '--abbrev-ref', 'HEAD')).trim();
  const token = await sandbox.createToken('Admin');
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token };
  expect((await runCliInProcess(['apply', '--auto-approve'], { cwd: origin, env })).code).toBe(0);
  return { main, token, env };
}

/** A pull request (branch feature, one commit of `change`) and GitHub's test merge of it into main, checked out detached. */
async function checkOutTestMerge(origin: string, main: string, change: () => Promise<void>): Promise<void> {
  await git(origin, 'checkout', '-q', '-b', 'feature');
  await change();
  await commitAll(origin, 'pushed: description');
  await git(origin, 'checkout', '-q', '--detach', main);
  await git(origin, 'merge', '-q', '--no-ff', '-m', 'test merge', 'feature');
}

/** The apply workflow's run on the push of the merge: a depth-1 checkout of `main`, the pull request's plan downloaded into its root. */
async function applyPushedMerge(push: { origin: string; main: string; artifact: string; grafanaUrl: string; token: string; merged: string }) {
  const checkout = await makeWorkDir();
  await git(checkout, 'clone', '-q', '--depth', '1', '--branch', push.main, `file://${push.origin}`, '.');
  await copyFile(push.artifact, join(checkout, 'plan.json'));
  return runAction(
    checkout,
    { command: 'apply', 'grafana-url': push.grafanaUrl, 'grafana-token': push.token, 'plan-file': 'plan.json' },
    { GITHUB_SHA: push.merged, GITHUB_EVENT_NAME: 'push' },
  );
}

// small-46: the note of a saved plan applied after HEAD moved was the CLI's only; the Action's apply said nothing of it.
// walk-59 M3: it asked for a push for a file the previous merge's own apply had deployed: it says that merge's run deploys it.
describe('the Action applying a saved plan after HEAD moved', () => {
  it('puts a notice on each file changed since that the plan does not push (10, then a count), and the note in the job summary', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const uids = Array.from({ length: 12 }, (_, index) => `later-${String(index).padStart(2, '0')}`);
    const write = (uid: string, description = '') => writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    for (const uid of ['pushed', ...uids]) await write(uid);
    await commitAll(dir, 'dashboards');
    const token = await sandbox.createToken('Admin');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token };
    expect((await runCliInProcess(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    await write('pushed', 'in the plan');
    await commitAll(dir, 'pushed: description');
    expect((await runCliInProcess(['plan', '--out', 'plan.json'], { cwd: dir, env })).code).toBe(0);
    for (const uid of uids) await write(uid, 'after the plan');
    await commitAll(dir, 'twelve more');
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();

    const run = await runAction(
      dir,
      { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'plan-file': 'plan.json' },
      { GITHUB_SHA: head },
    );

    expect(run.code, run.stderr).toBe(0);
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice '));
    expect(notices).toEqual([
      ...uids.slice(0, 10).map((uid) => `::notice title=dashsync not in this plan,file=dashboards/${uid}.json::changed since this plan was made, and the plan does not push it; where a pull request merged since changed it, the apply of that merge's own run deploys it (or did already); otherwise a re-run of job "dashsync" applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans it`),
      '::notice title=dashsync not in this plan::and 2 more files changed since this plan was made that it does not push; where a pull request merged since changed them, the apply of that merge\'s own run deploys them (or did already); otherwise a re-run of job "dashsync" applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans them',
    ]);
    expect(run.summary).toContain(
      '> [!NOTE]\n> note: 12 files changed since this plan was made that it does not push (dashboards/later-00.json, dashboards/later-01.json, dashboards/later-02.json, dashboards/later-03.json, dashboards/later-04.json, and 7 more); where a pull request merged since changed them, the apply of that merge\'s own run deploys them (or did already); otherwise a re-run of job "dashsync" applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans them\n',
    );
  });

  it("the reviewed plan of a pull request applied after the merge: its commit (GitHub's test merge) is not in the push's checkout, so the plan's digests tell what main changed since", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const origin = await makeWorkDir();
    await mkdir(join(origin, 'dashboards'));
    const write = (uid: string, description = '') => writeFile(join(origin, `dashboards/${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    for (const uid of ['pushed', 'other', 'same']) await write(uid);
    await commitAll(origin, 'dashboards');
    const { main, token, env } = await applyFromMain(sandbox, origin);

    // The pull request changes one dashboard; its plan is made at GitHub's test merge of it into main.
    await checkOutTestMerge(origin, main, () => write('pushed', 'in the plan'));
    expect((await runCliInProcess(['plan', '--out', 'plan.json'], { cwd: origin, env })).code).toBe(0);
    const artifact = join(await makeWorkDir(), 'plan.json');
    await copyFile(join(origin, 'plan.json'), artifact);
    await git(origin, 'checkout', '-q', '.');
    await git(origin, 'clean', '-qfd');

    // Main moves on (another pull request: one dashboard changed, one added), then the pull request is merged.
    await git(origin, 'checkout', '-q', main);
    await write('other', 'changed on main');
    await write('added');
    await commitAll(origin, 'main moves on');
    await git(origin, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #7', 'feature');
    const merged = (await git(origin, 'rev-parse', 'HEAD')).trim();

    // The apply workflow's checkout of the push (depth 1), with the pull request's plan downloaded into it.
    const run = await applyPushedMerge({ origin, main, artifact, grafanaUrl: sandbox.url, token, merged });

    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain('**Applied: 0 created, 1 updated, 0 moved, 0 deleted');
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice '));
    expect(notices).toEqual(
      ['added', 'other'].map((uid) => `::notice title=dashsync not in this plan,file=dashboards/${uid}.json::changed since this plan was made, and the plan does not push it; where a pull request merged since changed it, the apply of that merge's own run deploys it (or did already); otherwise a re-run of job "dashsync" applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans it`),
    );
    expect(run.summary).toContain('> [!NOTE]\n> note: 2 files changed since this plan was made that it does not push (dashboards/added.json, dashboards/other.json); where a pull request merged since changed them, the apply of that merge\'s own run deploys them (or did already); otherwise a re-run of job "dashsync" applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans them\n');
  });

  // review-52 F1: with `"root": "."` the digests counted the config file and package.json as changed since the plan, so every
  // apply after a merge got a false note, and the pushes' content notes lost the commit (find-source-commit needs none left).
  it('with `"root": "."`: the config file and another tool\'s file (package.json) are no dashboard changed since: no note, and the content note names the commit', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const origin = await makeWorkDir();
    const write = (uid: string, description = '') => writeFile(join(origin, `${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    const manifest = (version: string) => writeFile(join(origin, 'package.json'), `${JSON.stringify({ name: 'dashboards', version, private: true }, null, 2)}\n`);
    await writeFile(join(origin, 'dashsync.config.json'), `${JSON.stringify({ root: '.' }, null, 2)}\n`);
    await manifest('1.0.0');
    await write('pushed');
    await commitAll(origin, 'dashboards');
    const { main, token, env } = await applyFromMain(sandbox, origin);

    await checkOutTestMerge(origin, main, () => write('pushed', 'in the plan'));
    const artifact = join(await makeWorkDir(), 'plan.json');
    expect((await runCliInProcess(['plan', '--out', artifact], { cwd: origin, env })).code).toBe(0);

    // Main moves on in another tool's file only, then the pull request is merged.
    await git(origin, 'checkout', '-q', main);
    await manifest('1.0.1');
    await commitAll(origin, 'release 1.0.1');
    await git(origin, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #8', 'feature');
    const merged = (await git(origin, 'rev-parse', 'HEAD')).trim();

    // The downloaded plan lands in the root too: a file of the tree that is no dashboard either.
    const run = await applyPushedMerge({ origin, main, artifact, grafanaUrl: sandbox.url, token, merged });

    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain('**Applied: 0 created, 1 updated, 0 moved, 0 deleted');
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::notice '))).toEqual([]);
    expect(run.summary).not.toContain('changed since this plan was made');
    const versions = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/pushed/versions?limit=1');
    const newest = (Array.isArray(versions.body) ? versions.body : versions.body.versions)[0];
    const message = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/pushed/versions/${newest.version}`)).body.message as string;
    expect(message).toContain(`[commit ${merged}] [content sha256:`);
  });
});
