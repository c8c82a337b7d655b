import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git } from '../pull/pull-fixture.js';
import { emptyWorkspace } from '../e2e/apply/workspace.js';
import { dashsync, writeJson } from '../e2e/plan/plan-fixture.js';
import { runAction } from './run-action.js';

const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

// nl-60: nl-59b made the Action's line for a prune delete it could not check name the checkout's fetch-depth; the plan's older
// shallow-history lines still told the Action's reader to run `git fetch --unshallow`, which a job's next run never does.
describe('the Action planning in a shallow checkout whose history a prune needs', () => {
  it("says every shallow-history line in the Action's words: set fetch-depth: 0 on this job's checkout step, never git fetch --unshallow", async () => {
    const sandbox = await startTestSandbox();
    const origin = await emptyWorkspace();
    await writeJson(origin, 'dashboards/ops/overview.json', board('ops-overview', 'Ops overview'));
    await writeJson(origin, 'dashboards/keep/k.json', board('kept', 'Kept'));
    await commitAll(origin, 'first');
    expect((await dashsync(sandbox, origin, ['apply'])).code).toBe(0);
    await git(origin, 'rm', '-q', '-r', 'dashboards/ops');
    await commitAll(origin, 'ops leaves');
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-checkout-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await git(dir, 'clone', '-q', '--depth', '1', `file://${origin}`, 'ws');

    const token = await sandbox.createToken('Admin');
    const run = await runAction(join(dir, 'ws'), { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', prune: 'folders', 'plan-file': 'out/plan.json' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const shown = run.stdout + run.summary;
    expect(shown).toContain("Set fetch-depth: 0 on this job's actions/checkout step and push that change: a full clone prunes what its history shows to be this tree's.");
    expect(shown).toContain("so this plan may delete less than one made in a full clone; set fetch-depth: 0 on this job's actions/checkout step and push that change");
    expect(shown).not.toContain('git fetch --unshallow');
    expect(shown).not.toContain('in the GitHub Action');

    // The CLI's plan of the same clone keeps its own words.
    const cli = await dashsync(sandbox, join(dir, 'ws'), ['plan', '--prune']);
    expect(cli.stdout).toContain('Fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and plan again: a full clone prunes');
  });
});
