import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { readPlanFile } from '../../src/plan/plan-file.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { makeWorkspace, runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

const CLI_WORDS = '1 not pruned (at the General level, which --prune folders never deletes; --prune all deletes those no other tool owns): stray "Stray"';
const ACTION_WORDS = '1 not pruned (at the General level, which prune: folders never deletes; prune: all (the "prune" input) deletes those no other tool owns): stray "Stray"';

// review-56 F7: a saved plan's advice was worded once, for the shell that made it: the Action's plan artifact shown with
// `dashsync show` named the Action's "prune" input, and a plan made on a laptop rendered by the Action named --prune.
describe('a saved plan speaks the words of the shell that prints it, not of the one that made it', () => {
  it("the Action's plan artifact, shown by the CLI (text and markdown): the CLI's flags", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await saveLive(sandbox, { uid: 'stray', title: 'Stray', panels: [] }, '', 'ui');
    const planned = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', prune: 'folders' });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(ACTION_WORDS);

    const shown = await runCliInProcess(['show', 'dashsync-plan.json'], { cwd: workspace, env: {} });
    expect([shown.code, shown.stderr]).toEqual([0, '']);
    expect(shown.stdout).toContain(`! ${CLI_WORDS}`);
    expect(shown.stdout).not.toContain('"prune" input');
    const markdown = await runCliInProcess(['show', '--format', 'markdown', 'dashsync-plan.json'], { cwd: workspace, env: {} });
    expect(markdown.stdout).toContain('--prune all deletes');
    expect(markdown.stdout).not.toContain('"prune" input');
  });

  it("the CLI's plan, printed in the Action's words: its inputs", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-words-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeJson(dir, 'dashboards/team/svc.json', { uid: 'svc', title: 'Service', panels: [] });
    await saveLive(sandbox, { uid: 'stray', title: 'Stray', panels: [] }, '', 'ui');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const planned = await runCliInProcess(['plan', '--root', 'dashboards', '--prune', 'folders', '--out', 'plan.json'], { cwd: dir, env });
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain(CLI_WORDS);

    // What the Action prints of a plan (publishPlan's text), given this one.
    const plan = await readPlanFile('plan.json', dir);
    const text = renderPlanText(plan, { color: false, shell: 'action' });
    expect(text).toContain(`! ${ACTION_WORDS}`);
    expect(text).not.toContain('--prune');
  });
});
