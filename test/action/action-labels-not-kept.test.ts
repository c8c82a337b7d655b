import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

// Grafana 12 keeps dashboards in its legacy SQL storage, which keeps none of a file's labels: after the first apply the
// file still differs from Grafana there, with nothing to write. The job summary must not say Grafana matches the tree.
const labelled = {
  apiVersion: 'dashboard.grafana.app/v1beta1',
  kind: 'Dashboard',
  metadata: { name: 'action-labelled', labels: { team: 'payments' } },
  spec: { panels: [], refresh: '', schemaVersion: 41, title: 'Labelled' },
};

describe('the Action on Grafana 12 (legacy SQL storage) with a file whose labels Grafana does not keep', () => {
  it('plan and apply summaries count it apart and never say Grafana matches the tree', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashboards/labelled.json'), `${JSON.stringify(labelled, null, 2)}\n`);
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards' };
    const first = await runAction(workspace, inputs);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // The plan the first step saved is applied; the next run plans afresh.
    await rm(join(workspace, 'dashsync-plan.json'));

    const second = await runAction(workspace, inputs);

    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.outputs).toMatchObject({ 'has-changes': 'false', creates: '0', updates: '0' });
    expect(second.summary).toContain('**Plan: no changes**\n\n2 unchanged, 1 with labels Grafana does not keep (nothing to write).');
    // Nothing new to say on a run that writes none of them: the count only, no NOTE or WARNING box.
    expect(second.summary.split('## dashsync apply')[0]).not.toContain('labels and annotations not kept');
    expect(second.summary.split('## dashsync apply')[0]).not.toContain('[!WARNING]');
    expect(second.summary).toContain(
      'Nothing to apply: Grafana matches the tree except the labels and annotations of 1 dashboard, which Grafana does not keep: nothing to write.',
    );
    expect(second.summary).not.toContain('already matches');
  });
});
