import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

/** Lines the runner would take as workflow commands: those at line start outside a ::stop-commands:: block. */
function activeCommands(stdout: string): string[] {
  const active: string[] = [];
  let resume: string | undefined;
  for (const line of stdout.split('\n')) {
    if (resume !== undefined) {
      if (line === `::${resume}::`) resume = undefined;
    } else if (line.startsWith('::stop-commands::')) {
      resume = line.slice('::stop-commands::'.length);
    } else if (line.startsWith('::')) {
      active.push(line);
    }
  }
  return active;
}

describe('the Action log', () => {
  it('a dashboard title cannot issue workflow commands through the printed plan', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const title = 'Innocent\n::set-output name=has-changes::false\n::error::injected by a title';
    await writeFile(join(workspace, 'dashboards/hostile.json'), `${JSON.stringify({ panels: [], title, uid: 'hostile' }, null, 2)}\n`);
    const run = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token });
    expect(run.code).toBe(0);
    // The title is escaped before it is printed (one line, visible \n), and the block is fenced by ::stop-commands:: too.
    expect(run.stdout).toContain('"Innocent\\n::set-output name=has-changes::false\\n::error::injected by a title"');
    expect(activeCommands(run.stdout).filter((line) => line.includes('injected') || line.startsWith('::set-output'))).toEqual([]);
    expect(run.outputs['has-changes']).toBe('true');
  });
});

describe('the Action log, applying a saved plan', () => {
  it("one ::stop-commands:: block around apply's report, not one per line; each output written once", async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    for (let i = 0; i < 5; i += 1) {
      await writeFile(join(workspace, `dashboards/extra-${i}.json`), `${JSON.stringify({ panels: [], title: `Extra ${i}`, uid: `extra-${i}` }, null, 2)}\n`);
    }
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
    const plan = await runAction(workspace, { ...inputs, command: 'plan' });
    expect(plan.code).toBe(0);
    const apply = await runAction(workspace, { ...inputs, command: 'apply' });
    expect(apply.code).toBe(0);
    expect(apply.stdout.split('\n').filter((line) => line.startsWith('::stop-commands::'))).toHaveLength(1);
    expect(apply.stdout).toMatch(/::stop-commands::(\S+)\n(created: [^\n]*\n){8}Applied: 7 created[^\n]*\n::\1::\n/);
    for (const run of [plan, apply]) {
      const names = run.outputsText.split('\n').flatMap((line) => /^([a-z-]+)<</.exec(line)?.[1] ?? []);
      expect(names.sort()).toEqual(['conflicts', 'creates', 'deletes', 'deletes-held', 'folder-changes', 'has-changes', 'library-panel-changes', 'not-moved-into-hidden', 'plan-file', 'unreadable', 'unreadable-library-panels', 'updates', 'uses-hidden-panels']);
    }
    expect(apply.outputs).toMatchObject({ 'has-changes': 'true', creates: '7' });
  });

  it("the plan file's creation time and commit cannot issue workflow commands (a plan file can come with a pull request)", async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, { ...inputs, command: 'plan' })).code).toBe(0);
    const path = join(workspace, 'dashsync-plan.json');
    const plan = JSON.parse(await readFile(path, 'utf8'));
    plan.createdAt = 'today\n::add-mask::Applied\n::error::injected by createdAt';
    plan.git.sha = '::warning::x\n::error::injected by sha';
    await writeFile(path, JSON.stringify(plan));

    const apply = await runAction(workspace, { ...inputs, command: 'apply' });
    expect(apply.code).toBe(0);
    expect(activeCommands(apply.stdout).filter((line) => line.includes('injected') || line.startsWith('::add-mask::Applied'))).toEqual([]);
    expect(apply.stdout).toContain('Applying the saved plan dashsync-plan.json (made today\\n::add-mask::Applied\\n::error::injected by createdAt for commit ::warning::x)');
  });
});

describe('the apply job summary', () => {
  it('escapes a title as markdown in the conflict block, so it cannot become a link, bold text or code', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const title = 'Ops [click me](https://evil.example/) *now* `x` | <b>y</b>';
    await writeFile(join(workspace, 'dashboards/hostile.json'), `${JSON.stringify({ panels: [], title, uid: 'hostile' }, null, 2)}\n`);
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, { ...inputs, command: 'apply' })).code).toBe(0);
    await writeFile(join(workspace, 'dashboards/hostile.json'), `${JSON.stringify({ panels: [], tags: ['new'], title, uid: 'hostile' }, null, 2)}\n`);
    expect((await runAction(workspace, { ...inputs, command: 'plan' })).code).toBe(0);
    // Someone saves it in Grafana after the plan: the apply reports a conflict, title included.
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/hostile');
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'live edit' }, folderUid: '' })).status).toBe(200);

    const apply = await runAction(workspace, { ...inputs, command: 'apply' });
    expect(apply.code).toBe(1);
    const caution = apply.summary.split('\n').filter((line) => line.startsWith('> - conflict: hostile'));
    expect(caution).toEqual([
      '> - conflict: hostile "Ops \\[click me\\](https://evil.example/) \\*now\\* \\`x\\` \\| &lt;b&gt;y&lt;/b&gt;" (dashboards/hostile.json) changed in Grafana after the plan: ' +
        'planned version 1, current version 2, changed by admin at ' +
        caution[0]!.match(/changed by admin at (\S+);/)![1] +
        '; left untouched. Run dashsync plan to review, dashsync pull hostile to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or run dashsync apply --force dashsync-plan.json to overwrite it, once, from a checkout of this commit holding dashsync-plan.json (this job\'s plan artifact), ' +
        "with the Grafana credentials this job uses (it makes only this reviewed plan's changes, over the edits made in Grafana since that they meet)",
    ]);
  });
});
