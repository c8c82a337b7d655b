import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { runAction } from './run-action.js';

const model = (uid: string) => ({ uid, title: uid, schemaVersion: 39, panels: [] });

// followup-53: with `path: .` the default plan-file (dashsync-plan.json, in the workspace's root) is inside the tree, and
// plan refused to write it ("every *.json file is read as a dashboard ... e.g. --out plan.json", a CLI flag), so the Action's
// plan failed with its own defaults. A tree reads dashsync's plan file as no dashboard: it is written, and applied.
describe('the Action with the tree in the repository root (path: .)', () => {
  it('plans into the default plan-file in the root, a later plan reads the tree with it there, and apply applies it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await mkdtemp(join(tmpdir(), 'dashsync-action-root-'));
    onTestFinished(() => rm(workspace, { recursive: true, force: true }));
    await writeFile(join(workspace, 'package.json'), `${JSON.stringify({ name: 'dashboards', private: true, version: '1.0.0' }, null, 2)}\n`);
    await writeFile(join(workspace, 'service.json'), `${JSON.stringify(model('service'), null, 2)}\n`);
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token, path: '.' };

    const plan = await runAction(workspace, { ...inputs, command: 'plan' });
    expect(plan.stdout).not.toContain('::error');
    expect([plan.code, plan.outputs['plan-file'], plan.outputs.creates]).toEqual([0, 'dashsync-plan.json', '1']);
    const saved = JSON.parse(await readFile(join(workspace, 'dashsync-plan.json'), 'utf8'));
    expect(saved.actions.filter((action: { kind: string }) => action.kind === 'dashboard').map((action: { file: string }) => action.file)).toEqual(['service.json']);

    // The plan file is in the tree now: planned again, it is neither a dashboard nor an error.
    const again = await runAction(workspace, { ...inputs, command: 'plan', 'plan-file': 'again.json' });
    expect([again.code, again.outputs.creates, again.stdout.includes('::error')]).toEqual([0, '1', false]);

    const apply = await runAction(workspace, { ...inputs, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.stdout).not.toContain('::error');
    expect([apply.code, apply.outputs.creates]).toEqual([0, '1']);
    expect(apply.summary).toContain('**Applied: 1 created, 0 updated, 0 moved, 0 deleted');
  });
});
