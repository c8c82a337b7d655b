import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { shallowCloneOfPrunedFolder } from '../helpers/shallow-clone-of-pruned-folder.js';
import { dashsync } from '../e2e/plan/plan-fixture.js';
import { runAction } from './run-action.js';

// nl-60: nl-59b made the Action's line for a prune delete it could not check name the checkout's fetch-depth; the plan's older
// shallow-history lines still told the Action's reader to run `git fetch --unshallow`, which a job's next run never does.
describe('the Action planning in a shallow checkout whose history a prune needs', () => {
  it("says every shallow-history line in the Action's words: set fetch-depth: 0 on this job's checkout step, never git fetch --unshallow", async () => {
    const sandbox = await startTestSandbox();
    const clone = await shallowCloneOfPrunedFolder(sandbox);
    const token = await sandbox.createToken('Admin');
    const run = await runAction(clone, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', prune: 'folders', 'plan-file': 'out/plan.json' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const shown = run.stdout + run.summary;
    expect(shown).toContain("Set fetch-depth: 0 on this job's actions/checkout step and push that change: a full clone prunes what its history shows to be this tree's.");
    expect(shown).toContain("so this plan may delete less than one made in a full clone; set fetch-depth: 0 on this job's actions/checkout step and push that change");
    expect(shown).not.toContain('git fetch --unshallow');
    expect(shown).not.toContain('in the GitHub Action');

    // The CLI's plan of the same clone keeps its own words.
    const cli = await dashsync(sandbox, clone, ['plan', '--prune']);
    expect(cli.stdout).toContain('Fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and plan again: a full clone prunes');
  });
});
