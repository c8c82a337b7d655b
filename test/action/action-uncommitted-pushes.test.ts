import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll } from '../pull/pull-fixture.js';
import { makeWorkspace, runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

// A job that edits a dashboard file before the apply step (a generator, a sed) pushes what no commit holds: the step says so,
// in its log (an annotation) and in the job summary's warnings, once, and the no-ops are not counted.
describe('the Action: a one-step apply of a dashboard file the checkout changed', () => {
  it('warns once that it pushed a file HEAD does not hold, in the log and the job summary', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await commitAll(workspace, 'the tree');
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token };
    const push = { GITHUB_EVENT_NAME: 'push' };
    expect((await runAction(workspace, inputs, push)).code).toBe(0);

    const overview = join(workspace, 'dashboards/overview.json');
    await writeFile(overview, (await readFile(overview, 'utf8')).replace('sum(up)', 'sum(up) by (job)'));
    await rm(join(workspace, 'dashsync-plan.json'));
    const dirty = await runAction(workspace, inputs, push);
    expect(dirty.code, dirty.stdout + dirty.stderr).toBe(0);
    const words = "1 dashboard was pushed from a file git's HEAD does not hold as it is (an edit not committed, or a file git does not track): dashboards/overview.json. No commit holds that version";
    expect(dirty.stdout.split(words).length - 1, dirty.stdout).toBe(1);
    expect(dirty.stdout).toMatch(new RegExp(`^::warning::${words.replace(/[()'.]/g, '\\$&')}`, 'm'));
    expect(dirty.summary).toContain(`> - ${words}: its version message says \\[uncommitted\\]`);
  });
});
